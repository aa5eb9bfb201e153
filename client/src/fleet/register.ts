// The fleet and the release flow in VS Code: the fleet panel, promotion, the Receiver's webhook and the Gitea
// Actions workflow. One table of commands, merged into the explorer's.
import type { CommandFactory } from '../commands';
import type { Ctx } from '../ctx';
import type { Explorer } from '../explorer/explorer';
import type { ServerHandle } from '../languageClient';
import { FleetPanel } from './panel';
import { promoteToProduction } from './promote';
import { ReceiverCommands } from './receiverCommands';

export function fleetCommands(ctx: Ctx, explorer: Explorer, server: ServerHandle): Record<string, CommandFactory> {
  const fleet = ctx.push(new FleetPanel(explorer, server));
  const receivers = new ReceiverCommands(explorer);
  return {
    'fluxGitops.showFleet': () => () => fleet.show(),
    'fluxGitops.promote': () => () => promoteToProduction(server),
    'fluxGitops.copyWebhookUrl': () => (node?: unknown) => receivers.copyWebhookUrl(node),
    'fluxGitops.createGiteaWorkflow': () => (node?: unknown) => receivers.createWorkflow(node),
  };
}

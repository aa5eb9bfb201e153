// The cluster explorer: tree view, status bar and cluster commands. Owned by the cluster feature.
// The view, status bar item and document providers are created here and owned by ctx; the returned table
// maps the command ids of package.json to their implementations.
import * as vscode from 'vscode';
import type { CommandFactory } from '../commands';
import type { Ctx } from '../ctx';
import type { ServerHandle } from '../languageClient';
import { ClusterCommands } from './commands';
import { Explorer } from './explorer';
import { LiveLenses } from './liveLens';
import { ActivityView } from './activity';
import { traceCommand } from './trace';
import { diffRenderedWithLive } from './renderedLive';
import { fleetCommands } from '../fleet/register';
import { ClusterSchemas } from './clusterSchemas';
import { ClusterChartAnswers, useClusterChart } from './clusterChart';

export function clusterCommands(ctx: Ctx, server: ServerHandle): Record<string, CommandFactory> {
  const explorer = ctx.push(new Explorer(ctx));
  const cmds = ctx.push(new ClusterCommands(explorer, server));
  const lenses = ctx.push(new LiveLenses(explorer, server));
  const activity = ctx.push(new ActivityView(explorer));
  const schemas = ctx.push(new ClusterSchemas(ctx, explorer, server));
  ctx.push(new ClusterChartAnswers(ctx, explorer, server));
  ctx.push(vscode.languages.registerCodeLensProvider([{ scheme: 'file', language: 'yaml' }], lenses));
  return {
    ...fleetCommands(ctx, explorer, server),
    'fluxGitops.refreshClusters': () => (node?: unknown) => cmds.refresh(node),
    'fluxGitops.reconcile': () => (node?: unknown) => cmds.reconcile(node),
    'fluxGitops.reconcileWithSource': () => (node?: unknown) => cmds.reconcileWithSource(node),
    'fluxGitops.suspend': () => (node?: unknown) => cmds.suspend(node),
    'fluxGitops.resume': () => (node?: unknown) => cmds.resume(node),
    'fluxGitops.helmForce': () => (node?: unknown) => cmds.helm(node, 'force'),
    'fluxGitops.helmReset': () => (node?: unknown) => cmds.helm(node, 'reset'),
    'fluxGitops.useClusterChart': () => (node?: unknown) => useClusterChart(explorer, server, node),
    'fluxGitops.forceSync': () => (node?: unknown) => cmds.forceSync(node),
    'fluxGitops.showLogs': () => (node?: unknown) => cmds.showLogs(node),
    'fluxGitops.showControllerLogs': () => (node?: unknown) => cmds.showControllerLogs(node),
    'fluxGitops.showEvents': () => (node?: unknown) => cmds.showEvents(node),
    'fluxGitops.openLive': () => (node?: unknown) => cmds.openLive(node),
    'fluxGitops.revealManifest': () => (node?: unknown) => cmds.revealManifest(node),
    'fluxGitops.compareWithLive': () => (node?: unknown) => cmds.compareWithLive(node),
    'fluxGitops.diffRenderedLive': () => (...args: unknown[]) => diffRenderedWithLive(explorer, server, args),
    'fluxGitops.revealLive': () => () => cmds.revealLive(),
    'fluxGitops.copyName': () => (node?: unknown) => cmds.copyName(node),
    'fluxGitops.useClusterSchemas': () => (node?: unknown) => schemas.use(node as never),
    'fluxGitops.trace': () => (node?: unknown) => traceCommand(explorer, explorer.traces, node),
    'fluxGitops.filterActivity': () => () => activity.pickFilter(),
    'fluxGitops.showMore': () => (node?: unknown) => node && explorer.model.depth.showMore(node as never),
    'fluxGitops.stopFollowingLogs': () => () => cmds.logs.stop(),
    'fluxGitops.toggleRawLogs': () => () => cmds.logs.toggleRaw(),
  };
}

// The command table: one entry per command of package.json `contributes.commands`, registered by one loop.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { ServerHandle } from './languageClient';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export function editorCommands(server: ServerHandle): Record<string, CommandFactory> {
  return {
    'fluxGitops.restartServer': () => () => server.restart(),
    'fluxGitops.showOutput': (ctx) => () => ctx.log.show(),
  };
}

export function registerCommands(ctx: Ctx, table: Record<string, CommandFactory>): void {
  for (const [name, factory] of Object.entries(table)) {
    const run = factory(ctx);
    ctx.push(vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (err) {
        ctx.error(`Command ${name} failed`, err);
        void vscode.window.showErrorMessage(`Flux GitOps: ${(err as Error).message}`);
        return undefined;
      }
    }));
  }
}

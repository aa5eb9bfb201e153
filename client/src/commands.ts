// The command table: one entry per command of package.json `contributes.commands`, registered by one loop.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { ServerHandle } from './languageClient';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export function editorCommands(server: ServerHandle): Record<string, CommandFactory> {
  return {
    'fluxGitops.restartServer': () => () => server.restart(),
    'fluxGitops.rebuildIndex': (ctx) => () => rebuildIndex(ctx, server),
    'fluxGitops.showOutput': (ctx) => () => ctx.log.show(),
  };
}

/**
 * Forgets the index kept between starts (see server/src/node/indexCacheFile.ts): the server is stopped first
 * (it saves the cache when it shuts down), the cache deleted, and the server started on a fresh index.
 */
async function rebuildIndex(ctx: Ctx, server: ServerHandle): Promise<void> {
  await server.restart(async () => {
    const dir = ctx.extension.storageUri;
    if (!dir) return;
    const entries = await vscode.workspace.fs.readDirectory(dir).then((e) => e, () => [] as [string, vscode.FileType][]);
    for (const [name] of entries) if (/^index-[0-9a-f]+\.json$/.test(name)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(dir, name));
    ctx.log.info('Index cache cleared; the language server indexes the workspace anew.');
  });
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

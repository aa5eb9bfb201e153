// Activation: the language client, the command table and the cluster explorer, all owned by one Ctx.
import * as vscode from 'vscode';
import { editorCommands, registerCommands } from './commands';
import { Ctx } from './ctx';
import { clusterCommands } from './explorer/register';
import { startLanguageServer } from './languageClient';
import { renderedViewCommands } from './renderedView';

let current: Ctx | undefined;

export function activate(extension: vscode.ExtensionContext): void {
  const ctx = new Ctx(extension);
  current = ctx;
  extension.subscriptions.push(ctx);
  try {
    const server = startLanguageServer(ctx);
    registerCommands(ctx, { ...editorCommands(server), ...renderedViewCommands(ctx, server), ...clusterCommands(ctx, server) });
    ctx.log.info(`Flux GitOps activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted'}).`);
  } catch (err) {
    ctx.error('Activation failed', err);
    void vscode.window.showErrorMessage(`Flux GitOps failed to activate: ${(err as Error).message}`);
  }
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}

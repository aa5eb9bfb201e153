// "Promote to Production": asks the language server for the edit that makes the production twins of the
// staging HelmRelease or Kustomization at the cursor match it, and applies it through VS Code's refactor
// preview (every change needs confirmation), so nothing is written before the user has seen it. A twin edited
// since the server looked is computed again; edited during the preview, VS Code refuses the edit itself.
import * as vscode from 'vscode';
import { PromoteRequest } from '../../../server/src/shared/protocol';
import type { ServerHandle } from '../languageClient';
import { changedSince, promotionFiles, type Promotion } from './promotion';

const toRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** The VS Code edit of a promotion: labelled with each cluster and what changes there, each needing confirmation. */
export function previewEdit(result: Promotion): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const { target, edits } of promotionFiles(result)) {
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      label: `Promote ${result.kind} ${result.name} to ${target.cluster}`,
      description: target.changes.join(', '),
      needsConfirmation: true,
    };
    for (const e of edits) edit.replace(vscode.Uri.parse(target.uri), toRange(e.range), e.newText, metadata);
  }
  return edit;
}

async function request(server: ServerHandle, params: PromoteRequest.Params): Promise<PromoteRequest.Result> {
  const client = server.client();
  if (!client) throw new Error('The language server is not running.');
  return client.sendRequest<PromoteRequest.Result>(PromoteRequest.method, params);
}

/** The twins whose text changed since the server read them (saved or not). */
async function stale(result: Promotion): Promise<string[]> {
  const docs = new Map<string, vscode.TextDocument>();
  for (const { target } of promotionFiles(result)) docs.set(target.uri, await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri)));
  return changedSince(result, (uri, range) => docs.get(uri)?.getText(toRange(range)));
}

export async function promoteToProduction(server: ServerHandle): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('Open the staging manifest and put the cursor on its HelmRelease or Kustomization.');
  const pos = editor.selection.active;
  const params: PromoteRequest.Params = { uri: editor.document.uri.toString(), line: pos.line, character: pos.character };
  let result = await request(server, params);
  // The server reads closed files from disk and open ones as the editor has them: once more if one moved on.
  if (!('error' in result) && (await stale(result)).length) result = await request(server, params);
  if ('error' in result) {
    void vscode.window.showWarningMessage(result.error);
    return;
  }
  const changed = await stale(result);
  if (changed.length) throw new Error(`${changed.map((u) => vscode.Uri.parse(u).fsPath).join(', ')} changed while the promotion was computed; try again.`);
  const edit = previewEdit(result);
  const clusters = result.targets.map((t) => t.cluster).join(', ');
  if (result.without.length) void vscode.window.showInformationMessage(`${result.kind} ${result.name} has no twin in ${result.without.join(', ')}: nothing is promoted there.`);
  if (edit.size === 0) {
    void vscode.window.showInformationMessage(`${result.kind} ${result.name}: ${clusters} already match${result.targets.length === 1 ? 'es' : ''} ${result.from}.`);
    return;
  }
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied) vscode.window.setStatusBarMessage(`Promoted ${result.kind} ${result.name} from ${result.from} to ${clusters}.`, 5000);
}

// "Show Rendered Output": what kustomize (and Flux's post-build substitution) renders for a Flux Kustomization,
// a kustomization.yaml or a folder, as a read-only YAML document from the language server that follows edits.
import * as vscode from 'vscode';
import { RenderedOutputRequest, RendersChangedNotification } from '../../server/src/shared/protocol';
import type { CommandFactory } from './commands';
import type { Ctx } from './ctx';
import type { ServerHandle } from './languageClient';

export const RENDERED_SCHEME = 'flux-rendered';

/** The rendered document's URI carries what to render: the manifest (or folder) and the line of the Kustomization. */
function renderedUri(target: vscode.Uri, line?: number, ref?: string): vscode.Uri {
  const name = (target.path.split('/').pop() || 'workspace').replace(/\.ya?ml$/, '');
  const query = new URLSearchParams({ uri: target.toString(), ...(line === undefined ? {} : { line: String(line) }), ...(ref === undefined ? {} : { ref }) });
  const at = ref === undefined ? '' : ` at ${ref || 'upstream'}`;
  return vscode.Uri.from({ scheme: RENDERED_SCHEME, path: `/rendered ${name}${at}.yaml`, query: query.toString() });
}

class RenderedContent implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly server: ServerHandle) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.server.client();
    if (!client) return '# The Flux GitOps language server is not running.\n';
    const query = new URLSearchParams(uri.query);
    const line = query.get('line');
    const ref = query.get('ref');
    const params: RenderedOutputRequest.Params = { uri: query.get('uri') ?? '', ...(line === null ? {} : { line: Number(line) }), ...(ref === null ? {} : { ref }) };
    const result = await client.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, params);
    return result.text;
  }

  /** Renders changed: every rendered document shown is asked for again. */
  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === RENDERED_SCHEME) this.changed.fire(doc.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the content provider and the refresh on the server's notification; returns the commands. */
export function renderedViewCommands(ctx: Ctx, server: ServerHandle): Record<string, CommandFactory> {
  const content = ctx.push(new RenderedContent(server));
  ctx.push(vscode.workspace.registerTextDocumentContentProvider(RENDERED_SCHEME, content));
  let hooked: unknown;
  // The client restarts with the server: hook the notification on whichever client is current.
  const hook = () => {
    const client = server.client();
    if (!client || client === hooked) return;
    hooked = client;
    ctx.push(client.onNotification(RendersChangedNotification.method, () => content.refreshAll()));
  };
  ctx.push(vscode.workspace.onDidOpenTextDocument(hook));
  hook();
  return {
    'fluxGitops.showRenderedOutput': () => async (...args: unknown[]) => {
      hook();
      const target = targetOf(args);
      if (!target) {
        void vscode.window.showInformationMessage('Flux GitOps: open a Flux Kustomization or a kustomization.yaml, or pick a folder, to see what it renders.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument(renderedUri(target.uri, target.line));
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    },
    'fluxGitops.diffRenderedOutput': () => async (...args: unknown[]) => {
      hook();
      const target = targetOf(args);
      if (!target) {
        void vscode.window.showInformationMessage('Flux GitOps: open a Flux Kustomization or a kustomization.yaml to compare what it renders.');
        return;
      }
      const given = typeof args[2] === 'string' ? args[2] : undefined;
      const ref = given ?? (await vscode.window.showInputBox({
        title: 'Diff Rendered Output against a Git ref',
        prompt: 'A branch, tag or commit; empty: the upstream of the current branch (what this branch changes once merged).',
        placeHolder: 'upstream',
      }));
      if (ref === undefined) return;
      const name = target.uri.path.split('/').pop();
      await vscode.commands.executeCommand('vscode.diff', renderedUri(target.uri, target.line, ref.trim()), renderedUri(target.uri, target.line), `${name}: rendered at ${ref.trim() || 'upstream'} ↔ now`, { preview: true });
    },
  };
}

/** From a code lens (uri string, line), the explorer (a Uri), or the active editor and its cursor. */
function targetOf(args: unknown[]): { uri: vscode.Uri; line?: number } | undefined {
  const [first, second] = args;
  if (typeof first === 'string') return { uri: vscode.Uri.parse(first), line: typeof second === 'number' ? second : undefined };
  if (first instanceof vscode.Uri) return { uri: first };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return undefined;
  return { uri: editor.document.uri, line: editor.selection.active.line };
}

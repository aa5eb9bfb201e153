// The Trace command in VS Code: on an inventory entry, a Flux object, or an object named by kind and name,
// it opens a read-only Markdown document from the object up to the commit, with links.
import * as vscode from 'vscode';
import { traceObject } from '../cluster/traceObject';
import { parseObjectPick, traceMarkdown, type PickedObject } from '../cluster/trace';
import { kindOfRef, type KObject, type ObjectRef } from '../cluster/types';
import type { TreeNode } from '../tree/model';
import type { Explorer } from './explorer';

export const TRACE_SCHEME = 'flux-gitops-trace';

/** Trace documents by URI; each trace is a new document, so reopening one never shows a stale trace. */
export class TraceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This trace is gone; run Trace again.\n';
  }

  add(title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${title}.md`, query: String(Date.now()) });
    this.texts.set(uri.toString(), text);
    // Keep the last few; a trace is cheap to run again.
    if (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  dispose(): void {
    this.texts.clear();
  }
}

function giteaUrl(): string | undefined {
  return vscode.workspace.getConfiguration('fluxGitops').get<string>('trace.giteaUrl', '') || undefined;
}

interface Start {
  readonly context: string;
  readonly pick: PickedObject;
  readonly obj?: KObject;
  readonly owner?: ObjectRef;
}

function pickOfRef(ref: ObjectRef): PickedObject {
  return { kind: kindOfRef(ref), group: ref.kindKey.slice(0, ref.kindKey.lastIndexOf('/')), namespace: ref.namespace, name: ref.name };
}

export async function traceCommand(explorer: Explorer, docs: TraceDocuments, arg: unknown): Promise<void> {
  explorer.requireTrusted();
  const start = startOf(explorer, arg as TreeNode | undefined) ?? (await askStart(explorer));
  if (!start) return;
  const session = explorer.manager.session(start.context);
  if (!session) throw new Error(`Context ${start.context} is not shown.`);
  const trace = await traceObject(session, { pick: start.pick, obj: start.obj, owner: start.owner, giteaUrl: giteaUrl() });
  const title = `Trace ${start.pick.kind} ${start.pick.namespace ? `${start.pick.namespace}-` : ''}${start.pick.name}`;
  const doc = await vscode.workspace.openTextDocument(docs.add(title, traceMarkdown(trace)));
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}

function startOf(explorer: Explorer, node: TreeNode | undefined): Start | undefined {
  if (!node) return undefined;
  const entry = explorer.model.depth.entryObject(node);
  if (entry) {
    const e = entry.entry;
    return { context: entry.owner.context, pick: { kind: e.kind, group: e.group, version: e.version, namespace: e.namespace, name: e.name }, obj: entry.obj, owner: entry.owner };
  }
  if (node.type !== 'object') return undefined;
  const found = explorer.model.object(node);
  return { context: node.ref.context, pick: pickOfRef(node.ref), obj: found?.obj };
}

async function askStart(explorer: Explorer): Promise<Start | undefined> {
  const contexts = explorer.manager.list().map((s) => s.name);
  if (contexts.length === 0) throw new Error('No context is shown.');
  const context = contexts.length === 1 ? contexts[0] : await vscode.window.showQuickPick(contexts, { placeHolder: 'Context of the object to trace' });
  if (!context) return undefined;
  const text = await vscode.window.showInputBox({
    title: `Trace an object in ${context}`,
    prompt: 'Kind[.group] [namespace/]name',
    placeHolder: 'Deployment apps/podinfo',
    validateInput: (v) => {
      const p = parseObjectPick(v);
      return typeof p === 'string' ? p : undefined;
    },
  });
  if (!text) return undefined;
  const pick = parseObjectPick(text);
  return typeof pick === 'string' ? undefined : { context, pick };
}

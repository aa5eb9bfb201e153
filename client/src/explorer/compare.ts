// "Compare Manifest with Live Object": the object's manifest in the workspace on the left, the live object on
// the right, in VS Code's diff editor, both cleaned of what only one side can have (cluster/drift.ts).
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { FindObjectRequest } from '../../../server/src/shared/protocol';
import { contextServes } from '../cluster/contexts';
import { comparable } from '../cluster/drift';
import { clusterContexts } from './settings';
import { describeRef, kindOfRef, type ObjectRef } from '../cluster/types';
import type { ServerHandle } from '../languageClient';
import type { Explorer } from './explorer';

export const DRIFT_SCHEME = 'flux-gitops-drift';

/** The texts of the diff editor's two sides, by URI path. */
export class DriftDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  put(path: string, text: string): vscode.Uri {
    this.texts.set(path, text);
    const uri = vscode.Uri.from({ scheme: DRIFT_SCHEME, path });
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Where the workspace defines an object (the user picks when there are several); undefined when nowhere. */
export async function findManifest(server: ServerHandle, ref: ObjectRef): Promise<FindObjectRequest.Location | undefined> {
  const client = server.client();
  if (!client) throw new Error('The language server is not running.');
  const params: FindObjectRequest.Params = { kind: kindOfRef(ref), name: ref.name, namespace: ref.namespace };
  const found = await client.sendRequest<FindObjectRequest.Result>(FindObjectRequest.method, params);
  if (!found || found.length === 0) {
    void vscode.window.showInformationMessage(`No manifest of ${describeRef(ref)} in the workspace.`);
    return undefined;
  }
  // Of namesakes in several cluster folders, the ones of the cluster this context is.
  const mine = found.filter((l) => contextServes(ref.context, l.clusters ?? [], clusterContexts()));
  const choice = mine.length ? mine : found;
  if (choice.length === 1) return choice[0];
  const items = choice.map((l) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(l.uri)), description: `line ${l.line + 1}`, l }));
  return (await vscode.window.showQuickPick(items, { placeHolder: `${choice.length} manifests define ${describeRef(ref)}` }))?.l;
}

export async function compareWithLive(explorer: Explorer, server: ServerHandle, drift: DriftDocuments, ref: ObjectRef): Promise<void> {
  if (kindOfRef(ref) === 'Secret') throw new Error('Secrets are never read, so they are not compared.');
  const manifest = await findManifest(server, ref);
  if (!manifest) return;
  const [desired, live] = await Promise.all([manifestObject(manifest), explorer.session(ref).fetch(ref)]);
  const c = comparable(desired, live);
  const base = `/${ref.context}/${kindOfRef(ref)}/${ref.namespace ?? '_'}/${ref.name}`;
  const left = drift.put(`${base}/manifest.yaml`, c.desired);
  const right = drift.put(`${base}/live.yaml`, c.live);
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(manifest.uri));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${describeRef(ref)}: ${file} ↔ live (${ref.context})`, { preview: true });
  if (c.same) void vscode.window.showInformationMessage(`${describeRef(ref)} in ${ref.context} is as its manifest says.`);
}

/** The manifest's document at the found line, as plain data (the editor's text when the file is open). */
async function manifestObject(at: FindObjectRequest.Location): Promise<unknown> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(at.uri));
  const offset = doc.offsetAt(new vscode.Position(at.line, at.character));
  const docs = parseAllDocuments(doc.getText(), { uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const hit = list.find((d) => d.range && offset >= d.range[0] && offset <= d.range[2]) ?? list[0];
  if (!hit) throw new Error(`No YAML document at ${at.uri}:${at.line + 1}.`);
  return hit.toJS({ maxAliasCount: 100 });
}

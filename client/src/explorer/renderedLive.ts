// "Diff Rendered Output against Live Cluster" in VS Code: for the Flux Kustomization at the cursor (or of a lens),
// the context its cluster folder deploys to (as Compare picks it), the live objects of its inventory on the left
// and its current render on the right, in VS Code's diff editor. The texts come from cluster/liveInventory.ts.
import * as vscode from 'vscode';
import { ObjectsInRequest, RenderedOutputRequest } from '../../../server/src/shared/protocol';
import { contextsFor } from '../cluster/contexts';
import { renderedAgainstLive } from '../cluster/liveInventory';
import type { ClusterSession } from '../cluster/session';
import { KUSTOMIZATION_KEY } from '../cluster/trace';
import type { ServerHandle } from '../languageClient';
import type { Explorer } from './explorer';
import { clusterContexts } from './settings';

const FLUX_KS = 'kustomize.toolkit.fluxcd.io';

/** Where the command was asked for: a lens gives (uri, line, context); the editor gives its cursor. */
function targetOf(args: unknown[]): { uri: string; line: number; context?: string } | undefined {
  const [uri, line, context] = args;
  if (typeof uri === 'string' && typeof line === 'number') return { uri, line, context: typeof context === 'string' ? context : undefined };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return undefined;
  return { uri: editor.document.uri.toString(), line: editor.selection.active.line };
}

/** The Flux Kustomization a line belongs to: the last one starting at or before it, else the first. */
function kustomizationAt(items: readonly ObjectsInRequest.Item[], line: number): ObjectsInRequest.Item | undefined {
  const all = items.filter((o) => o.kind === 'Kustomization' && o.apiVersion.startsWith(`${FLUX_KS}/`)).sort((a, b) => a.line - b.line);
  return all.filter((o) => o.line <= line).pop() ?? all[0];
}

export async function diffRenderedWithLive(explorer: Explorer, server: ServerHandle, args: unknown[]): Promise<void> {
  explorer.requireTrusted();
  const client = server.client();
  if (!client) throw new Error('The language server is not running.');
  const target = targetOf(args);
  if (!target) {
    void vscode.window.showInformationMessage('Flux GitOps: open a Flux Kustomization to compare what it renders with the cluster.');
    return;
  }
  const items = await client.sendRequest<ObjectsInRequest.Result>(ObjectsInRequest.method, { uri: target.uri });
  const ks = kustomizationAt(items, target.line);
  if (!ks) {
    void vscode.window.showInformationMessage('Flux GitOps: no Flux Kustomization in this file.');
    return;
  }
  const found = await pickLive(explorer, ks, target.context);
  if (!found) return;
  const { session, namespace } = found;
  const ref = { context: session.name, kindKey: KUSTOMIZATION_KEY, namespace, name: ks.name };
  const docs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${ks.name}'s render with ${session.name}…` }, async () => {
    const params: RenderedOutputRequest.Params = { uri: target.uri, line: ks.line };
    const [rendered, live] = await Promise.all([client.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, params), session.fetch(ref)]);
    if (rendered.error) throw new Error(`${ks.name} does not render: ${rendered.error}`);
    return renderedAgainstLive(session.transport, live, rendered.text, { timeoutMs: session.options.timeoutMs });
  });
  const base = `/${session.name}/rendered/${namespace ?? '_'}/${ks.name}`;
  const left = explorer.drift.put(`${base}/live.yaml`, docs.live);
  const right = explorer.drift.put(`${base}/rendered.yaml`, docs.rendered);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${ks.name}: live (${session.name}) ↔ rendered`, { preview: true });
  if (docs.changed === 0) void vscode.window.showInformationMessage(`${ks.name} in ${session.name} is as its render says.`);
}

/** The contexts that have this Kustomization, among those its cluster folder deploys to; the user picks one of several. */
async function pickLive(explorer: Explorer, ks: ObjectsInRequest.Item, given?: string): Promise<{ session: ClusterSession; namespace?: string } | undefined> {
  const sessions = explorer.manager.list();
  const served = new Set(contextsFor(sessions.map((s) => s.name), ks.clusters, clusterContexts()));
  const candidates = sessions.flatMap((session) => {
    if (given ? session.name !== given : !served.has(session.name)) return [];
    const namespace = (ks.namespaces.length ? ks.namespaces : [undefined]).find((ns) => session.get(KUSTOMIZATION_KEY, ns, ks.name));
    const live = session.get(KUSTOMIZATION_KEY, namespace, ks.name);
    return live ? [{ session, namespace: live.metadata.namespace }] : [];
  });
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Kustomization ${ks.name} is not in the shown clusters${given ? ` (context ${given})` : ''}.`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const items = candidates.map((c) => ({ label: c.session.name, description: c.namespace, c }));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Context to compare ${ks.name} with` }))?.c;
}

// Code lenses above each Flux and External Secrets object of a manifest: its live state in every context the
// explorer shows, and Reconcile or Resume one click away. Read from the explorer's watch cache: showing them
// sends no request to any cluster. Off in an untrusted workspace and with `fluxGitops.liveLenses: false`.
import * as vscode from 'vscode';
import { kindsNamed, splitApiVersion } from '../../../server/src/shared/kinds';
import { ObjectsInRequest } from '../../../server/src/shared/protocol';
import { clusterContexts } from './settings';
import { contextsFor } from '../cluster/contexts';
import { kindKey } from '../cluster/discovery';
import { lensLine } from '../cluster/lens';
import { objectStatus } from '../cluster/status';
import { KUSTOMIZATION_KEY } from '../cluster/trace';
import type { ObjectRef } from '../cluster/types';
import type { ServerHandle } from '../languageClient';
import type { Explorer } from './explorer';

/** Live changes arrive in bursts (a reconcile touches several conditions): lenses refresh at most this often. */
const REFRESH_MS = 500;

export class LiveLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly sub: { dispose(): void };

  constructor(private readonly explorer: Explorer, private readonly server: ServerHandle) {
    this.sub = explorer.model.onDidChange(() => this.soon());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.sub.dispose();
    this.changed.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || !vscode.workspace.getConfiguration('fluxGitops').get<boolean>('liveLenses', true)) return [];
    const sessions = this.explorer.manager.list();
    const client = this.server.client();
    if (!sessions.length || !client) return [];
    const objects = await client.sendRequest<ObjectsInRequest.Result>(ObjectsInRequest.method, { uri: document.uri.toString() });
    const mapping = clusterContexts();
    const lenses: vscode.CodeLens[] = [];
    for (const o of objects) {
      // A manifest under flux/clusters/<name> shows the contexts that cluster deploys to, not its namesakes'.
      const served = new Set(contextsFor(sessions.map((s) => s.context.name), o.clusters ?? [], mapping));
      const group = splitApiVersion(o.apiVersion).group;
      const info = kindsNamed(o.kind).find((k) => k.group === group);
      if (!info?.treeGroup) continue;
      const range = new vscode.Range(o.line, 0, o.line, 0);
      for (const session of sessions) {
        if (!served.has(session.context.name)) continue;
        const key = kindKey(group, o.kind);
        const namespace = (o.namespaces.length ? o.namespaces : [undefined]).find((ns) => session.get(key, ns, o.name));
        const live = session.get(key, namespace, o.name);
        if (!live) continue;
        const ref: ObjectRef = { context: session.context.name, kindKey: key, namespace: live.metadata.namespace, name: o.name };
        const node = { type: 'object', id: `lens|${ref.context}|${key}|${ref.namespace ?? ''}|${ref.name}`, ref, group: info.treeGroup };
        const line = lensLine(session.context.name, info, objectStatus(live, info));
        lenses.push(new vscode.CodeLens(range, { title: line.title, tooltip: line.tooltip, command: 'fluxGitops.openLive', arguments: [node] }));
        if (line.action) lenses.push(new vscode.CodeLens(range, { title: line.action.title, command: line.action.command, arguments: [node] }));
        // What applying the render now would change in this context (explorer/renderedLive.ts).
        if (key === KUSTOMIZATION_KEY && live.status?.['inventory'] !== undefined) {
          lenses.push(new vscode.CodeLens(range, { title: `$(diff) rendered ↔ ${ref.context}`, tooltip: `Diff Rendered Output against Live Cluster: the render beside the live objects of ${ref.name}'s inventory in ${ref.context}`, command: 'fluxGitops.diffRenderedLive', arguments: [document.uri.toString(), o.line, ref.context] }));
        }
      }
    }
    return lenses;
  }

  private soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, REFRESH_MS);
  }
}

// "Use Schemas of <context> for <cluster folder>" and the setting behind it, `fluxGitops.clusterSchemas`
// (folder, relative to the workspace, -> context). The CRDs are read through the explorer's session of that
// context (cluster/crds.ts), kept in the extension's global storage (cluster/crdCache.ts) and sent to the
// language server, which checks the folder with them over the pinned profiles. At each server start the copy on
// disk is sent, and the cluster is asked again whenever the explorer connects to that context.
import * as vscode from 'vscode';
import { ClusterSchemasRequest } from '../../../server/src/shared/protocol';
import { CrdCache } from '../cluster/crdCache';
import { readClusterCrds, type CrdSnapshot } from '../cluster/crds';
import type { ClusterSession } from '../cluster/session';
import type { Ctx } from '../ctx';
import type { ServerHandle } from '../languageClient';
import type { TreeNode } from '../tree/model';
import type { Explorer } from './explorer';

const SETTING = 'clusterSchemas';

/** `fluxGitops.clusterSchemas`: folder -> context, the malformed entries left out. */
function entries(): [string, string][] {
  const v = vscode.workspace.getConfiguration('fluxGitops').get<unknown>(SETTING, {});
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && !!e[0]);
}

function folderUri(folder: string): string | undefined {
  const root = vscode.workspace.workspaceFolders?.[0];
  return root && vscode.Uri.joinPath(root.uri, folder).toString();
}

export class ClusterSchemas implements vscode.Disposable {
  private readonly cache: CrdCache;
  private readonly disposables: vscode.Disposable[] = [];
  /** Folder URIs the server was last told about, so a removed entry is withdrawn. */
  private sent = new Set<string>();
  /** Sessions already asked since they connected. */
  private readonly asked = new WeakSet<ClusterSession>();

  constructor(
    private readonly ctx: Ctx,
    private readonly explorer: Explorer,
    private readonly server: ServerHandle,
  ) {
    this.cache = new CrdCache(vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'cluster-crds').fsPath);
    server.onStarted(() => void this.sendCached());
    const sub = explorer.manager.onEvent((e) => e?.event.type === 'session' && this.onSession(e.context));
    this.disposables.push(
      { dispose: () => sub.dispose() },
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`fluxGitops.${SETTING}`) && void this.sendCached()),
    );
  }

  /** The command: a context (the node's, or picked), a folder (picked), then the CRDs; the setting only on success. */
  async use(node?: TreeNode): Promise<void> {
    this.explorer.requireTrusted();
    const context = node?.type === 'context' ? node.context : await this.pickContext();
    if (!context) return;
    const folder = await this.pickFolder(context);
    if (!folder) return;
    const uri = folderUri(folder);
    if (!uri) throw new Error('Open a workspace folder first.');
    const reading = vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the CRDs of ${context}…` }, () =>
      this.refresh(folder, uri, context).catch((err: Error) => err),
    );
    const result = await reading;
    if (result instanceof Error) {
      void vscode.window.showWarningMessage(`${result.message} The pinned schemas stay in use for ${folder}.`);
      return;
    }
    const config = vscode.workspace.getConfiguration('fluxGitops');
    const current = config.get<Record<string, string>>(SETTING, {});
    await config.update(SETTING, { ...current, [folder]: context }, vscode.ConfigurationTarget.Workspace);
    const problems = result.problems.length ? ` Not used: ${result.problems.slice(0, 3).join(' ')}` : '';
    void vscode.window.showInformationMessage(`${folder} is now checked with the ${result.crds} CRDs of ${context} (${result.kinds} kinds).${problems}`);
  }

  /** Reads the cluster (or its unchanged copy on disk) and sends the CRDs to the server. */
  private async refresh(folder: string, uri: string, context: string): Promise<ClusterSchemasRequest.Result> {
    const session = this.explorer.manager.session(context);
    if (!session) throw new Error(`Context ${context} is not shown in the Flux GitOps view (fluxGitops.contexts).`);
    const { snapshot, fromCache } = await readClusterCrds(session.transport, this.cache, session.options.timeoutMs);
    this.ctx.log.info(`CRDs of ${context} for ${folder}: ${snapshot.crds.length}${fromCache ? ' (unchanged since ' + snapshot.readAt + ')' : ''}.`);
    return this.send(uri, snapshot);
  }

  private async send(uri: string, snapshot: CrdSnapshot | undefined, context = snapshot?.context ?? ''): Promise<ClusterSchemasRequest.Result> {
    const client = this.server.client();
    if (!client) throw new Error('The language server is not running.');
    const params: ClusterSchemasRequest.Params = { folderUri: uri, context, crds: snapshot ? snapshot.crds : null };
    const result = await client.sendRequest<ClusterSchemasRequest.Result>(ClusterSchemasRequest.method, params);
    if (snapshot) this.sent.add(uri);
    else this.sent.delete(uri);
    return result;
  }

  /** Sends every entry's copy on disk (after a start or a change of the setting), and withdraws removed entries. */
  private async sendCached(): Promise<void> {
    const wanted = new Map(entries().flatMap(([folder, context]) => {
      const uri = folderUri(folder);
      return uri ? [[uri, context] as const] : [];
    }));
    try {
      for (const uri of [...this.sent]) if (!wanted.has(uri)) await this.send(uri, undefined);
      for (const [uri, context] of wanted) {
        const snapshot = this.cache.load(context);
        if (snapshot) await this.send(uri, snapshot);
        else this.ctx.log.info(`No CRDs of ${context} kept yet for ${uri}; they are read once the explorer connects to it.`);
      }
    } catch (err) {
      this.ctx.log.warn(`Sending the cluster schemas to the language server failed: ${(err as Error).message}`);
    }
  }

  /** A context that just connected is asked again for the folders that use it (one metadata list when unchanged). */
  private onSession(context: string): void {
    const session = this.explorer.manager.session(context);
    if (!session || session.phase !== 'ready' || this.asked.has(session)) return;
    const folders = entries().filter(([, c]) => c === context);
    if (!folders.length) return;
    this.asked.add(session);
    for (const [folder] of folders) {
      const uri = folderUri(folder);
      if (!uri) continue;
      this.refresh(folder, uri, context).catch((err: Error) => this.ctx.log.warn(`${err.message} The pinned schemas stay in use for ${folder}.`));
    }
  }

  private async pickContext(): Promise<string | undefined> {
    const items = this.explorer.manager.list().map((s) => ({ label: s.name, description: s.transport.server }));
    if (!items.length) throw new Error('No context is shown in the Flux GitOps view.');
    return (await vscode.window.showQuickPick(items, { placeHolder: 'The context whose CRDs check a folder' }))?.label;
  }

  /** The workspace's `flux/clusters/<name>` folders, or any folder picked in a dialog. */
  private async pickFolder(context: string): Promise<string | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0];
    if (!root) throw new Error('Open a workspace folder first.');
    const clusters = vscode.Uri.joinPath(root.uri, 'flux', 'clusters');
    const listed = await vscode.workspace.fs.readDirectory(clusters).then((e) => e, () => [] as [string, vscode.FileType][]);
    const other = 'Another folder…';
    const items = [...listed.filter(([, t]) => t === vscode.FileType.Directory).map(([n]) => `flux/clusters/${n}`), other];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: `The folder to check with the CRDs of ${context}` });
    if (picked !== other) return picked;
    const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, defaultUri: root.uri, openLabel: 'Use Schemas' });
    return chosen?.[0] && vscode.workspace.asRelativePath(chosen[0], false);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

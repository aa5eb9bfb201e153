// "Flux GitOps: Show Fleet": a webview panel over the explorer's watch caches. It rebuilds the fleet a moment
// after a change and posts only the cells that changed; the page asks for actions, which run the explorer's
// own commands on the cell's object.
import * as vscode from 'vscode';
import { FleetLayoutRequest } from '../../../server/src/shared/protocol';
import { CANARY_KEY } from '../cluster/canary';
import { buildFleet, cellContexts, FLEET_KINDS, refOf, rowKey, type FleetModel } from '../cluster/fleet';
import { canaryRow } from '../cluster/fleetCanaries';
import { changedCells, withRow, type CellChange } from '../cluster/fleetUpdates';
import { EMPTY_LAYOUT, type FleetLayout } from '../cluster/fleetColumns';
import { fleetSources } from '../cluster/fleetSources';
import type { ManagerEvent } from '../cluster/manager';
import type { ObjectRef } from '../cluster/types';
import { findManifest } from '../explorer/compare';
import type { Explorer } from '../explorer/explorer';
import { clusterContexts } from '../explorer/settings';
import type { ServerHandle } from '../languageClient';
import { fromPage, type FleetAction, type ToPage } from './messages';
import { fleetHtml, makeNonce } from './page';
import { promoteToProduction } from './promote';

/** Watch events come in bursts (a reconcile touches several conditions): the fleet is rebuilt at most this often. */
const UPDATE_MS = 30;

/** The fleet's name among those who look at contexts (the tree is another). */
const LOOKER = 'fleet';

const FLEET_KEYS: ReadonlySet<string> = new Set([...Object.values(FLEET_KINDS), CANARY_KEY]);

const COMMANDS: Readonly<Record<Exclude<FleetAction, 'reveal' | 'promote'>, string>> = {
  reconcile: 'fluxGitops.reconcile',
  suspend: 'fluxGitops.suspend',
  resume: 'fluxGitops.resume',
  manifest: 'fluxGitops.revealManifest',
};

export class FleetPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private layout: FleetLayout = EMPTY_LAYOUT;
  private layoutReady: Promise<void> = Promise.resolve();
  /** A line above the table (e.g. why no cluster is contacted). */
  private message: string | undefined;
  private shown: FleetModel | undefined;
  /** The rows watch events touched since the last post; undefined: the whole fleet is to be rebuilt. */
  private rows: Set<string> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly explorer: Explorer,
    private readonly server: ServerHandle,
  ) {}

  async show(): Promise<void> {
    if (this.panel) return this.panel.reveal();
    const started = this.explorer.ensureStarted();
    const panel = vscode.window.createWebviewPanel('fluxGitops.fleet', 'Flux Fleet', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    this.panel = panel;
    panel.webview.html = fleetHtml(makeNonce(), panel.webview.cspSource);
    const sub = this.explorer.manager.onEvent((e) => this.onEvent(e));
    this.disposables.push(
      { dispose: () => sub.dispose() },
      panel.webview.onDidReceiveMessage((raw) =>
        this.onMessage(raw).catch((err: Error) => {
          this.explorer.ctx.log.warn(`Fleet: ${err.message}`);
          void vscode.window.showErrorMessage(`Flux GitOps: ${err.message}`);
        }),
      ),
      panel.onDidChangeViewState(() => this.visibilityChanged(panel.visible)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('fluxGitops.clusterContexts') && this.post(true)),
      panel.onDidDispose(() => this.closed()),
    );
    this.message = started ? undefined : 'The cluster explorer is off in an untrusted workspace: no cluster is contacted.';
    await this.refreshLayout();
  }

  /** The platform's layout, asked again whenever the page (re)loads, so it follows the workspace. */
  private refreshLayout(): Promise<void> {
    this.layoutReady = this.fetchLayout().then((layout) => {
      this.layout = layout;
    });
    return this.layoutReady;
  }

  /** A hidden page looks at no column; shown again, it is redrawn and says which columns are on screen. */
  private visibilityChanged(visible: boolean): void {
    if (!visible) return this.explorer.manager.look(LOOKER, []);
    this.askSummaries();
    this.soon();
  }

  /** The contexts that are not watched list their fleet kinds once (at most every half minute each). */
  private askSummaries(): void {
    const manager = this.explorer.manager;
    manager.wantSummaries(manager.list().map((s) => s.name), true);
  }

  private closed(): void {
    this.explorer.manager.look(LOOKER, []);
    this.explorer.manager.dropListedObjects();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.panel = undefined;
    this.shown = undefined;
    this.rows = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async fetchLayout(): Promise<FleetLayout> {
    const client = this.server.client();
    if (!client) return EMPTY_LAYOUT;
    try {
      return (await client.sendRequest<FleetLayoutRequest.Result | null>(FleetLayoutRequest.method, {})) ?? EMPTY_LAYOUT;
    } catch (err) {
      this.explorer.ctx.log.warn(`Fleet: the language server did not say the platform's layout: ${(err as Error).message}`);
      return EMPTY_LAYOUT;
    }
  }

  /** Only what the fleet shows: an object's change rebuilds its row; anything else, the whole fleet. */
  private onEvent(e: ManagerEvent | undefined): void {
    const ev = e?.event;
    if (ev && ev.type !== 'session' && !FLEET_KEYS.has(ev.kindKey)) return;
    if (ev && (ev.type === 'upsert' || ev.type === 'remove') && ev.kindKey === CANARY_KEY) {
      // A canary changes the cell of the Flux object that applied it; an unknown owner takes a whole build.
      const row = canaryRow(ev.obj, this.explorer.manager.session(e.context)?.list(FLEET_KINDS.Kustomization) ?? []);
      if (row) this.rows?.add(row);
      else this.rows = undefined;
    } else if (ev && (ev.type === 'upsert' || ev.type === 'remove')) {
      const kind = ev.kindKey === FLEET_KINDS.HelmRelease ? 'HelmRelease' : 'Kustomization';
      this.rows?.add(rowKey(kind, ev.obj.metadata.namespace, ev.obj.metadata.name));
    } else {
      this.rows = undefined;
    }
    this.soon();
  }

  private soon(): void {
    if (this.timer || !this.panel) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.post(false);
    }, UPDATE_MS);
  }

  build(): FleetModel {
    return buildFleet(fleetSources(this.explorer.manager), this.layout, clusterContexts());
  }

  /** Posts the whole fleet, or only its changed cells when the page already shows its shape. */
  private post(full: boolean): void {
    const panel = this.panel;
    // A hidden page is redrawn whole when it shows again (its script may have been unloaded).
    if (!panel?.visible) {
      this.shown = undefined;
      return;
    }
    const rows = this.rows;
    this.rows = new Set();
    const partial = full || !this.shown || !rows ? undefined : this.rebuildRows(this.shown, rows);
    const model = partial?.model ?? this.build();
    const changes = partial?.changes ?? (full || !this.shown ? undefined : changedCells(this.shown, model));
    this.shown = model;
    if (changes && changes.length === 0) return;
    const msg: ToPage = changes ? { type: 'cells', changes } : { type: 'full', model, message: this.message };
    void panel.webview.postMessage(msg);
  }

  /** The fleet with only these rows rebuilt; undefined when one of them needs a whole build. */
  private rebuildRows(shown: FleetModel, rows: ReadonlySet<string>): { model: FleetModel; changes: CellChange[] } | undefined {
    const sources = fleetSources(this.explorer.manager);
    const contexts = cellContexts(sources, this.layout);
    let model = shown;
    const changes: CellChange[] = [];
    for (const key of rows) {
      const next = withRow(model, sources, key, contexts);
      if (!next) return undefined;
      model = next.model;
      changes.push(...next.changes);
    }
    return { model, changes };
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = fromPage(raw);
    if (!m) return;
    if (m.type === 'ready') {
      await this.refreshLayout();
      this.askSummaries();
      return this.post(true);
    }
    if (m.type === 'columns') return this.explorer.manager.look(LOOKER, this.panel?.visible ? m.contexts : []);
    const ref = refOf(m.row, m.context);
    if (!ref) return;
    // A column that is not watched is connected first: the commands read the object from the watch cache.
    if (m.action !== 'manifest' && m.action !== 'promote') await this.explorer.manager.touch(ref.context);
    const group = ref.kindKey === FLEET_KINDS.HelmRelease ? 'HelmReleases' : 'Kustomizations';
    const node = this.explorer.model.objectNode(ref, group);
    if (m.action === 'reveal') {
      await vscode.commands.executeCommand('workbench.view.extension.fluxGitops');
      await this.explorer.view.reveal(node, { select: true, focus: true, expand: true });
      return;
    }
    if (m.action === 'promote') return this.promote(ref);
    await vscode.commands.executeCommand(COMMANDS[m.action], node);
  }

  /** Promotion from a staging cell: its manifest in that context's cluster folder, then the editor's command. */
  private async promote(ref: ObjectRef): Promise<void> {
    const manifest = await findManifest(this.server, ref);
    if (!manifest) return;
    const at = new vscode.Position(manifest.line, manifest.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(manifest.uri), { selection: new vscode.Range(at, at) });
    await promoteToProduction(this.server);
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}

// The explorer's state in the extension host: the cluster manager, the tree model, the tree view, the status
// bar item and the virtual documents. It starts the clusters when the view is first shown (never in an
// untrusted workspace), and follows the settings.
import * as vscode from 'vscode';
import { formatEvents, liveYaml, objectEvents, sourceOf } from '../cluster/actions';
import { CanaryAlerts } from '../cluster/canaryAlerts';
import { ClusterManager, type ClusterSettings } from '../cluster/manager';
import { describeRef, kindOfRef, type ObjectRef } from '../cluster/types';
import type { Ctx } from '../ctx';
import { TreeModel, type TreeNode } from '../tree/model';
import { DRIFT_SCHEME, DriftDocuments } from './compare';
import { EVENTS_SCHEME, LIVE_SCHEME, RefDocumentProvider } from './documents';
import { ClusterTreeProvider } from './provider';
import { alwaysShowNamespaces, suspendedForMs } from './settings';
import { TRACE_SCHEME, TraceDocuments } from './trace';

export const UNTRUSTED_TEXT = 'The cluster explorer is off in an untrusted workspace (kubeconfig exec plugins run programs). Trust the workspace to turn it on.';

export function readSettings(): ClusterSettings {
  const c = vscode.workspace.getConfiguration('fluxGitops');
  return {
    kubeconfig: c.get<string>('kubeconfig', ''),
    contexts: c.get<string[]>('contexts', []),
    fluxNamespace: c.get<string>('fluxNamespace', 'flux-system') || 'flux-system',
    requestTimeoutSeconds: c.get<number>('requestTimeoutSeconds', 10),
    watchContexts: c.get<string[]>('watchContexts', []).filter((x) => typeof x === 'string'),
  };
}

export class Explorer implements vscode.Disposable {
  readonly manager: ClusterManager;
  readonly model: TreeModel;
  readonly view: vscode.TreeView<TreeNode>;
  readonly drift = new DriftDocuments();
  readonly traces = new TraceDocuments();
  private readonly statusItem: vscode.StatusBarItem;
  private started = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly ctx: Ctx) {
    this.manager = new ClusterManager(readSettings());
    this.model = new TreeModel(this.manager, { alwaysShowNamespaces: alwaysShowNamespaces(), suspendedForMs: suspendedForMs() });
    const provider = new ClusterTreeProvider(this.model);
    this.view = vscode.window.createTreeView('fluxGitops.clusters', { treeDataProvider: provider, showCollapseAll: true });
    this.statusItem = vscode.window.createStatusBarItem('fluxGitops.failing', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'Flux GitOps: failing objects';
    this.statusItem.command = 'workbench.view.extension.fluxGitops';
    this.disposables.push(provider, this.view, this.statusItem, { dispose: () => this.model.dispose() }, { dispose: () => this.manager.dispose() });
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, new RefDocumentProvider((ref) => this.liveYaml(ref))),
      vscode.workspace.registerTextDocumentContentProvider(EVENTS_SCHEME, new RefDocumentProvider((ref) => this.eventsText(ref))),
      vscode.workspace.registerTextDocumentContentProvider(DRIFT_SCHEME, this.drift),
      this.drift,
      vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this.traces),
      this.traces,
      // What is inside a Flux object is watched only while it is expanded.
      this.view.onDidExpandElement((e) => this.model.expanded(e.element)),
      this.view.onDidCollapseElement((e) => this.model.collapsed(e.element)),
      this.model.onDidChangeFailing((n) => this.updateStatus(n)),
      this.view.onDidChangeVisibility((e) => e.visible && this.shown()),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfig(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.model.setDisabled(undefined);
        this.view.message = undefined;
        this.ensureStarted();
      }),
      this.manager.onEvent((e) => e === undefined && this.logProblems()),
      new CanaryAlerts(this.manager, (message) => this.canaryFailed(message)),
    );
    if (!vscode.workspace.isTrusted) {
      this.model.setDisabled(UNTRUSTED_TEXT);
      this.view.message = 'Untrusted workspace: clusters are not contacted.';
    } else if (this.view.visible) {
      this.ensureStarted();
    }
  }

  /** A watched canary failed and Flagger rolled its target back: said once, with the way to the tree. */
  private canaryFailed(message: string): void {
    this.ctx.log.warn(message);
    void vscode.window.showWarningMessage(`Flux GitOps: ${message}`, 'Show Clusters').then((pick) => pick && vscode.commands.executeCommand('workbench.view.extension.fluxGitops'));
  }

  /** The view shows again: summaries older than half a minute are read again (the rows show their age). */
  private shown(): void {
    const first = !this.started;
    if (!this.ensureStarted() || first) return;
    this.manager.wantSummaries(this.manager.list().map((s) => s.name), false);
  }

  /** Connects to the clusters once; later calls do nothing. Refuses in an untrusted workspace. */
  ensureStarted(): boolean {
    if (!vscode.workspace.isTrusted) return false;
    if (this.started) return true;
    this.started = true;
    this.manager.load();
    this.updateStatus(this.model.failingCount());
    return true;
  }

  requireTrusted(): void {
    if (!this.ensureStarted()) throw new Error(UNTRUSTED_TEXT);
  }

  private onConfig(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('fluxGitops.tree.alwaysShowNamespaces')) this.model.setAlwaysShowNamespaces(alwaysShowNamespaces());
    if (e.affectsConfiguration('fluxGitops.attention.suspendedForMinutes')) this.model.depth.setSuspendedForMs(suspendedForMs());
    const keys = ['kubeconfig', 'contexts', 'fluxNamespace', 'requestTimeoutSeconds'];
    if (!keys.some((k) => e.affectsConfiguration(`fluxGitops.${k}`))) {
      // Pinning contexts changes only which are watched: no reload.
      if (this.started && e.affectsConfiguration('fluxGitops.watchContexts')) this.manager.setWatchContexts(readSettings().watchContexts ?? []);
      return;
    }
    if (this.started) this.manager.update(readSettings());
  }

  private logProblems(): void {
    for (const p of this.manager.problems) this.ctx.log.warn(p);
    if (this.manager.missingContexts.length > 0) this.ctx.log.warn(`Configured contexts not found: ${this.manager.missingContexts.join(', ')}`);
  }

  /** Scope: every context shown in the tree. Shown once the explorer has started. */
  private updateStatus(failing: number): void {
    if (!this.started) {
      this.statusItem.hide();
      return;
    }
    const contexts = this.manager.list().length;
    this.statusItem.text = failing > 0 ? `$(error) Flux: ${failing} failing` : '$(pass) Flux: none failing';
    this.statusItem.tooltip = `${failing} Flux object${failing === 1 ? '' : 's'} failing in the ${contexts} context${contexts === 1 ? '' : 's'} shown in the Flux GitOps view.`;
    this.statusItem.backgroundColor = failing > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.statusItem.show();
  }

  session(ref: ObjectRef) {
    const s = this.manager.session(ref.context);
    if (!s) throw new Error(`Context ${ref.context} is not shown.`);
    return s;
  }

  private liveYaml(ref: ObjectRef): Promise<string> {
    return liveYaml(this.session(ref), ref);
  }

  private async eventsText(ref: ObjectRef): Promise<string> {
    const session = this.session(ref);
    const parts = [formatEvents(`Events of ${describeRef(ref)} (context ${ref.context})`, await objectEvents(session, ref))];
    const obj = session.get(ref.kindKey, ref.namespace, ref.name);
    const source = obj ? sourceOf(obj, ref.context) : undefined;
    if (source) {
      const events = await objectEvents(session, source).catch((err: Error) => err);
      parts.push(
        events instanceof Error
          ? `Events of the source ${kindOfRef(source)} ${source.name}: ${events.message}\n`
          : formatEvents(`Events of the source ${describeRef(source)}`, events),
      );
    }
    return parts.join('\n');
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

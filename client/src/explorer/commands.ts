// The cluster commands in VS Code: target resolution (tree node, selection or quick pick), progress
// notifications and messages (texts from cluster/reports.ts) around the plain functions of
// cluster/actions.ts and cluster/logs.ts; log lines go to the log view.
import * as vscode from 'vscode';
import type { KindInfo } from '../../../server/src/shared/kinds';
import { ObjectAtRequest } from '../../../server/src/shared/protocol';
import { forceSync, helmRelease, reconcile, reconcileWithSource, resume, suspend, SuspendedError, type Outcome, type WaitOptions } from '../cluster/actions';
import { kindKey } from '../cluster/discovery';
import { controllerPods, levelRank, streamControllerLogs, streamPodLog, type LogLevel } from '../cluster/logs';
import { outcomeNotice, progressTitle } from '../cluster/reports';
import { CONTROLLERS_KEY } from '../cluster/session';
import { describeRef as label, kindOfRef as kindOf, type KObject, type ObjectRef } from '../cluster/types';
import type { ServerHandle } from '../languageClient';
import type { TreeNode } from '../tree/model';
import { compareWithLive, findManifest } from './compare';
import { EVENTS_SCHEME, LIVE_SCHEME, refUri } from './documents';
import type { Explorer } from './explorer';
import { LogView } from './logView';

type Filter = (info: KindInfo | undefined, obj: KObject) => boolean;

interface Target {
  readonly ref: ObjectRef;
  readonly obj: KObject;
  readonly info?: KindInfo;
}

export class ClusterCommands {
  readonly logs = new LogView();

  constructor(
    private readonly explorer: Explorer,
    private readonly server: ServerHandle,
  ) {}

  dispose(): void {
    this.logs.dispose();
  }

  // ---- targets ----

  /** The node the command was invoked on, else the selected node, else a quick pick. */
  private async target(arg: unknown, filter: Filter, placeholder: string): Promise<Target | undefined> {
    this.explorer.requireTrusted();
    const fromNode = (node: TreeNode | undefined): Target | undefined => {
      if (!node || node.type !== 'object' || node.ref.kindKey === CONTROLLERS_KEY) return undefined;
      const found = this.explorer.model.object(node);
      if (!found) return undefined;
      const info = found.session.served(node.ref.kindKey)?.info;
      return filter(info, found.obj) ? { ref: found.ref, obj: found.obj, info } : undefined;
    };
    const direct = fromNode(arg as TreeNode | undefined);
    if (direct) return direct;
    if (!arg) {
      const selected = fromNode(this.explorer.view.selection[0]);
      if (selected) return selected;
    }
    const candidates = this.explorer.model.allObjects(filter);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Flux GitOps: no matching object in the shown clusters (yet).');
      return undefined;
    }
    const items = candidates
      .map((c) => ({
        label: c.ref.name,
        description: `${kindOf(c.ref)}${c.ref.namespace ? ` · ${c.ref.namespace}` : ''}`,
        detail: c.ref.context,
        target: { ref: c.ref, obj: c.obj, info: c.info },
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: placeholder, matchOnDescription: true, matchOnDetail: true });
    return picked?.target;
  }

  // ---- reconcile family ----

  private async withProgress<T>(title: string, run: (opts: WaitOptions) => Promise<T>): Promise<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return run({ signal: abort.signal, onProgress: (message) => progress.report({ message }) });
    });
  }

  /** One short notification per outcome; Details shows every fact (the full revision, the whole message). */
  private report(outcomes: readonly Outcome[]): void {
    for (const o of outcomes) {
      const notice = outcomeNotice(o);
      this.explorer.ctx.log.info(notice.detail.replace(/\n/g, '; '));
      const show = (options: vscode.MessageOptions, ...items: string[]) =>
        notice.ok ? vscode.window.showInformationMessage(notice.text, options, ...items) : vscode.window.showErrorMessage(notice.text, options, ...items);
      void show({}, 'Details').then((choice) => choice && show({ modal: true, detail: notice.detail }));
    }
  }

  /** A suspended object is refused with an offer to resume it. */
  private async offerResume(err: unknown): Promise<void> {
    if (!(err instanceof SuspendedError)) throw err;
    const choice = await vscode.window.showWarningMessage(err.message, 'Resume');
    if (choice === 'Resume') await this.resume(this.nodeFor(err.ref));
  }

  private nodeFor(ref: ObjectRef): TreeNode {
    const served = this.explorer.manager.session(ref.context)?.served(ref.kindKey);
    return this.explorer.model.objectNode(ref, served?.info.treeGroup ?? 'Sources');
  }

  async reconcile(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i) => i?.fluxReconcilable === true, 'Object to reconcile');
    if (!t) return;
    const session = this.explorer.session(t.ref);
    try {
      const outcome = await this.withProgress(progressTitle('Reconciling', t.ref), (o) => reconcile(session, t.ref, o));
      this.report([outcome]);
    } catch (err) {
      await this.offerResume(err);
    }
  }

  async reconcileWithSource(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i) => i?.kind === 'Kustomization' || i?.kind === 'HelmRelease', 'Object to reconcile with its source');
    if (!t) return;
    const session = this.explorer.session(t.ref);
    try {
      this.report(await this.withProgress(progressTitle('Reconciling', t.ref, ' with its source'), (o) => reconcileWithSource(session, t.ref, o)));
    } catch (err) {
      await this.offerResume(err);
    }
  }

  async helm(arg: unknown, action: 'force' | 'reset'): Promise<void> {
    const t = await this.target(arg, (i) => i?.kind === 'HelmRelease', `HelmRelease to ${action}`);
    if (!t) return;
    const session = this.explorer.session(t.ref);
    try {
      this.report([await this.withProgress(progressTitle(action === 'force' ? 'Forcing' : 'Resetting', t.ref), (o) => helmRelease(session, t.ref, action, o))]);
    } catch (err) {
      await this.offerResume(err);
    }
  }

  async suspend(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i, o) => i?.suspendable === true && o.spec?.suspend !== true, 'Object to suspend');
    if (!t) return;
    const reason = await vscode.window.showInputBox({
      title: `Suspend ${label(t.ref)}`,
      prompt: 'Why? (optional; recorded in an annotation with your user name)',
      placeHolder: 'e.g. incident 1234, manual hotfix in progress',
    });
    if (reason === undefined) return;
    await suspend(this.explorer.session(t.ref), t.ref, reason);
    void vscode.window.showInformationMessage(`${label(t.ref)} suspended.`);
  }

  async resume(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i, o) => i?.suspendable === true && o.spec?.suspend === true, 'Object to resume');
    if (!t) return;
    const session = this.explorer.session(t.ref);
    this.report([await this.withProgress(progressTitle('Resuming', t.ref), (o) => resume(session, t.ref, o))]);
  }

  async forceSync(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i) => i?.syncAnnotation !== undefined, 'ExternalSecret to sync');
    if (!t) return;
    const session = this.explorer.session(t.ref);
    const result = await this.withProgress(progressTitle('Syncing', t.ref), (o) => forceSync(session, t.ref, o));
    if (result.refreshed) void vscode.window.showInformationMessage(`${label(t.ref)} refreshed at ${result.refreshTime}.`);
    else void vscode.window.showWarningMessage(`${label(t.ref)}: sync requested, but no refresh was seen within 30 s.`);
  }

  // ---- inspection ----

  async showEvents(arg: unknown): Promise<void> {
    const t = await this.target(arg, () => true, 'Object whose events to show');
    if (!t) return;
    const doc = await vscode.workspace.openTextDocument(refUri(EVENTS_SCHEME, t.ref, '.events'));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  async openLive(arg: unknown): Promise<void> {
    const t = await this.target(arg, () => true, 'Live object to open');
    if (!t) return;
    const doc = await vscode.workspace.openTextDocument(refUri(LIVE_SCHEME, t.ref, '.yaml'));
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  async copyName(arg: unknown): Promise<void> {
    const t = await this.target(arg, () => true, 'Object whose name to copy');
    if (!t) return;
    await vscode.env.clipboard.writeText(t.ref.name);
    vscode.window.setStatusBarMessage(`Copied ${t.ref.name}`, 2000);
  }

  async refresh(arg: unknown): Promise<void> {
    if (!this.explorer.ensureStarted()) throw new Error('The cluster explorer is off in an untrusted workspace.');
    const node = arg as TreeNode | undefined;
    await this.explorer.manager.refresh(node?.type === 'context' ? node.context : undefined);
  }

  // ---- logs ----

  private async pickLogMode(): Promise<{ follow: boolean; level: LogLevel } | undefined> {
    const items: (vscode.QuickPickItem & { follow: boolean; level: LogLevel })[] = [
      { label: 'Follow, info and errors', follow: true, level: 'info' },
      { label: 'Follow, errors only', follow: true, level: 'error' },
      { label: 'Follow, everything (debug)', follow: true, level: 'debug' },
      { label: 'Recent lines only, info and errors', follow: false, level: 'info' },
    ];
    return vscode.window.showQuickPick(items, { placeHolder: 'Log lines to show' });
  }

  async showLogs(arg: unknown): Promise<void> {
    const t = await this.target(arg, (i) => i?.controller !== undefined, 'Object whose controller logs to show');
    if (!t?.info?.controller) return;
    const mode = await this.pickLogMode();
    if (!mode) return;
    const session = this.explorer.session(t.ref);
    const target = { kind: t.info.kind, name: t.ref.name, namespace: t.ref.namespace };
    const withPod = (await controllerPods(session, t.info.controller)).length > 1;
    this.logs.begin(`# ${t.info.controller} log lines about ${label(t.ref)} (context ${t.ref.context}, level ≥ ${mode.level}${mode.follow ? ', following' : ''})`, { target, withPod });
    const streams = await streamControllerLogs(session, t.info.controller, {
      follow: mode.follow,
      minLevel: mode.level,
      tailLines: 2000,
      target,
      onEntry: (e) => this.logs.append(e),
    });
    this.logs.following(streams, mode.follow, t.ref.name);
  }

  async showControllerLogs(arg: unknown): Promise<void> {
    this.explorer.requireTrusted();
    const node = arg as TreeNode | undefined;
    let pod: { context: string; obj: KObject } | undefined;
    if (node?.type === 'object' && node.ref.kindKey === CONTROLLERS_KEY) {
      const found = this.explorer.model.object(node);
      if (found) pod = { context: node.ref.context, obj: found.obj };
    }
    pod ??= await this.pickPod();
    if (!pod) return;
    const mode = await this.pickLogMode();
    if (!mode) return;
    this.logs.begin(`# Log of pod ${pod.obj.metadata.namespace}/${pod.obj.metadata.name} (context ${pod.context}, level ≥ ${mode.level}${mode.follow ? ', following' : ''})`, {});
    const session = this.explorer.session({ context: pod.context, kindKey: CONTROLLERS_KEY, name: pod.obj.metadata.name });
    const min = levelRank(mode.level);
    const stream = await streamPodLog(session, pod.obj, {
      follow: mode.follow,
      tailLines: 2000,
      onEntry: (e) => levelRank(e.level) >= min && this.logs.append(e),
    });
    this.logs.following([stream], mode.follow, pod.obj.metadata.name);
  }

  private async pickPod(): Promise<{ context: string; obj: KObject } | undefined> {
    const items: (vscode.QuickPickItem & { context: string; obj: KObject })[] = [];
    for (const s of this.explorer.manager.list()) {
      for (const obj of s.list(CONTROLLERS_KEY)) items.push({ label: obj.metadata.name, description: s.name, context: s.name, obj });
    }
    if (items.length === 0) throw new Error('No Flux controller pods found in the shown contexts.');
    return vscode.window.showQuickPick(items, { placeHolder: 'Controller pod' });
  }

  // ---- manifests ----

  async revealManifest(arg: unknown): Promise<void> {
    const t = await this.target(arg, () => true, 'Object whose manifest to reveal');
    if (!t) return;
    const pick = await findManifest(this.server, t.ref);
    if (!pick) return;
    const pos = new vscode.Position(pick.line, pick.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri), { selection: new vscode.Range(pos, pos) });
  }

  async compareWithLive(arg: unknown): Promise<void> {
    const t = await this.target(arg, (_info, obj) => obj.kind !== 'Secret', 'Object to compare with its manifest');
    if (t) await compareWithLive(this.explorer, this.server, this.explorer.drift, t.ref);
  }

  async revealLive(): Promise<void> {
    this.explorer.requireTrusted();
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error('Open a manifest first.');
    const client = this.server.client();
    if (!client) throw new Error('The language server is not running.');
    const pos = editor.selection.active;
    const params: ObjectAtRequest.Params = { uri: editor.document.uri.toString(), line: pos.line, character: pos.character };
    const obj = await client.sendRequest<ObjectAtRequest.Result | null>(ObjectAtRequest.method, params);
    if (!obj) throw new Error('No Kubernetes object at the cursor.');
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.lastIndexOf('/')) : '';
    const key = kindKey(group, obj.kind);
    const matches = this.explorer.model
      .allObjects((info, o) => info !== undefined && kindKey(info.group, info.kind) === key && o.metadata.name === obj.name)
      .filter((m) => !obj.namespace || !m.ref.namespace || m.ref.namespace === obj.namespace);
    if (matches.length === 0) {
      void vscode.window.showInformationMessage(`${obj.kind} ${obj.namespace ? `${obj.namespace}/` : ''}${obj.name} is not in the shown clusters.`);
      return;
    }
    const pick =
      matches.length === 1
        ? matches[0]
        : (await vscode.window.showQuickPick(matches.map((m) => ({ label: m.ref.context, description: m.ref.namespace, m })), { placeHolder: 'Context' }))?.m;
    if (!pick) return;
    await this.explorer.view.reveal(pick.node, { select: true, focus: true, expand: true });
  }
}

// The cluster tree as data, without VS Code: contexts -> groups -> (namespaces ->) objects. A group whose
// objects all live in one namespace shows them directly, unless `alwaysShowNamespaces`. Node objects are
// interned by a stable id, so the same object comes back for the same node and the view keeps its expansion
// state; a watch event marks only the affected node dirty, and dirty nodes are reported in coalesced batches.
import type { KindInfo } from '../../../server/src/shared/kinds';
import { isFluxGroup } from '../cluster/discovery';
import type { ClusterManager, ManagerEvent } from '../cluster/manager';
import { CONTROLLERS_KEY, type ClusterSession } from '../cluster/session';
import { objectStatus, podState, tooltipLines, type StatusState } from '../cluster/status';
import { summaryDetails, summaryText, totals } from '../cluster/summary';
import { refKey, type KObject, type ObjectRef } from '../cluster/types';
import { Depth, isDepthNode, type DepthNode } from './depth';

export type GroupName = NonNullable<KindInfo['treeGroup']> | 'Flux controllers';

export const GROUP_ORDER: readonly GroupName[] = [
  // The instance that installs the cluster's Flux comes first.
  'Flux Operator',
  'Sources',
  'Kustomizations',
  'HelmReleases',
  'Canaries',
  'Notifications',
  'Image automation',
  'Artifacts',
  'External Secrets',
  'Flux controllers',
];

/** Groups holding several kinds show the kind in each object's description. */
const MIXED: ReadonlySet<GroupName> = new Set(['Flux Operator', 'Sources', 'Notifications', 'Image automation', 'Artifacts', 'External Secrets']);

export type TreeNode =
  | { readonly type: 'context'; readonly id: string; readonly context: string }
  | { readonly type: 'group'; readonly id: string; readonly context: string; readonly group: GroupName }
  | { readonly type: 'namespace'; readonly id: string; readonly context: string; readonly group: GroupName; readonly namespace: string }
  /** `under`: the id of the node it sits in, when that is not its group (an inventory, "Needs attention"). */
  | { readonly type: 'object'; readonly id: string; readonly ref: ObjectRef; readonly group: GroupName; readonly under?: string }
  | { readonly type: 'message'; readonly id: string; readonly text: string; readonly severity: 'info' | 'warning' | 'error'; readonly detail?: string }
  | DepthNode;

export type IconName =
  | StatusState
  | 'context'
  | 'context-error'
  | 'context-connecting'
  | 'group'
  | 'namespace'
  | 'info'
  | 'warning'
  | 'error'
  | 'applied'
  | 'loading'
  | 'forbidden'
  | 'secret'
  | 'more'
  | 'history'
  | 'attention'
  | 'kind';

export interface NodeView {
  readonly label: string;
  readonly description?: string;
  /** Tooltip lines; the first is a title. */
  readonly tooltip: readonly string[];
  readonly icon: IconName;
  /** Space-separated tokens the menus of package.json test (see architecture.md). */
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** A command run when the node is clicked, with the node as its argument. */
  readonly command?: string;
}

/** The controller pods sit directly in their group, whatever their namespaces. */
const FLAT_GROUPS: ReadonlySet<GroupName> = new Set(['Flux controllers']);

export interface TreeModelOptions {
  /** Coalescing delay of change reports in ms. */
  readonly flushMs?: number;
  /** Above this many dirty nodes in one batch the whole tree is reported instead. */
  readonly maxBatch?: number;
  /** Shows the namespace level also when a group's objects all live in one namespace. */
  readonly alwaysShowNamespaces?: boolean;
  /** Suspensions shorter than this are not listed under "Needs attention". */
  readonly suspendedForMs?: number;
}

type Listener = (nodes: readonly TreeNode[] | undefined) => void;

interface GroupLayout {
  readonly count: number;
  /** Cluster-scoped objects and the members of flat groups. */
  readonly unscoped: TreeNode[];
  readonly byNamespace: Map<string, TreeNode[]>;
  readonly namespaces: string[];
}

export class TreeModel {
  private readonly nodes = new Map<string, TreeNode>();
  private readonly layouts = new Map<string, GroupLayout>();
  private readonly dirty = new Set<TreeNode>();
  private rootDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly failingListeners = new Set<(count: number) => void>();
  /** refKey -> true for Flux objects whose state is failed. */
  private readonly failing = new Set<string>();
  private disabledText: string | undefined;
  private alwaysShowNamespaces: boolean;
  private readonly sub: { dispose(): void };
  /** What is inside Flux objects, and "Needs attention". */
  readonly depth: Depth;
  /** Contexts expanded in the view: they are watched in full (watchPlan.ts). */
  private readonly open = new Set<string>();

  constructor(
    private readonly manager: ClusterManager,
    private readonly options: TreeModelOptions = {},
  ) {
    this.alwaysShowNamespaces = options.alwaysShowNamespaces ?? false;
    this.sub = manager.onEvent((e) => this.onManagerEvent(e));
    const host = { intern: <T extends TreeNode>(n: T) => this.intern(n), node: (id: string) => this.nodes.get(id), mark: (n: TreeNode) => this.mark(n), parent: (n: TreeNode) => this.parent(n) };
    this.depth = new Depth(manager, host, { suspendedForMs: options.suspendedForMs });
  }

  dispose(): void {
    this.sub.dispose();
    this.depth.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    this.failingListeners.clear();
  }

  /** `undefined` in the callback means: everything below the root. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  onDidChangeFailing(listener: (count: number) => void): { dispose(): void } {
    this.failingListeners.add(listener);
    return { dispose: () => this.failingListeners.delete(listener) };
  }

  failingCount(): number {
    return this.failing.size;
  }

  /** Shows one message instead of the clusters (e.g. an untrusted workspace); `undefined` shows them again. */
  setDisabled(text: string | undefined): void {
    this.disabledText = text;
    this.markRoot();
  }

  /** Follows the `fluxGitops.tree.alwaysShowNamespaces` setting; node ids stay, only the shape changes. */
  setAlwaysShowNamespaces(value: boolean): void {
    if (value === this.alwaysShowNamespaces) return;
    this.alwaysShowNamespaces = value;
    this.markRoot();
  }

  // ---- nodes ----

  private intern<T extends TreeNode>(node: T): T {
    const hit = this.nodes.get(node.id);
    if (hit) return hit as T;
    this.nodes.set(node.id, node);
    return node;
  }

  contextNode(context: string): TreeNode {
    return this.intern({ type: 'context', id: `c|${context}`, context });
  }

  groupNode(context: string, group: GroupName): TreeNode {
    return this.intern({ type: 'group', id: `g|${context}|${group}`, context, group });
  }

  namespaceNode(context: string, group: GroupName, namespace: string): TreeNode {
    return this.intern({ type: 'namespace', id: `n|${context}|${group}|${namespace}`, context, group, namespace });
  }

  objectNode(ref: ObjectRef, group: GroupName): TreeNode {
    return this.intern({ type: 'object', id: `o|${refKey(ref)}`, ref, group });
  }

  private message(scope: string, text: string, severity: 'info' | 'warning' | 'error', detail?: string): TreeNode {
    // Messages are not interned by text alone: a changed text under the same scope is a new node.
    return this.intern({ type: 'message', id: `m|${scope}|${text}`, text, severity, detail });
  }

  // ---- structure ----

  roots(): TreeNode[] {
    if (this.disabledText) return [this.message('root', this.disabledText, 'info')];
    const out: TreeNode[] = this.manager.problems.map((p) => this.message('root', p, 'error'));
    if (this.manager.missingContexts.length > 0) {
      out.push(this.message('root', `Configured contexts not in the kubeconfig: ${this.manager.missingContexts.join(', ')}`, 'warning'));
    }
    const sessions = this.manager.list();
    if (sessions.length === 0 && out.length === 0) out.push(this.message('root', 'No kube contexts found. Set fluxGitops.kubeconfig or KUBECONFIG.', 'info'));
    return [...out, ...sessions.map((s) => this.contextNode(s.name))];
  }

  children(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots();
    if (isDepthNode(node)) return this.depth.children(node);
    const session = this.sessionOf(node);
    if (!session) return [];
    switch (node.type) {
      case 'context':
        return this.contextChildren(session);
      case 'group':
        return this.groupChildren(session, node.group);
      case 'namespace':
        return this.layout(session, node.group).byNamespace.get(node.namespace) ?? [];
      case 'object':
        return this.depth.children(node);
      default:
        return [];
    }
  }

  parent(node: TreeNode): TreeNode | undefined {
    if (isDepthNode(node)) return this.depth.parent(node);
    if (node.type === 'object' && node.under) return this.nodes.get(node.under);
    switch (node.type) {
      case 'group':
        return this.contextNode(node.context);
      case 'namespace':
        return this.groupNode(node.context, node.group);
      case 'object':
        if (node.ref.namespace && this.showsNamespaces(node.ref.context, node.group)) return this.namespaceNode(node.ref.context, node.group, node.ref.namespace);
        return this.groupNode(node.ref.context, node.group);
      default:
        return undefined;
    }
  }

  private sessionOf(node: TreeNode): ClusterSession | undefined {
    if (node.type === 'message' || isDepthNode(node)) return undefined;
    return this.manager.session(node.type === 'object' ? node.ref.context : node.context);
  }

  private contextChildren(session: ClusterSession): TreeNode[] {
    const scope = session.name;
    // The view asks for a context's children only when it is expanded: that is the look that watches it.
    this.lookAt(session.name, true);
    if (session.phase === 'idle') return [this.message(scope, 'Connecting…', 'info')];
    if (session.phase === 'connecting') return [this.message(scope, 'Connecting…', 'info')];
    if (session.phase === 'error') return [this.message(scope, session.error?.message ?? 'Unknown error.', 'error')];
    const d = session.discovery;
    if (!d) return [];
    const out: TreeNode[] = [];
    if (!d.fluxInstalled) out.push(this.message(scope, 'Flux is not installed (the cluster serves no toolkit.fluxcd.io API).', 'warning'));
    out.push(...this.depth.contextTop(session));
    const groups = new Set<GroupName>();
    for (const k of d.kinds.values()) if (k.info.treeGroup) groups.add(k.info.treeGroup);
    if (d.fluxInstalled) groups.add('Flux controllers');
    for (const g of GROUP_ORDER) if (groups.has(g)) out.push(this.groupNode(session.name, g));
    return out;
  }

  /** Kind keys of a group that the session watches. */
  private kindKeys(session: ClusterSession, group: GroupName): string[] {
    if (group === 'Flux controllers') return session.kinds.has(CONTROLLERS_KEY) ? [CONTROLLERS_KEY] : [];
    return [...session.kinds.values()].filter((k) => k.served?.info.treeGroup === group).map((k) => k.key);
  }

  /**
   * The object nodes of a group, sorted, and split by namespace. Cached per group until an object is added or
   * removed (a status change keeps the structure), so expanding many namespaces stays cheap on big clusters.
   */
  private layout(session: ClusterSession, group: GroupName): GroupLayout {
    const id = `${session.name}|${group}`;
    const hit = this.layouts.get(id);
    if (hit) return hit;
    const all: { node: TreeNode; ns: string | undefined; sort: string }[] = [];
    for (const key of this.kindKeys(session, group)) {
      for (const obj of session.list(key)) {
        const ref: ObjectRef = { context: session.name, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name };
        const ns = FLAT_GROUPS.has(group) ? undefined : obj.metadata.namespace;
        all.push({ node: this.objectNode(ref, group), ns, sort: `${obj.metadata.name}\u0000${key}` });
      }
    }
    all.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
    const byNamespace = new Map<string, TreeNode[]>();
    const unscoped: TreeNode[] = [];
    for (const e of all) {
      if (e.ns === undefined) {
        unscoped.push(e.node);
        continue;
      }
      const list = byNamespace.get(e.ns);
      if (list) list.push(e.node);
      else byNamespace.set(e.ns, [e.node]);
    }
    const layout: GroupLayout = { count: all.length, unscoped, byNamespace, namespaces: [...byNamespace.keys()].sort() };
    this.layouts.set(id, layout);
    return layout;
  }

  /** Whether a group shows a namespace level: several namespaces, or the setting asks for it. */
  private showsNamespaces(context: string, group: GroupName): boolean {
    if (FLAT_GROUPS.has(group)) return false;
    const session = this.manager.session(context);
    if (!session) return true;
    const n = this.layout(session, group).namespaces.length;
    return n > 1 || (n === 1 && this.alwaysShowNamespaces);
  }

  private groupChildren(session: ClusterSession, group: GroupName): TreeNode[] {
    const scope = `${session.name}|${group}`;
    const out: TreeNode[] = [];
    for (const key of this.kindKeys(session, group)) {
      const state = session.kinds.get(key);
      if (state?.error) out.push(this.message(scope, state.error.message, state.error.kind === 'forbidden' ? 'warning' : 'error'));
      else if (state && !state.synced) out.push(this.message(scope, `Listing ${key.slice(key.indexOf('/') + 1)}…`, 'info'));
    }
    const layout = this.layout(session, group);
    if (layout.count === 0 && out.length === 0) return [this.message(scope, 'None', 'info')];
    if (!this.showsNamespaces(session.name, group)) return [...out, ...layout.namespaces.flatMap((ns) => layout.byNamespace.get(ns) ?? []), ...layout.unscoped];
    return [...out, ...layout.namespaces.map((ns) => this.namespaceNode(session.name, group, ns)), ...layout.unscoped];
  }

  // ---- views ----

  object(node: TreeNode): { session: ClusterSession; ref: ObjectRef; obj: KObject } | undefined {
    if (node.type !== 'object') return undefined;
    const session = this.manager.session(node.ref.context);
    const obj = session?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    return session && obj ? { session, ref: node.ref, obj } : undefined;
  }

  view(node: TreeNode): NodeView {
    switch (node.type) {
      case 'message':
        return { label: node.text, tooltip: [node.detail ?? node.text], icon: node.severity, contextValue: 'message', collapsible: 'none' };
      case 'context':
        return this.contextView(node.context);
      case 'group':
        return this.groupView(node.context, node.group);
      case 'namespace':
        return { label: node.namespace, tooltip: [`Namespace ${node.namespace}`], icon: 'namespace', contextValue: 'namespace', collapsible: 'collapsed' };
      case 'object':
        return this.objectView(node);
      default:
        return this.depth.view(node);
    }
  }

  private lookAt(context: string, on: boolean): void {
    if (this.open.has(context) === on) return;
    if (on) this.open.add(context);
    else this.open.delete(context);
    this.manager.look('tree', this.open);
  }

  /** A context nobody looks at: its summary in the row, with where it comes from and its age in the tooltip. */
  private idleView(context: string, server: string): NodeView {
    const read = this.manager.summary(context);
    const base = { label: context, contextValue: 'context', collapsible: this.openState(context) };
    if (!read) return { ...base, description: 'not watched', tooltip: [context, server, 'Not watched; its summary is on its way. Expand to watch it live.'], icon: 'context' };
    const failing = read.summary.error ? 0 : totals(read.summary).failing;
    const icon: IconName = read.summary.error || failing > 0 ? 'context-error' : 'context';
    return { ...base, description: summaryText(read.summary), tooltip: [context, server, ...summaryDetails(read.summary, Date.now())], icon };
  }

  private contextView(context: string): NodeView {
    const s = this.manager.session(context);
    const server = s?.context.server ?? '';
    if (s?.phase === 'idle') return this.idleView(context, server);
    if (!s || s.phase === 'connecting') return { label: context, description: 'connecting…', tooltip: [context, server], icon: 'context-connecting', contextValue: 'context', collapsible: this.openState(context) };
    if (s.phase === 'error') {
      return { label: context, description: s.error?.kind ?? 'error', tooltip: [context, server, s.error?.message ?? ''], icon: 'context-error', contextValue: 'context', collapsible: 'expanded' };
    }
    return { label: context, description: server.replace(/^https?:\/\//, ''), tooltip: [context, server], icon: 'context', contextValue: 'context', collapsible: this.openState(context) };
  }

  /**
   * A context the view has open stays open when its row is drawn again (connected, a kind installed later): the
   * row says so, so a workbench that takes the state a redrawn row gives does not fold it.
   */
  private openState(context: string): 'expanded' | 'collapsed' {
    return this.open.has(context) ? 'expanded' : 'collapsed';
  }

  private groupView(context: string, group: GroupName): NodeView {
    const s = this.manager.session(context);
    const count = s ? this.kindKeys(s, group).reduce((n, k) => n + s.count(k), 0) : 0;
    return { label: group, description: String(count), tooltip: [group], icon: 'group', contextValue: `group${group === 'Flux controllers' ? ' controllers' : ''}`, collapsible: 'collapsed' };
  }

  private objectView(node: Extract<TreeNode, { type: 'object' }>): NodeView {
    const found = this.object(node);
    if (!found) return { label: node.ref.name, description: 'gone', tooltip: [node.ref.name], icon: 'unknown', contextValue: 'gone', collapsible: 'none' };
    const { session, obj } = found;
    if (node.ref.kindKey === CONTROLLERS_KEY) {
      const p = podState(obj);
      const labels = obj.metadata.labels ?? {};
      const label = labels['app.kubernetes.io/component'] ?? labels.app ?? obj.metadata.name;
      return { label, description: p.description, tooltip: [`Pod ${obj.metadata.namespace}/${obj.metadata.name}`, `Phase: ${p.description}`], icon: p.state, contextValue: 'controller', collapsible: 'none' };
    }
    const info = session.served(node.ref.kindKey)?.info;
    const status = objectStatus(obj, info);
    const prefix = MIXED.has(node.group) ? `${obj.kind ?? ''} · ` : '';
    return {
      label: obj.metadata.name,
      description: `${prefix}${status.description}`,
      tooltip: tooltipLines(obj, info, status),
      icon: status.state,
      contextValue: contextTokens(info, obj),
      collapsible: this.depth.expandable(node.ref) ? 'collapsed' : 'none',
    };
  }

  /**
   * The view expanded a node. A context counts as open from this moment, not from the view's first request for
   * its children: a redraw of its row in between (connected, rediscovery) then keeps it open.
   */
  expanded(node: TreeNode): void {
    if (node.type === 'context') this.lookAt(node.context, true);
  }

  /** The view collapsed a node: watches of what is inside it stop. */
  collapsed(node: TreeNode): void {
    if (node.type === 'context') this.lookAt(node.context, false);
    this.depth.collapsed(node);
  }

  // ---- events ----

  private onManagerEvent(e: ManagerEvent | undefined): void {
    if (!e) {
      this.layouts.clear();
      this.failing.clear();
      this.emitFailing();
      return this.markRoot();
    }
    const { context, event } = e;
    switch (event.type) {
      case 'session':
        for (const id of [...this.layouts.keys()]) if (id.startsWith(`${context}|`)) this.layouts.delete(id);
        this.recountContext(context);
        return this.mark(this.contextNode(context));
      case 'kind':
        return this.markGroupOf(context, event.kindKey);
      case 'reset':
        this.recountKind(context, event.kindKey);
        return this.markGroupOf(context, event.kindKey);
      case 'upsert':
        return this.onUpsert(context, event.kindKey, event.obj, event.prev);
      case 'remove':
        this.setFailing(context, event.kindKey, event.obj, false);
        return this.markContainer(context, event.kindKey);
    }
  }

  private groupOf(context: string, key: string): GroupName | undefined {
    if (key === CONTROLLERS_KEY) return 'Flux controllers';
    return this.manager.session(context)?.served(key)?.info.treeGroup;
  }

  private markGroupOf(context: string, key: string): void {
    const group = this.groupOf(context, key);
    if (!group) return;
    this.layouts.delete(`${context}|${group}`);
    this.mark(this.groupNode(context, group));
  }

  /** The parent of an added or removed object, and the group (its count, and maybe the namespace split). */
  private markContainer(context: string, key: string): void {
    this.markGroupOf(context, key);
  }

  private onUpsert(context: string, key: string, obj: KObject, prev: KObject | undefined): void {
    this.setFailing(context, key, obj, this.isFailing(context, key, obj));
    if (!prev) return this.markContainer(context, key);
    const group = this.groupOf(context, key);
    if (!group) return;
    const ref: ObjectRef = { context, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name };
    const node = this.objectNode(ref, group);
    // Only a change the user can see refreshes the node; status-only noise (e.g. resourceVersion) does not.
    if (this.signature(context, key, prev) !== this.signature(context, key, obj)) this.mark(node);
  }

  private signature(context: string, key: string, obj: KObject): string {
    if (key === CONTROLLERS_KEY) return JSON.stringify(podState(obj));
    const info = this.manager.session(context)?.served(key)?.info;
    const s = objectStatus(obj, info);
    return `${s.state}\u0000${s.description}\u0000${tooltipLines(obj, info, s).join('\n')}\u0000${contextTokens(info, obj)}`;
  }

  private isFailing(context: string, key: string, obj: KObject): boolean {
    const served = this.manager.session(context)?.served(key);
    if (!served || !isFluxGroup(served.group)) return false;
    return objectStatus(obj, served.info).state === 'failed';
  }

  private setFailing(context: string, key: string, obj: KObject, failing: boolean): void {
    const id = refKey({ context, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name });
    const had = this.failing.has(id);
    if (failing === had) return;
    if (failing) this.failing.add(id);
    else this.failing.delete(id);
    this.emitFailing();
  }

  private recountKind(context: string, key: string): void {
    const prefix = `${context}|${key}|`;
    for (const id of [...this.failing]) if (id.startsWith(prefix)) this.failing.delete(id);
    const session = this.manager.session(context);
    for (const obj of session?.list(key) ?? []) {
      if (this.isFailing(context, key, obj)) this.failing.add(refKey({ context, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name }));
    }
    this.emitFailing();
  }

  private recountContext(context: string): void {
    const prefix = `${context}|`;
    for (const id of [...this.failing]) if (id.startsWith(prefix)) this.failing.delete(id);
    const session = this.manager.session(context);
    for (const key of session?.kinds.keys() ?? []) {
      for (const obj of session?.list(key) ?? []) {
        if (this.isFailing(context, key, obj)) this.failing.add(refKey({ context, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name }));
      }
    }
    this.emitFailing();
  }

  private emitFailing(): void {
    const n = this.failing.size;
    for (const l of [...this.failingListeners]) l(n);
  }

  private markRoot(): void {
    this.rootDirty = true;
    this.schedule();
  }

  private mark(node: TreeNode): void {
    this.dirty.add(node);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.flushMs ?? 30);
  }

  /** Reports the dirty nodes now (tests call it instead of waiting for the timer). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const nodes = [...this.dirty];
    this.dirty.clear();
    const all = this.rootDirty || nodes.length > (this.options.maxBatch ?? 500);
    this.rootDirty = false;
    if (!all && nodes.length === 0) return;
    for (const l of [...this.listeners]) l(all ? undefined : nodes);
  }

  /** Every object node of every shown context, for the quick pick of the palette commands. */
  allObjects(filter?: (info: KindInfo | undefined, obj: KObject) => boolean): { node: TreeNode; ref: ObjectRef; obj: KObject; info?: KindInfo }[] {
    const out: { node: TreeNode; ref: ObjectRef; obj: KObject; info?: KindInfo }[] = [];
    for (const session of this.manager.list()) {
      for (const [key, state] of session.kinds) {
        if (!state.served?.info.treeGroup) continue;
        const info = state.served.info;
        for (const obj of session.list(key)) {
          if (filter && !filter(info, obj)) continue;
          const ref: ObjectRef = { context: session.name, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name };
          out.push({ node: this.objectNode(ref, info.treeGroup as GroupName), ref, obj, info });
        }
      }
    }
    return out;
  }
}

/** Menu tokens of an object node; package.json `when` clauses match them with /\btoken\b/. */
export function contextTokens(info: KindInfo | undefined, obj: KObject): string {
  const tokens = ['object'];
  if (!info) return tokens.join(' ');
  const suspended = obj.spec?.suspend === true;
  if (info.fluxReconcilable) tokens.push('reconcilable');
  if (info.kind === 'Kustomization' || info.kind === 'HelmRelease') tokens.push('hassource');
  if (info.suspendable) tokens.push('suspendable', suspended ? 'suspended' : 'active');
  if (info.kind === 'HelmRelease') tokens.push('helmrelease');
  if (info.syncAnnotation) tokens.push('esosync');
  if (info.kind === 'Receiver') tokens.push('receiver');
  return tokens.join(' ');
}

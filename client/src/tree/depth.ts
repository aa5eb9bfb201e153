// Inside a Flux object in the tree: a Kustomization expands to its revisions and what it applied (its
// inventory, grouped by kind, each entry with its health), a HelmRelease to its release history and the
// objects found by helm-controller's labels; nested Flux objects expand the same way. The objects are
// listed and watched only while their Flux object is expanded. Each context also gets a "Needs attention"
// group on top. Without VS Code: the tree model hosts it and the explorer forwards expand and collapse.
import { attentionReason, unhealthyInventoryReason } from '../cluster/attention';
import { CANARY_KEY, canariesOf, canaryOwner } from '../cluster/canary';
import { isFluxGroup } from '../cluster/discovery';
import { helmHistory, kustomizationRevisions, type HistoryRow } from '../cluster/history';
import {
  collectionsOf,
  entriesOf,
  groupByKind,
  hasInventory,
  helmCollections,
  helmLimitsText,
  helmReleaseSelector,
  inventoryEntries,
  isSecret,
  kustomizationSelector,
  page,
  PAGE_SIZE,
  type InventoryEntry,
  type KindGroup,
} from '../cluster/inventory';
import type { ClusterManager, ManagerEvent } from '../cluster/manager';
import { OwnedObjects } from '../cluster/owned';
import type { ClusterSession } from '../cluster/session';
import { HELMRELEASE_KEY, KUSTOMIZATION_KEY } from '../cluster/trace';
import { refKey, type KObject, type ObjectRef } from '../cluster/types';
import { entryHealth, KNOWN_HEALTH } from './entryHealth';
import type { GroupName, IconName, NodeView, TreeNode } from './model';

export type DepthNode =
  | { readonly type: 'attention'; readonly id: string; readonly context: string }
  | { readonly type: 'kind'; readonly id: string; readonly owner: string; readonly ref: ObjectRef; readonly key: string }
  | { readonly type: 'entry'; readonly id: string; readonly parentId: string; readonly owner: ObjectRef; readonly entry: InventoryEntry }
  | { readonly type: 'more'; readonly id: string; readonly parentId: string }
  | { readonly type: 'history'; readonly id: string; readonly owner: string; readonly ref: ObjectRef }
  | { readonly type: 'row'; readonly id: string; readonly parentId: string; readonly row: HistoryRow };

const DEPTH_TYPES: ReadonlySet<string> = new Set(['attention', 'kind', 'entry', 'more', 'history', 'row']);

export function isDepthNode(node: TreeNode): node is DepthNode {
  return DEPTH_TYPES.has(node.type);
}

type ObjectNode = Extract<TreeNode, { type: 'object' }>;

/** What the tree model lends: node interning, change marks and the parent of a node. */
export interface DepthHost {
  intern<T extends TreeNode>(node: T): T;
  node(id: string): TreeNode | undefined;
  mark(node: TreeNode): void;
  parent(node: TreeNode): TreeNode | undefined;
}

export interface DepthOptions {
  /** Suspensions shorter than this are not listed under "Needs attention"; 0 lists all. */
  readonly suspendedForMs?: number;
  readonly concurrency?: number;
}

/** The live objects of one expanded Flux object, and the tree nodes that show it. */
interface Watched {
  readonly owner: ObjectRef;
  readonly owned: OwnedObjects;
  readonly nodes: Set<string>;
  /** The collections last asked for, to skip a restart when the inventory did not change. */
  targets: string;
}

const EXPANDABLE: ReadonlySet<string> = new Set([KUSTOMIZATION_KEY, HELMRELEASE_KEY]);


export class Depth {
  private readonly watched = new Map<string, Watched>();
  private readonly shown = new Map<string, number>();
  /** refKey -> ids of the nested object nodes showing that object, refreshed with it. */
  private readonly nested = new Map<string, Set<string>>();
  private suspendedForMs: number;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly manager: ClusterManager,
    private readonly host: DepthHost,
    private readonly options: DepthOptions = {},
  ) {
    this.suspendedForMs = options.suspendedForMs ?? 24 * 3600_000;
    this.sub = manager.onEvent((e) => this.onEvent(e));
  }

  dispose(): void {
    this.sub.dispose();
    for (const w of this.watched.values()) w.owned.stop();
    this.watched.clear();
  }

  setSuspendedForMs(ms: number): void {
    this.suspendedForMs = ms;
    for (const s of this.manager.list()) this.host.mark(this.attentionNode(s.name));
  }

  /** Flux objects that open onto what they applied. */
  expandable(ref: ObjectRef): boolean {
    return EXPANDABLE.has(ref.kindKey);
  }

  /** How many expanded Flux objects have their applied objects watched, for tests and the benchmark. */
  watchedOwners(): number {
    return this.watched.size;
  }

  // ---- nodes ----

  attentionNode(context: string): DepthNode {
    return this.host.intern({ type: 'attention', id: `at|${context}`, context });
  }

  private kindNode(owner: ObjectNode, key: string): DepthNode {
    return this.host.intern({ type: 'kind', id: `k|${owner.id}|${key}`, owner: owner.id, ref: owner.ref, key });
  }

  private message(scope: string, text: string, severity: 'info' | 'warning' | 'error'): TreeNode {
    return this.host.intern({ type: 'message', id: `m|${scope}|${text}`, text, severity });
  }

  /** A Flux object listed inside another one (or under "Needs attention") is an object node of its own id. */
  private nestedObject(ref: ObjectRef, group: GroupName, under: string): TreeNode {
    const node = this.host.intern({ type: 'object', id: `o|${refKey(ref)}|in|${under}`, ref, group, under });
    const key = refKey(ref);
    const ids = this.nested.get(key) ?? new Set<string>();
    this.nested.set(key, ids.add(node.id));
    return node;
  }

  // ---- structure ----

  /** Nodes above a context's groups: "Needs attention" once the context is connected. */
  contextTop(session: ClusterSession): TreeNode[] {
    return session.phase === 'ready' && session.discovery?.fluxInstalled ? [this.attentionNode(session.name)] : [];
  }

  children(node: TreeNode): TreeNode[] {
    switch (node.type) {
      case 'object':
        return this.objectChildren(node);
      case 'attention':
        return this.attentionItems(node.context).map((a) => this.nestedObject(a.ref, a.group, node.id));
      case 'kind':
        return this.kindChildren(node);
      case 'history':
        return this.historyRows(node);
      default:
        return [];
    }
  }

  parent(node: DepthNode): TreeNode | undefined {
    switch (node.type) {
      case 'attention':
        return this.host.node(`c|${node.context}`);
      case 'kind':
      case 'history':
        return this.host.node(node.owner);
      default:
        return this.host.node(node.parentId);
    }
  }

  private session(ref: ObjectRef): ClusterSession | undefined {
    return this.manager.session(ref.context);
  }

  private objectChildren(node: ObjectNode): TreeNode[] {
    if (!this.expandable(node.ref)) return [];
    const session = this.session(node.ref);
    const obj = session?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    if (!session || !obj) return [this.message(node.id, 'The object is gone.', 'warning')];
    const canaries = this.canaryNodes(session, node);
    if (node.ref.kindKey === HELMRELEASE_KEY) return [...canaries, ...this.helmChildren(node, obj, this.watch(session, node, obj))];
    const rows = [...canaries, ...kustomizationRevisions(obj).map((row) => this.rowNode(node.id, row))];
    if (!hasInventory(obj)) return [...rows, this.message(node.id, 'No inventory: it has applied nothing yet.', 'info')];
    const w = this.watch(session, node, obj);
    const groups = this.kindGroups(node.ref, obj, w);
    if (groups.length === 0) return [...rows, this.message(node.id, 'The inventory is empty.', 'info')];
    return [...rows, ...groups.map((g) => this.kindNode(node, g.key))];
  }

  /** The canaries the Flux object applied, first among its children: a rollout in progress is what one looks for. */
  private canaryNodes(session: ClusterSession, node: ObjectNode): TreeNode[] {
    if (!session.kinds.has(CANARY_KEY)) return [];
    return canariesOf(node.ref, session.list(CANARY_KEY), session.list(KUSTOMIZATION_KEY)).map((c) =>
      this.nestedObject({ context: session.name, kindKey: CANARY_KEY, namespace: c.metadata.namespace, name: c.metadata.name }, 'Canaries', node.id),
    );
  }

  /** A canary that appeared, went or changed hands: the Flux objects that list it ask for their children again. */
  private markCanaryOwners(context: string, objs: readonly (KObject | undefined)[]): void {
    const kustomizations = this.manager.session(context)?.list(KUSTOMIZATION_KEY) ?? [];
    for (const obj of objs) {
      const owner = obj && canaryOwner(obj, context, kustomizations);
      if (!owner) continue;
      const key = refKey(owner);
      for (const id of [`o|${key}`, ...(this.nested.get(key) ?? [])]) {
        const node = this.host.node(id);
        if (node) this.host.mark(node);
      }
    }
  }

  private helmChildren(node: ObjectNode, obj: KObject, w: Watched): TreeNode[] {
    const out: TreeNode[] = [];
    const history = helmHistory(obj);
    if (history.length > 0) out.push(this.host.intern({ type: 'history', id: `h|${node.id}`, owner: node.id, ref: node.ref }));
    else out.push(this.message(node.id, 'No release history (never installed).', 'info'));
    out.push(this.message(node.id, helmLimitsText(obj), 'info'));
    const pending = w.owned.pending();
    for (const { target, error } of w.owned.errors()) out.push(this.message(node.id, `${target.kind}: ${error.message}`, error.kind === 'forbidden' ? 'warning' : 'error'));
    out.push(...this.kindGroups(node.ref, obj, w).map((g) => this.kindNode(node, g.key)));
    if (pending > 0) out.push(this.message(node.id, `Searching ${pending} kind${pending === 1 ? '' : 's'}…`, 'info'));
    return out;
  }

  private rowNode(parentId: string, row: HistoryRow): TreeNode {
    return this.host.intern({ type: 'row', id: `r|${parentId}|${row.label}|${row.description}`, parentId, row });
  }

  private historyRows(node: Extract<DepthNode, { type: 'history' }>): TreeNode[] {
    const obj = this.session(node.ref)?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    return obj ? helmHistory(obj).map((row) => this.rowNode(node.id, row)) : [];
  }

  /** Kind groups of an owner: its inventory, or for a HelmRelease what the label search found. */
  private kindGroups(owner: ObjectRef, obj: KObject, w: Watched | undefined): KindGroup[] {
    if (owner.kindKey === HELMRELEASE_KEY) return groupByKind(entriesOf(w?.owned.all() ?? []));
    return groupsOf(obj);
  }

  private kindChildren(node: Extract<DepthNode, { type: 'kind' }>): TreeNode[] {
    const session = this.session(node.ref);
    const obj = session?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    if (!session || !obj) return [];
    const group = this.kindGroups(node.ref, obj, this.watched.get(refKey(node.ref))).find((g) => g.key === node.key);
    if (!group) return [];
    const { items, rest } = page(group.entries, this.shown.get(node.id) ?? PAGE_SIZE);
    const out = items.map((e) => this.entryNode(session, node, e));
    if (rest > 0) out.push(this.host.intern({ type: 'more', id: `mo|${node.id}`, parentId: node.id }));
    return out;
  }

  private entryNode(session: ClusterSession, parent: Extract<DepthNode, { type: 'kind' }>, e: InventoryEntry): TreeNode {
    const served = isFluxGroup(e.group) ? session.served(`${e.group}/${e.kind}`) : undefined;
    if (served?.info.treeGroup) {
      return this.nestedObject({ context: session.name, kindKey: `${e.group}/${e.kind}`, namespace: e.namespace, name: e.name }, served.info.treeGroup, parent.id);
    }
    return this.host.intern({ type: 'entry', id: `e|${parent.id}|${e.id}`, parentId: parent.id, owner: parent.ref, entry: e });
  }

  /** Shows the next page of a kind group (the "Show more" node's command). */
  showMore(node: TreeNode): void {
    if (node.type !== 'more') return;
    this.shown.set(node.parentId, (this.shown.get(node.parentId) ?? PAGE_SIZE) + PAGE_SIZE);
    const parent = this.host.node(node.parentId);
    if (parent) this.host.mark(parent);
  }

  /** The live object of an inventory entry as its watch has it (never a Secret), and the Flux object that applied it. */
  entryObject(node: TreeNode): { entry: InventoryEntry; owner: ObjectRef; obj?: KObject } | undefined {
    if (node.type !== 'entry') return undefined;
    const obj = isSecret(node.entry.group, node.entry.kind) ? undefined : this.watched.get(refKey(node.owner))?.owned.object(node.entry);
    return { entry: node.entry, owner: node.owner, obj };
  }

  // ---- watching while expanded ----

  private watch(session: ClusterSession, node: ObjectNode, obj: KObject): Watched {
    const key = refKey(node.ref);
    let w = this.watched.get(key);
    if (!w) {
      const selector = node.ref.kindKey === HELMRELEASE_KEY ? helmReleaseSelector(obj) : kustomizationSelector(obj);
      const owned = new OwnedObjects(session.transport, selector, { timeoutMs: session.options.timeoutMs, concurrency: this.options.concurrency }, () => this.onOwnedChange(key));
      w = { owner: node.ref, owned, nodes: new Set(), targets: '' };
      this.watched.set(key, w);
      this.retarget(w, obj);
    }
    w.nodes.add(node.id);
    return w;
  }

  private retarget(w: Watched, obj: KObject): void {
    // Flux kinds the session watches already are read from its cache, not listed again.
    const session = this.manager.session(w.owner.context);
    const all = w.owner.kindKey === HELMRELEASE_KEY ? helmCollections(obj) : collectionsOf(inventoryEntries(obj));
    const targets = all.filter((t) => !session?.kinds.has(`${t.group}/${t.kind}`));
    const sig = targets.map((t) => `${t.group}/${t.version}/${t.kind}|${t.namespace ?? ''}`).join(',');
    if (sig === w.targets) return;
    w.targets = sig;
    w.owned.setTargets(targets);
  }

  private onOwnedChange(key: string): void {
    const w = this.watched.get(key);
    if (!w) return;
    for (const id of w.nodes) {
      const node = this.host.node(id);
      if (!node) continue;
      this.host.mark(node);
      for (const child of this.children(node)) if (child.type === 'kind') this.host.mark(child);
    }
    this.host.mark(this.attentionNode(w.owner.context));
  }

  /**
   * A collapsed node stops the watches of every expanded Flux object at or below it: VS Code keeps the
   * expansion of the nodes below and asks for their children again when it is expanded again.
   */
  collapsed(node: TreeNode): void {
    for (const [key, w] of [...this.watched]) {
      for (const id of [...w.nodes]) if (this.isAtOrBelow(id, node)) w.nodes.delete(id);
      if (w.nodes.size > 0) continue;
      w.owned.stop();
      this.watched.delete(key);
    }
  }

  private isAtOrBelow(id: string, ancestor: TreeNode): boolean {
    let cur = this.host.node(id);
    for (let i = 0; cur && i < 64; i++) {
      if (cur.id === ancestor.id) return true;
      cur = this.host.parent(cur);
    }
    return false;
  }

  private onEvent(e: ManagerEvent | undefined): void {
    if (!e) {
      for (const w of this.watched.values()) w.owned.stop();
      this.watched.clear();
      return;
    }
    const { context, event } = e;
    if (event.type === 'session' || event.type === 'reset') {
      this.host.mark(this.attentionNode(context));
      if (event.type === 'session') this.dropContext(context);
      if (event.type === 'reset' && event.kindKey === CANARY_KEY) this.markCanaryOwners(context, this.manager.session(context)?.list(CANARY_KEY) ?? []);
      return;
    }
    if (event.type === 'kind') return;
    if (event.kindKey === CANARY_KEY && (event.type === 'remove' || !event.prev || JSON.stringify(event.prev.metadata.labels) !== JSON.stringify(event.obj.metadata.labels))) {
      this.markCanaryOwners(context, [event.obj, event.type === 'upsert' ? event.prev : undefined]);
    }
    const ref: ObjectRef = { context, kindKey: event.kindKey, namespace: event.obj.metadata.namespace, name: event.obj.metadata.name };
    const w = this.watched.get(refKey(ref));
    this.markNested(refKey(ref));
    if (event.type === 'remove') {
      if (w) this.stopWatched(refKey(ref), w);
      if (this.attentionOf(context, event.kindKey, event.obj)) this.host.mark(this.attentionNode(context));
      return;
    }
    if (w) {
      this.retarget(w, event.obj);
      for (const id of w.nodes) {
        const node = this.host.node(id);
        if (node) this.host.mark(node);
      }
    }
    const before = event.prev ? this.attentionOf(context, event.kindKey, event.prev) : undefined;
    if (before !== this.attentionOf(context, event.kindKey, event.obj)) this.host.mark(this.attentionNode(context));
  }

  /** The model refreshes an object's own node; its other places (inventories, "Needs attention") are refreshed here. */
  private markNested(key: string): void {
    for (const id of this.nested.get(key) ?? []) {
      const node = this.host.node(id);
      if (node) this.host.mark(node);
    }
  }

  private stopWatched(key: string, w: Watched): void {
    w.owned.stop();
    this.watched.delete(key);
    for (const id of w.nodes) {
      const node = this.host.node(id);
      if (node) this.host.mark(node);
    }
  }

  /** A restarted or failed session drops what was watched through it; expanding again starts afresh. */
  private dropContext(context: string): void {
    const session = this.manager.session(context);
    if (session?.phase === 'ready' || session?.phase === 'connecting') return;
    for (const [key, w] of [...this.watched]) if (w.owner.context === context) this.stopWatched(key, w);
  }

  // ---- needs attention ----

  private attentionOf(context: string, kindKey: string, obj: KObject): string | undefined {
    const served = this.manager.session(context)?.served(kindKey);
    if (!served || !isFluxGroup(served.group)) return undefined;
    return attentionReason(obj, served.info, { suspendedForMs: this.suspendedForMs, now: Date.now() });
  }

  /** The Flux objects of a context that need attention, with why; failing first, then by name. */
  attentionItems(context: string): { ref: ObjectRef; group: GroupName; reason: string }[] {
    const session = this.manager.session(context);
    if (!session) return [];
    const out: { ref: ObjectRef; group: GroupName; reason: string; rank: number }[] = [];
    for (const [key, state] of session.kinds) {
      const info = state.served?.info;
      if (!info?.treeGroup || !state.served || !isFluxGroup(state.served.group)) continue;
      for (const obj of session.list(key)) {
        const ref: ObjectRef = { context, kindKey: key, namespace: obj.metadata.namespace, name: obj.metadata.name };
        const reason = attentionReason(obj, info, { suspendedForMs: this.suspendedForMs, now: Date.now() }) ?? this.inventoryReason(ref, obj);
        if (reason) out.push({ ref, group: info.treeGroup, reason, rank: reason.startsWith('Suspended') ? 2 : reason.includes('applied object') ? 1 : 0 });
      }
    }
    return out.sort((a, b) => a.rank - b.rank || a.ref.name.localeCompare(b.ref.name));
  }

  /** Unhealthy applied objects count only for inventories being watched (expanded): others are not fetched. */
  private inventoryReason(ref: ObjectRef, obj: KObject): string | undefined {
    const w = this.watched.get(refKey(ref));
    const session = this.manager.session(ref.context);
    if (!w || !session) return undefined;
    let total = 0;
    let bad = 0;
    for (const g of this.kindGroups(ref, obj, w)) {
      for (const e of g.entries) {
        const summary = entryHealth(session, ref, e, w?.owned).summary;
        if (!KNOWN_HEALTH.has(summary)) continue;
        total++;
        if (summary === 'failed' || summary === 'progressing') bad++;
      }
    }
    return bad > 0 ? unhealthyInventoryReason(bad, total) : undefined;
  }

  // ---- views ----

  view(node: DepthNode): NodeView {
    switch (node.type) {
      case 'attention':
        return this.attentionView(node.context);
      case 'kind':
        return this.kindView(node);
      case 'entry':
        return this.entryView(node);
      case 'more':
        return this.moreView(node);
      case 'history': {
        const obj = this.session(node.ref)?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
        const n = obj ? helmHistory(obj).length : 0;
        return { label: 'History', description: String(n), tooltip: [`Release history of ${node.ref.name}`, 'Newest first, as helm-controller records it in status.history.'], icon: 'history', contextValue: 'history', collapsible: 'collapsed' };
      }
      case 'row':
        return {
          label: node.row.label,
          description: node.row.description,
          tooltip: [node.row.label, ...node.row.details],
          icon: node.row.failed ? 'failed' : node.row.current ? 'ready' : 'history',
          contextValue: 'historyRow',
          collapsible: 'none',
        };
    }
  }

  private attentionView(context: string): NodeView {
    const items = this.attentionItems(context);
    const tooltip = ['Needs attention', 'Failing or stalled Flux objects, long suspensions, and expanded inventories with unhealthy objects.', ...items.map((i) => `${i.ref.name}: ${i.reason}`)];
    return { label: 'Needs attention', description: String(items.length), tooltip, icon: items.length > 0 ? 'attention' : 'ready', contextValue: 'attention', collapsible: 'collapsed' };
  }

  private kindView(node: Extract<DepthNode, { type: 'kind' }>): NodeView {
    const session = this.session(node.ref);
    const obj = session?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    const w = this.watched.get(refKey(node.ref));
    const group = obj && session ? this.kindGroups(node.ref, obj, w).find((g) => g.key === node.key) : undefined;
    const entries = group?.entries ?? [];
    const counts = new Map<string, number>();
    for (const e of entries) {
      const state = session ? entryHealth(session, node.ref, e, w?.owned).summary : 'unknown';
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    const bad = (counts.get('failed') ?? 0) + (counts.get('progressing') ?? 0);
    const parts = [String(entries.length), ...['failed', 'progressing', 'forbidden', 'missing'].filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`)];
    const kind = group?.kind ?? node.key.slice(node.key.lastIndexOf('/') + 1);
    return {
      label: kind,
      description: parts.join(' · '),
      tooltip: [`${kind}${group?.group ? ` (${group.group})` : ''}`, ...[...counts].map(([s, n]) => `${n} ${s}`)],
      icon: (counts.get('failed') ?? 0) > 0 ? 'failed' : bad > 0 ? 'reconciling' : 'kind',
      contextValue: 'inventoryKind',
      collapsible: 'collapsed',
    };
  }

  private entryView(node: Extract<DepthNode, { type: 'entry' }>): NodeView {
    const e = node.entry;
    const session = this.session(node.owner);
    const h = session ? entryHealth(session, node.owner, e, this.watched.get(refKey(node.owner))?.owned) : { icon: 'unknown' as IconName, text: 'The context is gone.', summary: 'unknown' };
    const where = e.namespace ? `${e.namespace} · ` : '';
    return {
      label: e.name,
      description: `${where}${h.text}`,
      tooltip: [`${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`, `API: ${e.group ? `${e.group}/` : ''}${e.version}`, h.text, `Applied by ${node.owner.kindKey.slice(node.owner.kindKey.indexOf('/') + 1)} ${node.owner.name}`],
      icon: h.icon,
      contextValue: isSecret(e.group, e.kind) ? 'entry secret' : 'entry',
      collapsible: 'none',
    };
  }

  private moreView(node: Extract<DepthNode, { type: 'more' }>): NodeView {
    const parent = this.host.node(node.parentId);
    const total = parent?.type === 'kind' ? this.kindEntriesCount(parent) : 0;
    const rest = Math.max(0, total - (this.shown.get(node.parentId) ?? PAGE_SIZE));
    return { label: `Show ${Math.min(PAGE_SIZE, rest)} more`, description: `${rest} not shown`, tooltip: ['Show more', `${rest} entries of ${total} are not shown yet.`], icon: 'more', contextValue: 'more', collapsible: 'none', command: 'fluxGitops.showMore' };
  }

  private kindEntriesCount(node: Extract<DepthNode, { type: 'kind' }>): number {
    const obj = this.session(node.ref)?.get(node.ref.kindKey, node.ref.namespace, node.ref.name);
    return obj ? (this.kindGroups(node.ref, obj, this.watched.get(refKey(node.ref))).find((g) => g.key === node.key)?.entries.length ?? 0) : 0;
  }
}

/** An inventory's kind groups, parsed once per version of the object (the watch replaces it on change). */
const parsed = new WeakMap<KObject, KindGroup[]>();
function groupsOf(obj: KObject): KindGroup[] {
  let groups = parsed.get(obj);
  if (!groups) parsed.set(obj, (groups = groupByKind(inventoryEntries(obj))));
  return groups;
}

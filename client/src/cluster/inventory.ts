// What a Flux object applied, as data: a Kustomization's `status.inventory` entries (ids like
// `namespace_name_group_kind`, as cli-utils writes them), grouped by kind and paged; and, for a HelmRelease,
// where its objects can be looked for without the release manifest, which lives in a Helm storage Secret
// that is never read. Pure: no requests.
import type { KObject } from './types';

export interface InventoryEntry {
  /** The id as the inventory holds it. */
  readonly id: string;
  readonly namespace?: string;
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One kind's entries of an inventory, sorted by namespace and name. */
export interface KindGroup {
  /** `group/Kind`, like the kinds table. */
  readonly key: string;
  readonly group: string;
  readonly kind: string;
  readonly entries: readonly InventoryEntry[];
}

/** Labels kustomize-controller puts on every object it applies. */
export const KUSTOMIZE_NAME = 'kustomize.toolkit.fluxcd.io/name';
export const KUSTOMIZE_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace';
/** Labels helm-controller puts on every object of a release it installs or upgrades. */
export const HELM_NAME = 'helm.toolkit.fluxcd.io/name';
export const HELM_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';
/** What Helm itself writes on the objects of a release. */
export const HELM_RELEASE_NAME = 'meta.helm.sh/release-name';
export const HELM_RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

/** How many entries of one kind are shown before a "Show more" node. */
export const PAGE_SIZE = 200;

/**
 * Parses a cli-utils object id. Namespaces, groups and kinds hold no `_`; a name's `:` is written `__`, so the
 * namespace is the text before the first `_`, the kind after the last and the group before that.
 */
export function parseInventoryId(id: string, version = ''): InventoryEntry | undefined {
  const first = id.indexOf('_');
  const last = id.lastIndexOf('_');
  if (first < 0 || last <= first) return undefined;
  const kind = id.slice(last + 1);
  const rest = id.slice(first + 1, last);
  const beforeGroup = rest.lastIndexOf('_');
  if (beforeGroup < 0 || !kind) return undefined;
  const name = rest.slice(0, beforeGroup).replace(/__/g, ':');
  if (!name) return undefined;
  const namespace = id.slice(0, first) || undefined;
  return { id, namespace, name, group: rest.slice(beforeGroup + 1), version, kind };
}

/** The entries of a Kustomization's `status.inventory`; ids that do not parse are skipped. */
export function inventoryEntries(obj: KObject): InventoryEntry[] {
  const raw = (obj.status?.['inventory'] as { entries?: { id?: unknown; v?: unknown }[] } | undefined)?.entries ?? [];
  const out: InventoryEntry[] = [];
  for (const e of raw) {
    if (typeof e?.id !== 'string') continue;
    const parsed = parseInventoryId(e.id, typeof e.v === 'string' ? e.v : '');
    if (parsed) out.push(parsed);
  }
  return out;
}

/** True when the object has an inventory field at all (a Kustomization that never applied has none). */
export function hasInventory(obj: KObject): boolean {
  return obj.status?.['inventory'] !== undefined;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Entries grouped by kind; groups sorted by kind, entries by namespace then name. */
export function groupByKind(entries: readonly InventoryEntry[]): KindGroup[] {
  const groups = new Map<string, InventoryEntry[]>();
  for (const e of entries) {
    const key = `${e.group}/${e.kind}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      list.sort((a, b) => byText(a.namespace ?? '', b.namespace ?? '') || byText(a.name, b.name));
      return { key, group: list[0].group, kind: list[0].kind, entries: list };
    })
    .sort((a, b) => byText(a.kind, b.kind) || byText(a.group, b.group));
}

/** The first `shown` items and how many remain. */
export function page<T>(items: readonly T[], shown: number): { items: readonly T[]; rest: number } {
  if (items.length <= shown) return { items, rest: 0 };
  return { items: items.slice(0, shown), rest: items.length - shown };
}

/** Secrets are never fetched, listed or watched: their entries are shown from the inventory id alone. */
export function isSecret(group: string, kind: string): boolean {
  return group === '' && kind === 'Secret';
}

/** One collection to list and watch: a kind (at a version) in a namespace, or cluster-wide. */
export interface CollectionTarget {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace?: string;
}

export const targetKey = (t: Pick<CollectionTarget, 'group' | 'kind' | 'namespace'>): string => `${t.group}/${t.kind}|${t.namespace ?? ''}`;

/** The distinct (kind, namespace) collections an inventory spans, Secrets left out. */
export function collectionsOf(entries: readonly InventoryEntry[]): CollectionTarget[] {
  const seen = new Map<string, CollectionTarget>();
  for (const e of entries) {
    if (isSecret(e.group, e.kind)) continue;
    const key = targetKey(e);
    if (!seen.has(key)) seen.set(key, { group: e.group, version: e.version, kind: e.kind, namespace: e.namespace });
  }
  return [...seen.values()];
}

/** The label selector that finds what a Kustomization applied. */
export function kustomizationSelector(obj: KObject): string {
  return `${KUSTOMIZE_NAME}=${obj.metadata.name},${KUSTOMIZE_NAMESPACE}=${obj.metadata.namespace ?? ''}`;
}

/** The label selector that finds what a HelmRelease installed (helm-controller's post-renderer sets these). */
export function helmReleaseSelector(obj: KObject): string {
  return `${HELM_NAME}=${obj.metadata.name},${HELM_NAMESPACE}=${obj.metadata.namespace ?? ''}`;
}

/** The namespace a HelmRelease installs into, and its Helm release name, as helm-controller defaults them. */
export function helmReleaseTarget(obj: KObject): { namespace: string; releaseName: string } {
  const ns = obj.metadata.namespace ?? 'default';
  const target = typeof obj.spec?.['targetNamespace'] === 'string' && obj.spec['targetNamespace'] ? (obj.spec['targetNamespace'] as string) : ns;
  const explicit = obj.spec?.['releaseName'];
  const releaseName = typeof explicit === 'string' && explicit ? explicit : target !== ns ? `${target}-${obj.metadata.name}` : obj.metadata.name;
  return { namespace: target, releaseName };
}

/** Kinds searched for a HelmRelease's objects: those charts commonly hold. Others cannot be found by label. */
export const HELM_SEARCH_KINDS: readonly (Omit<CollectionTarget, 'namespace'> & { readonly namespaced: boolean })[] = [
  { group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', namespaced: true },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', namespaced: true },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', namespaced: false },
];

/** The collections searched for a HelmRelease: every search kind in its target namespace (or cluster-wide). */
export function helmCollections(obj: KObject): CollectionTarget[] {
  const { namespace } = helmReleaseTarget(obj);
  return HELM_SEARCH_KINDS.map((k) => ({ group: k.group, version: k.version, kind: k.kind, namespace: k.namespaced ? namespace : undefined }));
}

/** What a HelmRelease's object list cannot tell, said once above it. */
export function helmLimitsText(obj: KObject): string {
  const { namespace, releaseName } = helmReleaseTarget(obj);
  return (
    `Objects of release ${namespace}/${releaseName}, found by the labels helm-controller sets (${HELM_NAME}, ${HELM_NAMESPACE}) ` +
    `among ${HELM_SEARCH_KINDS.length} common kinds. Objects of other kinds (custom resources, Secrets) and hooks are not shown: ` +
    'only the release manifest lists them, and it lives in a Helm storage Secret, which is never read.'
  );
}

/** Turns the objects a label search found into entries, so they show like an inventory. */
export function entriesOf(objects: readonly KObject[]): InventoryEntry[] {
  return objects.map((o) => {
    const api = o.apiVersion ?? '';
    const slash = api.lastIndexOf('/');
    const group = slash < 0 ? '' : api.slice(0, slash);
    const version = slash < 0 ? api : api.slice(slash + 1);
    const kind = o.kind ?? '';
    const ns = o.metadata.namespace;
    return { id: `${ns ?? ''}_${o.metadata.name.replace(/:/g, '__')}_${group}_${kind}`, namespace: ns, name: o.metadata.name, group, version, kind };
  });
}

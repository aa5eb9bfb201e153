// Which Flux and ESO kinds a cluster serves, and at which version. The served version comes from the
// cluster (its preferred version when that one has the kind), never from a hard-coded list, so a cluster
// on an older or newer Flux still lists its objects.
import { KINDS, type KindInfo } from '../../../server/src/shared/kinds';
import type { Transport } from './http';

export interface ServedKind {
  readonly info: KindInfo;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

export interface Discovery {
  /** Keyed by `group/Kind`. */
  readonly kinds: ReadonlyMap<string, ServedKind>;
  /** The served group versions the kinds came from (groupVersionsKey): a cheap check for a change. */
  readonly groupVersions: string;
  readonly fluxInstalled: boolean;
  readonly esoInstalled: boolean;
}

interface GroupVersion {
  groupVersion: string;
  version: string;
}
interface ApiGroupList {
  groups?: { name: string; versions?: GroupVersion[]; preferredVersion?: GroupVersion }[];
}
interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

export const kindKey = (group: string, kind: string): string => `${group}/${kind}`;

/** Kinds shown in the tree: the ones with a tree group. */
export const TREE_KINDS: readonly KindInfo[] = KINDS.filter((k) => k.treeGroup !== undefined);
const TREE_GROUPS = new Set(TREE_KINDS.map((k) => k.group));

export const isFluxGroup = (group: string): boolean => group.endsWith('.fluxcd.io');

/** The group versions of the tree's kinds that the cluster serves, from one request (`/apis`). */
export async function servedGroupVersions(transport: Transport, timeoutMs?: number): Promise<{ group: string; version: string }[]> {
  const list = await transport.request<ApiGroupList>({ path: '/apis', timeoutMs, purpose: { verb: 'get', resource: 'API discovery (/apis)' } });
  const groups = (list.groups ?? []).filter((g) => TREE_GROUPS.has(g.name));
  return groups.flatMap((g) => orderedVersions(g.versions ?? [], g.preferredVersion).map((v) => ({ group: g.name, version: v })));
}

/** A key that changes when the served group versions (or their order of preference) change. */
export const groupVersionsKey = (gvs: readonly { group: string; version: string }[]): string => gvs.map((g) => `${g.group}/${g.version}`).join(',');

export async function discover(transport: Transport, timeoutMs?: number, known?: readonly { group: string; version: string }[]): Promise<Discovery> {
  const wanted = known ?? (await servedGroupVersions(transport, timeoutMs));
  const lists = await Promise.all(
    wanted.map(async (gv) => ({
      ...gv,
      list: await transport.request<ApiResourceList>({
        path: `/apis/${gv.group}/${gv.version}`,
        timeoutMs,
        purpose: { verb: 'get', resource: `API discovery (/apis/${gv.group}/${gv.version})` },
      }),
    })),
  );
  const kinds = new Map<string, ServedKind>();
  // `wanted` lists each group's preferred version first, so the first version found for a kind is the best.
  for (const { group, version, list: res } of lists) {
    for (const r of res.resources ?? []) {
      if (r.name.includes('/')) continue;
      const info = TREE_KINDS.find((k) => k.group === group && k.kind === r.kind);
      const key = kindKey(group, r.kind);
      if (!info || kinds.has(key)) continue;
      kinds.set(key, { info, group, version, plural: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] });
    }
  }
  const served = [...kinds.values()];
  return {
    kinds,
    groupVersions: groupVersionsKey(wanted),
    fluxInstalled: served.some((k) => isFluxGroup(k.group)),
    esoInstalled: served.some((k) => k.info.family === 'externalsecrets'),
  };
}

/** True when a kind is served at the same version, resource and scope in both. */
export const sameServed = (a: ServedKind | undefined, b: ServedKind): boolean =>
  a !== undefined && a.version === b.version && a.plural === b.plural && a.namespaced === b.namespaced;

/** True when two discoveries serve the same kinds at the same version and resource. */
export function sameKinds(a: Discovery, b: Discovery): boolean {
  return a.kinds.size === b.kinds.size && [...a.kinds].every(([key, x]) => sameServed(b.kinds.get(key), x));
}

/** The preferred version first, then the others in the order the server lists them (newest first). */
export function orderedVersions(versions: readonly GroupVersion[], preferred?: GroupVersion): string[] {
  const names = versions.map((v) => v.version);
  if (!preferred) return names;
  return [preferred.version, ...names.filter((v) => v !== preferred.version)];
}

export function collectionPath(k: Pick<ServedKind, 'group' | 'version' | 'plural'>, namespace?: string): string {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${base}/${k.plural}`;
}

export function objectPath(k: Pick<ServedKind, 'group' | 'version' | 'plural' | 'namespaced'>, namespace: string | undefined, name: string): string {
  return `${collectionPath(k, k.namespaced ? namespace : undefined)}/${encodeURIComponent(name)}`;
}

/** `plural.group` as RBAC names the resource. */
export function rbacResource(k: Pick<ServedKind, 'group' | 'plural'>): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

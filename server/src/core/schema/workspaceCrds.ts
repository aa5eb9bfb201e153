// The kinds the workspace's own CustomResourceDefinitions define (crds.ts), layered under a profile's registry:
// the pinned schemas answer first (Flux, ESO, Kubernetes), a workspace CRD only for a kind they do not know.
// Two CRDs of one kind: the first by file wins.
import type { WorkspaceIndex } from '../workspace/index';
import type { SchemaRegistry } from './registry';
import type { KindSchema } from './types';

export interface WorkspaceCrds {
  /** Changes whenever a CRD changes, so local diagnostics computed against the old ones are not reused. */
  readonly stamp: string;
  readonly byKey: ReadonlyMap<string, KindSchema>;
}

const EMPTY: WorkspaceCrds = { stamp: '', byKey: new Map() };
const memo = new WeakMap<WorkspaceIndex, { version: number; crds: WorkspaceCrds }>();
const wrapped = new WeakMap<SchemaRegistry, { stamp: string; registry: SchemaRegistry }>();

export function workspaceCrds(index: WorkspaceIndex): WorkspaceCrds {
  const hit = memo.get(index);
  if (hit?.version === index.version) return hit.crds;
  const defs = index.ofKind('CustomResourceDefinition').filter((o) => o.facts.crd?.kinds.length).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.docIndex - b.docIndex));
  let crds = EMPTY;
  if (defs.length) {
    const byKey = new Map<string, KindSchema>();
    for (const o of defs) for (const k of o.facts.crd!.kinds) if (!byKey.has(`${k.apiVersion}|${k.kind}`)) byKey.set(`${k.apiVersion}|${k.kind}`, k);
    crds = { stamp: defs.map((o) => o.facts.crd!.hash.toString(36)).join('.'), byKey };
  }
  memo.set(index, { version: index.version, crds });
  return crds;
}

/** Whether a document of this kind would take its schema from a workspace CRD. */
export function needsCrd(registry: SchemaRegistry, crds: WorkspaceCrds, apiVersion: string, kind: string): boolean {
  return crds.byKey.has(`${apiVersion}|${kind}`) && !registry.lookup(apiVersion, kind);
}

/** The registry with the workspace's CRDs under it (one wrapper per registry and CRD set). */
export function withCrds(registry: SchemaRegistry, crds: WorkspaceCrds): SchemaRegistry {
  const hit = wrapped.get(registry);
  if (hit?.stamp === crds.stamp) return hit.registry;
  const versionsOf = (group: string, kind: string) => {
    const own = registry.versionsOf(group, kind);
    return own.length ? own : [...crds.byKey.values()].filter((k) => k.group === group && k.kind === kind);
  };
  const out: SchemaRegistry = Object.freeze({
    ...registry,
    profile: `${registry.profile}+crds:${crds.stamp}`,
    lookup: (apiVersion: string, kind: string) => registry.lookup(apiVersion, kind) ?? crds.byKey.get(`${apiVersion}|${kind}`),
    versionsOf,
  });
  wrapped.set(registry, { stamp: crds.stamp, registry: out });
  return out;
}

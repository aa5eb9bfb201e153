// The kinds the workspace's own CustomResourceDefinitions define (crds.ts), layered under a profile's registry:
// the pinned schemas answer first (Flux, ESO, Kubernetes), a workspace CRD only for a kind they do not know.
// Two CRDs of one kind: the first by file wins.
import { splitApiVersion } from '../../shared/kinds';
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

/** The workspace CRD schemas a job checking some files elsewhere needs: the set's stamp, and kinds of it. */
export interface JobCrds {
  readonly stamp: string;
  readonly kinds: readonly KindSchema[];
}

/** The profile a `+crds:` profile is layered over (the pinned one a worker can load itself). */
export function baseProfile(profile: string): string {
  const at = profile.indexOf('+crds:');
  return at < 0 ? profile : profile.slice(0, at);
}

/**
 * Every served version of each kind the files use that the workspace's CRDs define (versionsOf lists them all),
 * for a job under a `+crds:` profile; undefined for any other profile.
 */
export function crdsForJob(profile: string, crds: WorkspaceCrds, kinds: Iterable<readonly [string | undefined, string | undefined]>): JobCrds | undefined {
  if (!profile.includes('+crds:')) return undefined;
  const wanted = new Set<string>();
  for (const [apiVersion, kind] of kinds) if (apiVersion && kind) wanted.add(`${splitApiVersion(apiVersion).group}|${kind}`);
  return { stamp: crds.stamp, kinds: [...crds.byKey.values()].filter((k) => wanted.has(`${k.group}|${k.kind}`)) };
}

/**
 * A worker's registry for a `+crds:` job: the pinned base with the CRD kinds received so far for the job's set
 * (one set kept: the workspace has one at a time), so a kind is sent to a worker once.
 */
export class ReceivedCrds {
  private stamp = '';
  private byKey = new Map<string, KindSchema>();

  registry(base: SchemaRegistry, crds: JobCrds): SchemaRegistry {
    if (crds.stamp !== this.stamp) {
      this.stamp = crds.stamp;
      this.byKey = new Map();
    }
    for (const k of crds.kinds) if (!this.byKey.has(`${k.apiVersion}|${k.kind}`)) this.byKey.set(`${k.apiVersion}|${k.kind}`, k);
    return withCrds(base, { stamp: this.stamp, byKey: this.byKey });
  }
}

/**
 * What one worker was sent of the workspace's CRDs (the worker keeps, like ReceivedCrds, the kinds of one CRD set):
 * `strip` leaves in a job only the kinds it does not have yet.
 */
export class SentCrds {
  private stamp = '';
  private keys = new Set<string>();

  strip<J extends { readonly check?: { readonly crds?: JobCrds } }>(job: J): J {
    const crds = job.check?.crds;
    if (!job.check || !crds) return job;
    if (crds.stamp !== this.stamp) {
      this.stamp = crds.stamp;
      this.keys = new Set();
    }
    const kinds = crds.kinds.filter((k) => {
      const key = `${k.apiVersion}|${k.kind}`;
      if (this.keys.has(key)) return false;
      this.keys.add(key);
      return true;
    });
    return { ...job, check: { ...job.check, crds: { stamp: crds.stamp, kinds } } };
  }
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

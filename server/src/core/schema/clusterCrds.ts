// The CustomResourceDefinitions a live cluster serves ("Use Schemas of <context> for <folder>"), for the files
// under that folder. They go over the file's profile: the cluster runs exactly these versions, so for a kind it
// serves (a Flux or ESO release newer or older than the pinned ones, any operator's CRD) its schema is what the
// API server will accept. A kind it does not serve keeps the profile's schema, then the workspace's CRDs
// (workspaceCrds.ts), so core kinds and kinds not installed yet are checked as before.
// Each CRD is converted by the converter workspace CRDs use (workspace/crds.ts), with the same size limit, and only
// once a document names one of its kinds: a cluster of hundreds of CRDs costs nothing until one is used.
import { splitApiVersion } from '../../shared/kinds';
import type { ClusterSchemasRequest } from '../../shared/protocol';
import { textHash } from '../text';
import { crdSchemas, MAX_CRD_BYTES } from '../workspace/crds';
import { applyOverlays } from './overlays';
import type { SchemaRegistry } from './registry';
import type { KindSchema } from './types';

/** More CRDs than this from one cluster are not taken; the answer says how many were left out. */
export const MAX_CLUSTER_CRDS = 2000;

interface ClusterCrd {
  readonly kind: string;
  readonly origin: string;
  readonly size: number;
  raw: unknown;
  converted?: readonly KindSchema[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The length of a CRD as JSON; one nested too deeply to write out counts as too large. */
function measured(raw: unknown): number {
  try {
    return JSON.stringify(raw).length;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** The CRDs of one cluster for one folder, keyed by the served `group/version|Kind`. */
export class ClusterCrds {
  private readonly byKey = new Map<string, ClusterCrd>();
  private readonly byGroupKind = new Map<string, ClusterCrd>();
  private readonly wrappers = new WeakMap<SchemaRegistry, SchemaRegistry>();
  readonly problems: string[] = [];
  readonly stamp: string;

  constructor(
    readonly folder: string,
    readonly context: string,
    crds: readonly unknown[],
  ) {
    const ids: string[] = [];
    for (const raw of crds.slice(0, MAX_CLUSTER_CRDS)) {
      const id = this.add(raw);
      if (id) ids.push(id);
    }
    if (crds.length > MAX_CLUSTER_CRDS) this.problems.push(`${crds.length - MAX_CLUSTER_CRDS} CRDs over the limit of ${MAX_CLUSTER_CRDS} were left out.`);
    this.stamp = textHash(ids.join('\n')).toString(36);
  }

  get crds(): number {
    return this.byGroupKind.size;
  }

  get kinds(): number {
    return this.byKey.size;
  }

  /** Takes one CRD object; returns `name@resourceVersion`, or undefined when it is not usable. */
  private add(raw: unknown): string | undefined {
    const spec = isRecord(raw) && isRecord(raw.spec) ? raw.spec : undefined;
    const meta = isRecord(raw) && isRecord(raw.metadata) ? raw.metadata : {};
    const group = text(spec?.group);
    const kind = isRecord(spec?.names) ? text(spec.names.kind) : undefined;
    const name = text(meta.name) ?? `${kind}.${group}`;
    if (!spec || !group || !kind || !Array.isArray(spec.versions)) {
      this.problems.push(`${name}: not a CustomResourceDefinition with a group, a kind and versions.`);
      return undefined;
    }
    const resourceVersion = text(meta.resourceVersion) ?? '?';
    const size = measured(raw);
    const crd: ClusterCrd = { kind, size, raw, origin: `CRD ${name} of context ${this.context} (resourceVersion ${resourceVersion})` };
    // The size limit is checked now, so the answer names a CRD too large to use at once.
    const tooLarge = size > MAX_CRD_BYTES ? crdSchemas(size, kind, crd.origin, () => raw).problem : undefined;
    if (tooLarge) {
      this.problems.push(`${name}: ${tooLarge}`);
      return undefined;
    }
    if (this.byGroupKind.has(`${group}|${kind}`)) {
      this.problems.push(`${name}: another CRD of the list already defines ${kind} of ${group}; the first one is used.`);
      return undefined;
    }
    this.byGroupKind.set(`${group}|${kind}`, crd);
    for (const v of spec.versions) {
      if (isRecord(v) && v.served === true && text(v.name)) this.byKey.set(`${group}/${v.name as string}|${kind}`, crd);
    }
    return `${name}@${resourceVersion}`;
  }

  /** Whether the cluster serves this group and kind (at any version). */
  serves(apiVersion: string, kind: string): boolean {
    return this.byGroupKind.has(`${splitApiVersion(apiVersion).group}|${kind}`);
  }

  private convert(crd: ClusterCrd): readonly KindSchema[] {
    if (crd.converted) return crd.converted;
    const kinds = crdSchemas(crd.size, crd.kind, crd.origin, () => crd.raw).kinds;
    applyOverlays(kinds);
    crd.converted = kinds;
    // The converted schemas replace the object the client sent.
    crd.raw = undefined;
    return kinds;
  }

  lookup(apiVersion: string, kind: string): KindSchema | undefined {
    const crd = this.byKey.get(`${apiVersion}|${kind}`);
    return crd && this.convert(crd).find((k) => k.apiVersion === apiVersion);
  }

  versionsOf(group: string, kind: string): readonly KindSchema[] {
    const crd = this.byGroupKind.get(`${group}|${kind}`);
    return crd ? this.convert(crd) : [];
  }

  /** The registry with this cluster's kinds over it (one wrapper per registry). */
  over(registry: SchemaRegistry): SchemaRegistry {
    const hit = this.wrappers.get(registry);
    if (hit) return hit;
    const out: SchemaRegistry = Object.freeze({
      ...registry,
      profile: `${registry.profile}+cluster:${this.context}:${this.stamp}`,
      lookup: (apiVersion: string, kind: string) => this.lookup(apiVersion, kind) ?? registry.lookup(apiVersion, kind),
      versionsOf: (group: string, kind: string) => {
        const own = this.versionsOf(group, kind);
        return own.length ? own : registry.versionsOf(group, kind);
      },
    });
    this.wrappers.set(registry, out);
    return out;
  }
}

/** Which folders are checked with which cluster's CRDs. */
export class ClusterSchemaStore {
  private readonly sets = new Map<string, ClusterCrds>();

  set(params: ClusterSchemasRequest.Params): ClusterSchemasRequest.Result {
    const folder = params.folderUri.replace(/\/+$/, '') + '/';
    if (!params.crds) {
      this.sets.delete(folder);
      return { crds: 0, kinds: 0, problems: [] };
    }
    const set = new ClusterCrds(folder, params.context, params.crds);
    this.sets.set(folder, set);
    return { crds: set.crds, kinds: set.kinds, problems: set.problems };
  }

  /** The cluster CRDs of the deepest folder holding the file. */
  forUri(uri: string): ClusterCrds | undefined {
    let best: ClusterCrds | undefined;
    for (const set of this.sets.values()) {
      if (uri.startsWith(set.folder) && (!best || set.folder.length > best.folder.length)) best = set;
    }
    return best;
  }
}

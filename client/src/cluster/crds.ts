// The CustomResourceDefinitions a cluster serves, for "Use Schemas of <context> for <folder>" (the language
// server then checks that folder with them, see server/src/core/schema/clusterCrds.ts). The CRD list is the one
// source, not the OpenAPI v3 documents: it has every served version with its structural schema, a resourceVersion
// to cache by, and it goes through the converter the workspace's CRDs use. A metadata-only list tells each CRD's
// resourceVersion; only when one differs from the copy kept on disk (crdCache.ts) are the CRDs listed in full,
// a page at a time.
import { ApiError } from './errors';
import type { Transport } from './http';

export const CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
/** Full CRDs per page: a page holds at most this many schemas in memory at once. */
const PAGE = 25;
/** A cluster with more CRDs than this is read up to it (the language server applies the same limit). */
export const MAX_CRDS = 2000;

/** What is kept of a CRD: what the schemas need, without status, managedFields or conversion webhooks. */
export interface StoredCrd {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly resourceVersion: string };
  readonly spec: Record<string, unknown>;
}

export interface CrdSnapshot {
  readonly context: string;
  readonly server: string;
  readonly readAt: string;
  readonly crds: readonly StoredCrd[];
}

/** Where snapshots are kept between runs (crdCache.ts on disk; a map in tests). */
export interface CrdStore {
  load(context: string): CrdSnapshot | undefined;
  save(snapshot: CrdSnapshot): void;
}

interface ListPage {
  metadata?: { continue?: string };
  items?: unknown[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function metaOf(item: unknown): { name: string; resourceVersion: string } {
  const m = isRecord(item) && isRecord(item.metadata) ? item.metadata : {};
  return { name: str(m.name), resourceVersion: str(m.resourceVersion) };
}

/** Lists every page (following `continue`) up to MAX_CRDS items. */
async function listAll(transport: Transport, limit: number, accept?: string, timeoutMs?: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined;
  do {
    const page = await transport.request<ListPage>({
      path: CRD_PATH,
      query: { limit, continue: next },
      accept,
      timeoutMs,
      purpose: { verb: 'list', resource: CRD_RESOURCE },
    });
    if (!page || !Array.isArray(page.items)) throw new ApiError(`Context ${transport.context}: the CRD list is not a list.`, 'server', 200, transport.context);
    items.push(...page.items);
    next = page.metadata?.continue || undefined;
  } while (next && items.length < MAX_CRDS);
  return items.slice(0, MAX_CRDS);
}

function stripped(item: unknown): StoredCrd | undefined {
  if (!isRecord(item) || !isRecord(item.spec)) return undefined;
  const { name, resourceVersion } = metaOf(item);
  const spec = item.spec;
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  return {
    apiVersion: str(item.apiVersion) || 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, resourceVersion },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions: versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage, deprecated: v.deprecated, deprecationWarning: v.deprecationWarning, schema: v.schema })),
    },
  };
}

/** True when the cluster lists exactly the CRDs of the snapshot, at the same resourceVersions. */
function unchanged(snapshot: CrdSnapshot, listed: readonly { name: string; resourceVersion: string }[]): boolean {
  if (snapshot.crds.length !== listed.length) return false;
  const kept = new Map(snapshot.crds.map((c) => [c.metadata.name, c.metadata.resourceVersion]));
  return listed.every((m) => kept.get(m.name) === m.resourceVersion);
}

/**
 * The CRDs the cluster serves now: the stored copy when no resourceVersion changed, else a fresh full list (saved).
 * Throws the ApiError of a refusal (a 403 names the missing `list` on customresourcedefinitions).
 */
export async function readClusterCrds(transport: Transport, store: CrdStore, timeoutMs?: number): Promise<{ snapshot: CrdSnapshot; fromCache: boolean }> {
  const cached = store.load(transport.context);
  const listed = (await listAll(transport, 500, METADATA_ONLY, timeoutMs)).map(metaOf);
  if (cached?.server === transport.server && unchanged(cached, listed)) return { snapshot: cached, fromCache: true };
  const crds = (await listAll(transport, PAGE, undefined, timeoutMs)).map(stripped).filter((c): c is StoredCrd => !!c);
  const snapshot: CrdSnapshot = { context: transport.context, server: transport.server, readAt: new Date().toISOString(), crds };
  store.save(snapshot);
  return { snapshot, fromCache: false };
}

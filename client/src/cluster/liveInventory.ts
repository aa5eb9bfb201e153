// The live objects of a Flux Kustomization's inventory, fetched once for "Diff Rendered Output against Live
// Cluster": one labelled list per (kind, namespace) collection the inventory spans, paged, a few at a time, never
// one GET per object, and never a Secret. Above a cap the objects past it are neither fetched nor shown, and the
// documents say so. No vscode import: the tests and the command share it.
import { ApiError, errorMessage } from './errors';
import type { Transport } from './http';
import { collectionsOf, inventoryEntries, isSecret, kustomizationSelector, targetKey, type CollectionTarget, type InventoryEntry } from './inventory';
import { collectionUrl, resourceOf } from './owned';
import { capPairs, diffDocuments, objectKey, pairObjects, renderedObjects, type DiffDocuments, type LiveState } from './renderedLive';
import type { KList, KObject } from './types';

/** Objects shown in one diff at most: beyond, the diff editor stops being readable long before it stops working. */
export const DIFF_CAP = 2000;
const PAGE = 500;

export interface FetchOptions {
  readonly timeoutMs?: number;
  /** Lists running at once. */
  readonly concurrency?: number;
  readonly pageSize?: number;
}

export interface LiveObjects {
  /** Keyed by objectKey(group, kind, namespace, name). */
  readonly found: ReadonlyMap<string, KObject>;
  /** Why a collection could not be read, keyed by targetKey. */
  readonly errors: ReadonlyMap<string, string>;
  /** List requests made (pages included). */
  readonly requests: number;
}

/** Lists the collections of these entries with the Kustomization's labels; Secrets are left out. */
export async function fetchLive(transport: Transport, entries: readonly InventoryEntry[], selector: string, options: FetchOptions = {}): Promise<LiveObjects> {
  const found = new Map<string, KObject>();
  const errors = new Map<string, string>();
  const wanted = new Map<string, Set<string>>();
  for (const e of entries) {
    if (isSecret(e.group, e.kind)) continue;
    const names = wanted.get(targetKey(e)) ?? new Set<string>();
    wanted.set(targetKey(e), names.add(e.name));
  }
  const queue = collectionsOf(entries);
  let requests = 0;
  const one = async (t: CollectionTarget) => {
    try {
      const made = await listCollection(transport, t, selector, wanted.get(targetKey(t)) ?? new Set(), options, found);
      requests += made;
    } catch (err) {
      errors.set(targetKey(t), err instanceof ApiError ? err.message : errorMessage(err));
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await one(t);
  });
  await Promise.all(workers);
  return { found, errors, requests };
}

/** Pages through one collection until every wanted name was seen or the list ends; returns the requests made. */
async function listCollection(transport: Transport, t: CollectionTarget, selector: string, names: Set<string>, options: FetchOptions, into: Map<string, KObject>): Promise<number> {
  const resource = await resourceOf(transport, t, options.timeoutMs);
  if (!resource) throw new ApiError(`The cluster does not serve ${t.kind} (${t.group ? `${t.group}/` : ''}${t.version}).`, 'notFound', 404, transport.context);
  const namespace = resource.namespaced ? t.namespace : undefined;
  let seen = 0;
  let requests = 0;
  let next: string | undefined;
  do {
    const list = await transport.request<KList>({
      path: collectionUrl(t, resource, namespace),
      query: { labelSelector: selector, limit: options.pageSize ?? PAGE, continue: next },
      timeoutMs: options.timeoutMs,
      purpose: { verb: 'list', resource: t.group ? `${resource.plural}.${t.group}` : resource.plural, namespace },
    });
    requests++;
    for (const o of list.items ?? []) {
      if (!names.has(o.metadata.name)) continue;
      // Items of a list carry no apiVersion or kind: the collection says them.
      into.set(objectKey(t.group, t.kind, t.namespace, o.metadata.name), { ...o, apiVersion: t.group ? `${t.group}/${t.version}` : t.version, kind: t.kind });
      seen++;
    }
    next = list.metadata?.continue || undefined;
  } while (next && seen < names.size);
  return requests;
}

export interface RenderedAgainstLive extends DiffDocuments {
  readonly requests: number;
  readonly cut: number;
}

/**
 * The whole comparison for one live Kustomization and the text of its render: pair, cap, fetch what is kept,
 * and write both documents.
 */
export async function renderedAgainstLive(transport: Transport, ks: KObject, renderedText: string, options: FetchOptions & { readonly cap?: number } = {}): Promise<RenderedAgainstLive> {
  const entries = inventoryEntries(ks);
  const { pairs, cut } = capPairs(pairObjects(entries, renderedObjects(renderedText)), options.cap ?? DIFF_CAP);
  const kept = pairs.flatMap((p) => (p.entry ? [p.entry] : []));
  const live = await fetchLive(transport, kept, kustomizationSelector(ks), options);
  const state = (e: InventoryEntry): LiveState => {
    if (isSecret(e.group, e.kind)) return 'secret';
    const why = live.errors.get(targetKey(e));
    if (why) return { error: why };
    return live.found.get(objectKey(e.group, e.kind, e.namespace, e.name)) ?? 'missing';
  };
  const notes = [
    ...(cut ? [`Cut: only the first ${pairs.length} of ${pairs.length + cut} objects (by kind, namespace and name) are fetched and shown.`] : []),
    ...(ks.status?.['inventory'] === undefined ? ['The Kustomization has no inventory in the cluster (it has not applied yet): every object shows as only rendered.'] : []),
    ...[...live.errors].map(([key, why]) => `Not read: ${key.replace('|', ' in ')}: ${why}`),
  ];
  const title = `Kustomization ${ks.metadata.namespace ? `${ks.metadata.namespace}/` : ''}${ks.metadata.name}`;
  const docs = diffDocuments(pairs, state, { title, context: transport.context, notes });
  return { ...docs, requests: live.requests, cut };
}

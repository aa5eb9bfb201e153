// The live objects a Flux object applied, while someone looks at them: one list-then-watch per (kind,
// namespace) collection the inventory spans, narrowed by the labels the Flux controller set, a few lists at a
// time. A collection the user may not read, or a kind the cluster does not serve, is given up at once and
// named per entry; Secrets are never listed. `stop()` ends every watch, so nothing is requested once closed.
import { ApiError, errorMessage } from './errors';
import type { Transport } from './http';
import { isSecret, targetKey, type CollectionTarget, type InventoryEntry } from './inventory';
import type { KObject } from './types';
import { ListWatch, type WatchPhase } from './watch';

export interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/** groupVersion -> kind -> resource, per transport: discovery of one group version is asked once. */
const catalogs = new WeakMap<Transport, Map<string, Promise<Map<string, ResourceInfo>>>>();

/** The plural and scope of a kind at a version, from the API server's discovery (cached). */
export async function resourceOf(transport: Transport, t: Pick<CollectionTarget, 'group' | 'version' | 'kind'>, timeoutMs?: number): Promise<ResourceInfo | undefined> {
  let catalog = catalogs.get(transport);
  if (!catalog) catalogs.set(transport, (catalog = new Map()));
  const gv = t.group ? `${t.group}/${t.version}` : t.version;
  let kinds = catalog.get(gv);
  if (!kinds) {
    const path = t.group ? `/apis/${gv}` : `/api/${gv}`;
    kinds = transport.request<ResourceList>({ path, timeoutMs, purpose: { verb: 'get', resource: `API discovery (${path})` } }).then((list) => {
      const map = new Map<string, ResourceInfo>();
      for (const r of list?.resources ?? []) if (!r.name.includes('/')) map.set(r.kind, { plural: r.name, namespaced: r.namespaced });
      return map;
    });
    catalog.set(gv, kinds);
    // A failed discovery is asked again next time instead of being remembered.
    kinds.catch(() => catalog?.delete(gv));
  }
  return (await kinds).get(t.kind);
}

export function collectionUrl(t: Pick<CollectionTarget, 'group' | 'version'>, r: ResourceInfo, namespace: string | undefined): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

export type CollectionPhase = 'waiting' | 'listing' | 'ready' | 'error';

export interface CollectionState {
  readonly phase: CollectionPhase;
  readonly error?: ApiError;
}

export interface OwnedOptions {
  readonly timeoutMs: number;
  /** Lists running at once; the rest wait their turn. */
  readonly concurrency?: number;
  readonly watchSeconds?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

/** Errors no retry will cure: the watch of that collection is given up and the error shown. */
const FINAL_ERRORS: ReadonlySet<ApiError['kind']> = new Set(['forbidden', 'notFound', 'invalid', 'unauthorized']);

export class OwnedObjects {
  private readonly stores = new Map<string, Map<string, KObject>>();
  private readonly states = new Map<string, CollectionState>();
  private readonly watches = new Map<string, ListWatch>();
  private readonly targets = new Map<string, CollectionTarget>();
  private readonly queue: string[] = [];
  /** Frees the concurrency slot of a collection whose first list has not answered yet. */
  private readonly releases = new Map<string, () => void>();
  private running = 0;
  private stopped = false;

  constructor(
    private readonly transport: Transport,
    private readonly selector: string,
    private readonly options: OwnedOptions,
    /** Called with the collection key after any change in it (its state or one of its objects). */
    private readonly onChange: (key: string) => void,
  ) {}

  /** Follows the collections an inventory spans: new ones are queued, gone ones stop. */
  setTargets(targets: readonly CollectionTarget[]): void {
    if (this.stopped) return;
    const wanted = new Map(targets.filter((t) => !isSecret(t.group, t.kind)).map((t) => [targetKey(t), t]));
    for (const key of [...this.targets.keys()]) if (!wanted.has(key)) this.drop(key);
    for (const [key, t] of wanted) {
      if (this.targets.has(key)) continue;
      this.targets.set(key, t);
      this.states.set(key, { phase: 'waiting' });
      this.queue.push(key);
    }
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const key of [...this.targets.keys()]) this.drop(key);
    this.queue.length = 0;
  }

  /** The live object of an entry, its collection's state, or undefined before anything was asked. */
  object(e: Pick<InventoryEntry, 'group' | 'kind' | 'namespace' | 'name'>): KObject | undefined {
    return this.stores.get(targetKey(e))?.get(e.name);
  }

  state(e: Pick<InventoryEntry, 'group' | 'kind' | 'namespace'>): CollectionState | undefined {
    return this.states.get(targetKey(e));
  }

  /** Every object found, for searches by label (a HelmRelease's objects). */
  all(): KObject[] {
    return [...this.stores.values()].flatMap((m) => [...m.values()]);
  }

  /** Collections whose first list has not answered yet. */
  pending(): number {
    return [...this.states.values()].filter((s) => s.phase === 'waiting' || s.phase === 'listing').length;
  }

  errors(): { target: CollectionTarget; error: ApiError }[] {
    const out: { target: CollectionTarget; error: ApiError }[] = [];
    for (const [key, s] of this.states) {
      const target = this.targets.get(key);
      if (s.error && target) out.push({ target, error: s.error });
    }
    return out;
  }

  private drop(key: string): void {
    this.releases.get(key)?.();
    this.watches.get(key)?.stop();
    this.watches.delete(key);
    this.targets.delete(key);
    this.stores.delete(key);
    this.states.delete(key);
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (!this.stopped && this.running < limit && this.queue.length > 0) {
      const key = this.queue.shift()!;
      const target = this.targets.get(key);
      if (!target) continue;
      this.running++;
      void this.open(key, target);
    }
  }

  private setState(key: string, state: CollectionState): void {
    if (!this.targets.has(key)) return;
    this.states.set(key, state);
    this.onChange(key);
  }

  /** Resolves the kind's resource, then starts the collection's watch; its slot frees on the first answer. */
  private async open(key: string, t: CollectionTarget): Promise<void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.releases.delete(key);
      this.running--;
      this.pump();
    };
    this.releases.set(key, release);
    this.setState(key, { phase: 'listing' });
    let resource: ResourceInfo | undefined;
    try {
      resource = await resourceOf(this.transport, t, this.options.timeoutMs);
    } catch (err) {
      this.setState(key, { phase: 'error', error: err instanceof ApiError ? err : new ApiError(errorMessage(err), 'server', undefined, this.transport.context) });
      return release();
    }
    if (!this.targets.has(key)) return release();
    if (!resource) {
      const what = `${t.kind} (${t.group ? `${t.group}/` : ''}${t.version})`;
      this.setState(key, { phase: 'error', error: new ApiError(`The cluster does not serve ${what}.`, 'notFound', 404, this.transport.context) });
      return release();
    }
    const store = new Map<string, KObject>();
    this.stores.set(key, store);
    const resourceName = t.group ? `${resource.plural}.${t.group}` : resource.plural;
    const watch: ListWatch = new ListWatch(
      this.transport,
      {
        path: collectionUrl(t, resource, t.namespace),
        query: { labelSelector: this.selector },
        apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
        kind: t.kind,
        resource: resourceName,
        namespace: resource.namespaced ? t.namespace : undefined,
        timeoutMs: this.options.timeoutMs,
        watchSeconds: this.options.watchSeconds,
        backoffInitialMs: this.options.backoffInitialMs,
        backoffMaxMs: this.options.backoffMaxMs,
      },
      {
        reset: (items) => {
          store.clear();
          for (const o of items) store.set(o.metadata.name, o);
          this.setState(key, { phase: 'ready' });
          release();
        },
        upsert: (o) => {
          store.set(o.metadata.name, o);
          this.onChange(key);
        },
        remove: (o) => {
          store.delete(o.metadata.name);
          this.onChange(key);
        },
        phase: (_phase: WatchPhase, error?: ApiError) => {
          if (!error) return;
          if (FINAL_ERRORS.has(error.kind)) watch.stop();
          this.setState(key, { phase: 'error', error });
          release();
        },
      },
    );
    this.watches.set(key, watch);
    watch.start();
  }
}

/** A GET of one object by kind and name; undefined when it does not exist. Secrets are refused, never read. */
export async function getObject(transport: Transport, t: CollectionTarget, name: string, timeoutMs?: number): Promise<KObject | undefined> {
  if (isSecret(t.group, t.kind)) throw new ApiError('Secrets are never read.', 'forbidden', undefined, transport.context);
  const r = await resourceOf(transport, t, timeoutMs);
  if (!r) throw new ApiError(`The cluster does not serve ${t.kind} (${t.group ? `${t.group}/` : ''}${t.version}).`, 'notFound', 404, transport.context);
  const resource = t.group ? `${r.plural}.${t.group}` : r.plural;
  try {
    return await transport.request<KObject>({
      path: `${collectionUrl(t, r, t.namespace)}/${encodeURIComponent(name)}`,
      timeoutMs,
      purpose: { verb: 'get', resource, namespace: r.namespaced ? t.namespace : undefined },
    });
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'notFound') return undefined;
    throw err;
  }
}

/** The version the API server prefers for a group (`/apis/<group>`), for objects named without one. */
export async function preferredVersion(transport: Transport, group: string, timeoutMs?: number): Promise<string> {
  if (!group) return 'v1';
  const g = await transport.request<{ preferredVersion?: { version?: string } }>({ path: `/apis/${group}`, timeoutMs, purpose: { verb: 'get', resource: `API discovery (/apis/${group})` } });
  const v = g?.preferredVersion?.version;
  if (!v) throw new ApiError(`The cluster serves no version of ${group}.`, 'notFound', 404, transport.context);
  return v;
}

// One kube context: discovery, one list-watch per served Flux/ESO kind plus the Flux controller pods, and an
// in-memory store of what the watches delivered. Listeners get one event per change, so the tree can update
// a single node; waiters (reconcile, resume) are woken by the same events instead of polling.
import { ApiError, errorMessage } from './errors';
import { collectionPath, discover, groupVersionsKey, kindKey, objectPath, rbacResource, sameKinds, sameServed, servedGroupVersions, type Discovery, type ServedKind } from './discovery';
import type { Transport } from './http';
import type { ContextInfo } from './kubeconfig';
import type { KObject, ObjectRef } from './types';
import { ListWatch, type WatchPhase } from './watch';

/** `idle`: not watched in full (nobody looks at it); a summary stands in for it (watchPlan.ts). */
export type SessionPhase = 'connecting' | 'ready' | 'error' | 'stopped' | 'idle';

/** Pseudo kind key of the Flux controller pods. */
export const CONTROLLERS_KEY = kindKey('', 'Pod');
export const FLUX_PART_OF = 'app.kubernetes.io/part-of=flux';

export interface KindState {
  readonly key: string;
  readonly served?: ServedKind;
  phase: WatchPhase;
  error?: ApiError;
  /** True once the first list arrived. */
  synced: boolean;
  /** Set when a cluster-wide list was forbidden and the context's namespace is watched instead. */
  namespace?: string;
}

export type SessionEvent =
  | { readonly type: 'session' }
  | { readonly type: 'kind'; readonly kindKey: string }
  | { readonly type: 'reset'; readonly kindKey: string }
  | { readonly type: 'upsert'; readonly kindKey: string; readonly obj: KObject; readonly prev?: KObject }
  | { readonly type: 'remove'; readonly kindKey: string; readonly obj: KObject };

export interface SessionOptions {
  readonly fluxNamespace: string;
  readonly timeoutMs: number;
  readonly watchSeconds?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** How often a ready context checks whether the kinds it serves changed (a CRD installed later); 0: never. */
  readonly rediscoverMs?: number;
}

const nsName = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class ClusterSession {
  phase: SessionPhase = 'connecting';
  error: ApiError | undefined;
  discovery: Discovery | undefined;
  readonly kinds = new Map<string, KindState>();
  private readonly objects = new Map<string, Map<string, KObject>>();
  private readonly watches = new Map<string, ListWatch>();
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private retryTimer: NodeJS.Timeout | undefined;
  private rediscoverTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  private generation = 0;
  private active = false;

  constructor(
    readonly context: ContextInfo,
    readonly transport: Transport,
    readonly options: SessionOptions,
  ) {}

  get name(): string {
    return this.context.name;
  }

  onEvent(listener: (e: SessionEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(e: SessionEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // One faulty listener must not starve the others.
      }
    }
  }

  /** Discovers the served kinds and starts the watches. Never throws: failures become the session's error. */
  async start(retry = false): Promise<void> {
    const gen = ++this.generation;
    this.active = true;
    // A background retry keeps showing the last error instead of flickering through "connecting".
    if (!retry) this.setPhase('connecting', undefined);
    let discovery: Discovery;
    try {
      discovery = await discover(this.transport, this.options.timeoutMs);
    } catch (err) {
      if (gen !== this.generation) return;
      this.setPhase('error', err instanceof ApiError ? err : new ApiError(errorMessage(err), 'server', undefined, this.name));
      this.scheduleRetry();
      return;
    }
    if (gen !== this.generation) return;
    this.retries = 0;
    this.discovery = discovery;
    for (const served of discovery.kinds.values()) {
      if (served.verbs.includes('list') && served.verbs.includes('watch')) this.startKind(served);
    }
    if (discovery.fluxInstalled) this.startControllers();
    this.setPhase('ready', undefined);
    this.scheduleRediscover(gen);
  }

  private scheduleRediscover(gen: number): void {
    const every = this.options.rediscoverMs ?? 30_000;
    if (every <= 0) return;
    this.rediscoverTimer = setTimeout(() => void this.rediscover(gen), every);
    this.rediscoverTimer.unref?.();
  }

  /**
   * A CRD installed or removed after the start (Flagger, ESO, a Flux upgrade) shows without a Refresh: one
   * request (`/apis`) tells whether the served group versions changed; only then are their kinds read again.
   */
  private async rediscover(gen: number): Promise<void> {
    try {
      const gvs = await servedGroupVersions(this.transport, this.options.timeoutMs);
      if (gen !== this.generation) return;
      if (groupVersionsKey(gvs) !== this.discovery?.groupVersions) {
        const next = await discover(this.transport, this.options.timeoutMs, gvs);
        if (gen !== this.generation) return;
        this.applyDiscovery(next);
      }
    } catch {
      // An unreachable cluster shows through its watches; the check runs again next time.
    }
    if (gen === this.generation) this.scheduleRediscover(gen);
  }

  /** Starts watches for kinds served now, stops those no longer served (or served at another version). */
  private applyDiscovery(next: Discovery): void {
    const prev = this.discovery;
    this.discovery = next;
    // fluxInstalled follows from the kinds: the same kinds, nothing to start or stop.
    if (prev && sameKinds(prev, next)) return;
    for (const [key, state] of [...this.kinds]) {
      const now = key === CONTROLLERS_KEY ? next.fluxInstalled : state.served && sameServed(next.kinds.get(key), state.served);
      if (now) continue;
      this.watches.get(key)?.stop();
      this.watches.delete(key);
      this.kinds.delete(key);
      this.objects.delete(key);
    }
    for (const served of next.kinds.values()) {
      const key = kindKey(served.group, served.info.kind);
      if (!this.kinds.has(key) && served.verbs.includes('list') && served.verbs.includes('watch')) this.startKind(served);
    }
    if (next.fluxInstalled && !this.kinds.has(CONTROLLERS_KEY)) this.startControllers();
    this.emit({ type: 'session' });
  }

  /** Drops everything and connects again (the Refresh command). */
  async restart(): Promise<void> {
    this.stopWatches();
    await this.start();
  }

  /** Stops the watches and drops their caches, but stays listened to: the context is only summarized now. */
  park(): void {
    this.active = false;
    this.generation++;
    this.stopWatches();
    this.retries = 0;
    this.setPhase('idle', undefined);
  }

  /** True from start() until park() or stop(): watches run, are being set up, or wait to retry. */
  get watched(): boolean {
    return this.active;
  }

  stop(): void {
    this.active = false;
    this.generation++;
    this.stopWatches();
    this.setPhase('stopped', undefined);
    this.listeners.clear();
  }

  private stopWatches(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.rediscoverTimer) clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = undefined;
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
    this.kinds.clear();
    this.objects.clear();
    this.discovery = undefined;
  }

  private setPhase(phase: SessionPhase, error: ApiError | undefined): void {
    this.phase = phase;
    this.error = error;
    this.emit({ type: 'session' });
  }

  /** An unreachable cluster is tried again later, with a growing pause, so it appears once it is back. */
  private scheduleRetry(): void {
    const wait = Math.min(120_000, 2000 * 2 ** Math.min(this.retries++, 6));
    this.retryTimer = setTimeout(() => void this.start(true), wait);
    this.retryTimer.unref?.();
  }

  private startKind(served: ServedKind, namespace?: string): void {
    const key = kindKey(served.group, served.info.kind);
    const state: KindState = { key, served, phase: 'listing', synced: false, namespace };
    this.kinds.set(key, state);
    this.objects.set(key, new Map());
    const watch: ListWatch = new ListWatch(
      this.transport,
      {
        path: collectionPath(served, namespace),
        apiVersion: `${served.group}/${served.version}`,
        kind: served.info.kind,
        resource: rbacResource(served),
        namespace,
        ...this.watchTimings(),
      },
      this.sinkFor(key, (): ListWatch => watch, (err) => this.narrowToNamespace(served, state, err)),
    );
    this.watches.set(key, watch);
    watch.start();
  }

  private watchTimings() {
    return {
      timeoutMs: this.options.timeoutMs,
      watchSeconds: this.options.watchSeconds,
      backoffInitialMs: this.options.backoffInitialMs,
      backoffMaxMs: this.options.backoffMaxMs,
    };
  }

  /**
   * A user allowed only in their context's namespace gets 403 on cluster-wide lists; watching that namespace
   * instead still shows their objects. Returns true when the watch was replaced.
   */
  private narrowToNamespace(served: ServedKind, state: KindState, err: ApiError): boolean {
    const ns = this.context.namespace;
    if (err.kind !== 'forbidden' || !ns || state.namespace || !served.namespaced || state.synced) return false;
    this.watches.get(state.key)?.stop();
    this.startKind(served, ns);
    return true;
  }

  private startControllers(): void {
    const key = CONTROLLERS_KEY;
    const ns = this.options.fluxNamespace;
    this.kinds.set(key, { key, phase: 'listing', synced: false, namespace: ns });
    this.objects.set(key, new Map());
    const watch: ListWatch = new ListWatch(
      this.transport,
      {
        path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
        query: { labelSelector: FLUX_PART_OF },
        apiVersion: 'v1',
        kind: 'Pod',
        resource: 'pods',
        namespace: ns,
        ...this.watchTimings(),
      },
      this.sinkFor(key, (): ListWatch => watch),
    );
    this.watches.set(key, watch);
    watch.start();
  }

  /** The sink of one watch; it goes quiet once that watch is no longer the kind's current one. */
  private sinkFor(key: string, self: () => ListWatch, onForbidden?: (err: ApiError) => boolean) {
    const current = () => this.watches.get(key) === self();
    const store = () => (current() ? this.objects.get(key) : undefined);
    const state = () => (current() ? this.kinds.get(key) : undefined);
    return {
      reset: (items: KObject[]) => {
        const map = store();
        const s = state();
        if (!map || !s) return;
        map.clear();
        for (const item of items) map.set(nsName(item.metadata.namespace, item.metadata.name), item);
        s.synced = true;
        this.emit({ type: 'reset', kindKey: key });
      },
      upsert: (obj: KObject) => {
        const map = store();
        if (!map) return;
        const id = nsName(obj.metadata.namespace, obj.metadata.name);
        const prev = map.get(id);
        map.set(id, obj);
        this.emit({ type: 'upsert', kindKey: key, obj, prev });
      },
      remove: (obj: KObject) => {
        const map = store();
        if (!map) return;
        map.delete(nsName(obj.metadata.namespace, obj.metadata.name));
        this.emit({ type: 'remove', kindKey: key, obj });
      },
      phase: (phase: WatchPhase, error?: ApiError) => {
        const s = state();
        if (!s) return;
        if (error && onForbidden?.(error)) return;
        const changed = s.phase !== phase || s.error?.message !== error?.message;
        s.phase = phase;
        // A successful (re)connect clears the error; a relist keeps showing it until it succeeds.
        if (phase === 'watching' || error) s.error = error;
        if (changed) this.emit({ type: 'kind', kindKey: key });
      },
    };
  }

  /** Objects of one kind as the watch has them. */
  list(key: string): KObject[] {
    return [...(this.objects.get(key)?.values() ?? [])];
  }

  count(key: string): number {
    return this.objects.get(key)?.size ?? 0;
  }

  get(key: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.objects.get(key)?.get(nsName(namespace, name));
  }

  served(key: string): ServedKind | undefined {
    return this.discovery?.kinds.get(key);
  }

  watchStats(): { lists: number; watches: number; events: number; slowestListMs: number } {
    const total = { lists: 0, watches: 0, events: 0, slowestListMs: 0 };
    for (const w of this.watches.values()) {
      total.lists += w.stats.lists;
      total.watches += w.stats.watches;
      total.events += w.stats.events;
      total.slowestListMs = Math.max(total.slowestListMs, w.stats.lastListMs);
    }
    return total;
  }

  /** A fresh GET of the object (the store may lag a few milliseconds). */
  async fetch(ref: ObjectRef): Promise<KObject> {
    const served = this.requireServed(ref.kindKey);
    return this.transport.request<KObject>({
      path: objectPath(served, ref.namespace, ref.name),
      purpose: { verb: 'get', resource: rbacResource(served), namespace: ref.namespace },
    });
  }

  /** JSON merge patch; a 409 (rare without a resourceVersion, but possible) is retried a few times. */
  async mergePatch(ref: ObjectRef, patch: unknown): Promise<KObject> {
    const served = this.requireServed(ref.kindKey);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transport.request<KObject>({
          method: 'PATCH',
          path: objectPath(served, ref.namespace, ref.name),
          body: patch,
          contentType: 'application/merge-patch+json',
          purpose: { verb: 'patch', resource: rbacResource(served), namespace: ref.namespace },
        });
      } catch (err) {
        if (!(err instanceof ApiError && err.kind === 'conflict') || attempt >= 5) throw err;
      }
    }
  }

  requireServed(key: string): ServedKind {
    const served = this.served(key);
    if (served) return served;
    const kind = key.slice(key.lastIndexOf('/') + 1);
    throw new ApiError(
      this.discovery && !this.discovery.fluxInstalled ? `Flux is not installed in context ${this.name}.` : `Context ${this.name} does not serve ${kind}.`,
      'notFound',
      undefined,
      this.name,
    );
  }

  /**
   * Resolves with the object once `predicate` holds for it, checked now and on every watch event for it.
   * Rejects after `timeoutMs` with the last state seen, or when `signal` aborts.
   */
  waitFor(ref: ObjectRef, predicate: (obj: KObject | undefined) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<KObject | undefined> {
    return new Promise((resolve, reject) => {
      const current = () => this.get(ref.kindKey, ref.namespace, ref.name);
      if (predicate(current())) return resolve(current());
      const cleanup = () => {
        clearTimeout(timer);
        sub.dispose();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        reject(new Error('Cancelled.'));
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = current();
        const ready = last?.status?.conditions?.find((c) => c.type === 'Ready');
        reject(new Error(`Timed out after ${timeoutMs >= 10_000 ? Math.round(timeoutMs / 1000) : (timeoutMs / 1000).toFixed(1)} s waiting for ${ref.name}${ready ? ` (Ready=${ready.status}: ${ready.message ?? ready.reason ?? ''})` : ''}.`));
      }, timeoutMs);
      const sub = this.onEvent((e) => {
        if (e.type === 'session' || e.type === 'kind' || e.kindKey !== ref.kindKey) return;
        if (e.type !== 'reset' && (e.obj.metadata.name !== ref.name || e.obj.metadata.namespace !== ref.namespace)) return;
        const obj = current();
        if (!predicate(obj)) return;
        cleanup();
        resolve(obj);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

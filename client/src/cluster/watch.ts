// List-then-watch of one collection. The watch resumes from the last resourceVersion it saw (bookmarks keep
// that fresh), reconnects with a growing backoff after a disconnect, and lists again when the server answers
// 410 Gone. Nothing is polled: between events the only traffic is the open watch.
import { ApiError, isApiError } from './errors';
import type { Query, StreamHandle, Transport } from './http';
import type { KList, KObject } from './types';
import type { RequestPurpose } from './errors';

export type WatchPhase = 'listing' | 'watching' | 'retrying' | 'stopped';

/** The longest pause between two attempts while the server refuses connections. */
export const UNREACHABLE_RETRY_MS = 2000;

/**
 * The pause before attempt `failures` + 1: doubling from backoffInitialMs up to backoffMaxMs, with jitter that
 * spreads the reconnects of many watches after a shared outage. A refused or reset connection (the API server
 * restarts, nothing listens yet) costs the server nothing to try again, and the tree must be current again
 * within seconds of its return, so such retries stay short.
 */
export function retryDelay(failures: number, err: ApiError | undefined, opts: Pick<ListWatchOptions, 'backoffInitialMs' | 'backoffMaxMs'>, random = Math.random): number {
  const initial = opts.backoffInitialMs ?? 500;
  const max = Math.min(opts.backoffMaxMs ?? 30_000, err?.kind === 'unreachable' ? UNREACHABLE_RETRY_MS : Infinity);
  const base = Math.min(max, initial * 2 ** Math.min(failures - 1, 16));
  return Math.round(base * (0.8 + random() * 0.4));
}

export interface WatchSink {
  /** After each (re)list: the complete set of objects. */
  reset(items: KObject[]): void;
  upsert(obj: KObject): void;
  remove(obj: KObject): void;
  /** Phase changes; `error` is set while retrying after a failure. */
  phase(phase: WatchPhase, error?: ApiError): void;
}

export interface ListWatchOptions {
  readonly path: string;
  readonly query?: Query;
  /** Filled into listed items, whose apiVersion and kind the server may omit. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly timeoutMs: number;
  /** Server-side watch timeout; the watch reconnects (from its resourceVersion) after it. */
  readonly watchSeconds?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

export class ListWatch {
  private stopped = false;
  private resourceVersion: string | undefined;
  private handle: StreamHandle | undefined;
  private failures = 0;
  private wake: (() => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private gone = false;
  /** Counters for tests and the benchmark. */
  readonly stats = { lists: 0, watches: 0, events: 0, lastListMs: 0 };

  constructor(
    private readonly transport: Transport,
    private readonly opts: ListWatchOptions,
    private readonly sink: WatchSink,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.handle?.abort();
    this.interruptSleep();
  }

  private interruptSleep(): void {
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    this.wake?.();
  }

  private purpose(verb: string): RequestPurpose {
    return { verb, resource: this.opts.resource, namespace: this.opts.namespace };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.list();
        if (this.stopped) break;
        const started = Date.now();
        const err = await this.watchOnce();
        if (this.gone) {
          this.gone = false;
          this.resourceVersion = undefined;
          continue;
        }
        if (err) throw err;
        // A watch the server ends at once again and again would spin; treat it like a failure.
        if (Date.now() - started < 1000) await this.backoff(undefined);
        else this.failures = 0;
      } catch (err) {
        if (this.stopped) break;
        if (isApiError(err, 'gone')) {
          this.resourceVersion = undefined;
          continue;
        }
        const apiErr = err instanceof ApiError ? err : new ApiError((err as Error).message, 'server', undefined, this.transport.context);
        await this.backoff(apiErr);
      }
    }
    this.sink.phase('stopped');
  }

  private async list(): Promise<void> {
    this.sink.phase('listing');
    const started = Date.now();
    const items: KObject[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    // Pages keep each answer bounded; a large cluster is listed in a few round trips.
    do {
      const page: KList = await this.transport.request<KList>({
        path: this.opts.path,
        query: { ...this.opts.query, limit: 5000, continue: cont },
        timeoutMs: this.opts.timeoutMs,
        purpose: this.purpose('list'),
      });
      for (const item of page.items ?? []) items.push(this.normalize(item));
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont && !this.stopped);
    this.stats.lists++;
    this.stats.lastListMs = Date.now() - started;
    this.resourceVersion = rv;
    this.sink.reset(items);
  }

  private async watchOnce(): Promise<ApiError | undefined> {
    const seconds = this.opts.watchSeconds ?? 300;
    this.handle = await this.transport.stream({
      path: this.opts.path,
      query: { ...this.opts.query, watch: true, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: seconds },
      timeoutMs: this.opts.timeoutMs,
      // The server ends the watch after `seconds`; silence well beyond that means a dead connection.
      idleMs: (seconds + 30) * 1000,
      purpose: this.purpose('watch'),
      onLine: (line) => this.onLine(line),
    });
    this.stats.watches++;
    this.failures = 0;
    this.sink.phase('watching');
    if (this.stopped) this.handle.abort();
    const err = await this.handle.done;
    this.handle = undefined;
    return err;
  }

  private onLine(line: string): void {
    let event: { type?: string; object?: KObject & { code?: number; message?: string } };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      return;
    }
    const obj = event.object;
    if (!obj) return;
    this.stats.events++;
    const rv = obj.metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.sink.upsert(this.normalize(obj));
        break;
      case 'DELETED':
        this.sink.remove(obj);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR':
        // A Status object: 410 means our resourceVersion is too old and the collection must be listed again.
        if (obj.code === 410) this.gone = true;
        this.handle?.abort();
        return;
      default:
        return;
    }
    if (rv) this.resourceVersion = rv;
  }

  /**
   * Fills apiVersion and kind (list items may lack them) and drops managedFields, often half of an object's
   * size: the tree never shows them and the live YAML view fetches the object afresh.
   */
  private normalize(obj: KObject): KObject {
    obj.apiVersion ??= this.opts.apiVersion;
    obj.kind ??= this.opts.kind;
    if (obj.metadata) delete obj.metadata.managedFields;
    return obj;
  }

  private async backoff(err: ApiError | undefined): Promise<void> {
    this.failures++;
    const wait = retryDelay(this.failures, err, this.opts);
    if (err) this.sink.phase('retrying', err);
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, wait);
    });
    this.wake = undefined;
    this.sleepTimer = undefined;
  }
}

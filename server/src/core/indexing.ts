// Indexing the workspace: from the on-disk cache where a file is unchanged, in worker threads when there are
// many files to scan (started while the workspace is still being listed), else here. Then, in the background,
// the local diagnostics of every file the cache did not have, so that opening a file costs no parse; then the
// cache is saved for the next start.
import { localKey } from './features/local';
import type { FileStates } from './fileStates';
import type { CachedFile, CachedFiles, IndexCacheStore } from './indexCache';
import type { Logger } from './logger';
import { ChunkQueue, type JobCrds, type ScanItem, type ScanJob } from './scan';
import type { SchemaRegistry } from './schema/registry';
import type { Settings } from './settings';
import { textHash } from './text';
import { isChartContent } from './workspace/charts';
import { readEach, type WorkspaceHost } from './workspace/host';
import type { WorkspaceIndex } from './workspace/index';
import { loadWorkspaceMeta } from './workspace/meta';
import { packEntry, unpackEntry } from './workspace/transfer';
import { parseFile } from './yaml/parse';

/** Below this many files left to check, the background check is not worth its workers (files are checked on demand). */
const BULK_THRESHOLD = 400;

/**
 * Scans the files of a queue in worker threads (the server and the checker); order is free. In the background
 * it leaves a core to the main thread, so the editor stays responsive.
 */
export type BulkScanner = (queue: ChunkQueue, job: ScanJob, onBatch: (items: readonly ScanItem[]) => void, background: boolean) => Promise<void>;

export interface IndexSummary {
  readonly files: number;
  readonly objects: number;
  /** Files taken from the on-disk cache unchanged. */
  readonly cached: number;
  readonly millis: number;
}

export interface IndexOptions {
  /** Also compute every file's local diagnostics in the same pass (the checker); else the server does it in the background. */
  readonly withDiagnostics?: boolean;
}

export interface IndexerDeps {
  readonly index: WorkspaceIndex;
  readonly files: FileStates;
  readonly isOpen: (uri: string) => boolean;
  readonly host: WorkspaceHost;
  readonly registry: SchemaRegistry;
  readonly settings: () => Settings;
  readonly logger: Logger;
  readonly scanner?: BulkScanner;
  readonly cache?: IndexCacheStore;
  /**
   * The profile a file is checked with (its cluster's, once the index is built); undefined leaves the file to
   * the main thread (schemas the workers cannot load: a live cluster's CRDs). Without it: `registry`'s.
   */
  readonly profileFor?: (uri: string) => string | undefined;
  /** The workspace CRD schemas a job under a `+crds:` profile needs for these files (workspaceCrds.ts). */
  readonly crdsFor?: (profile: string, uris: readonly string[]) => JobCrds | undefined;
}

export class Indexer {
  private background: Promise<void> = Promise.resolve();
  private runs = 0;

  constructor(private readonly d: IndexerDeps) {}

  /** Whether the workspace is being indexed (the index is partial until indexWorkspace settles). */
  get indexing(): boolean {
    return this.runs > 0;
  }

  /** Settles when the background check that follows indexing is done (and the cache saved). */
  backgroundCheck(): Promise<void> {
    return this.background;
  }

  async indexWorkspace(o: IndexOptions = {}): Promise<IndexSummary> {
    this.runs++;
    try {
      return await this.indexAll(o);
    } finally {
      this.runs--;
    }
  }

  private async indexAll(o: IndexOptions): Promise<IndexSummary> {
    const started = Date.now();
    await loadWorkspaceMeta(this.d.host);
    // The workers scan what the listing has found so far while it goes on; without workers, this thread reads.
    const queue = new ChunkQueue([], { open: true });
    const job = o.withDiagnostics ? this.checkJob(true) : { maxBytes: this.d.settings().maxFileBytes, index: true };
    const scanning = this.scan(queue, job, false);
    const cached = this.d.cache?.load() ?? {};
    const misses: string[] = [];
    let todo = 0;
    const uris = await this.d.host.listYamlFiles((found) => {
      const closed = found.filter((u) => !this.d.isOpen(u));
      todo += closed.length;
      const m = this.fromCache(closed, cached);
      misses.push(...m);
      if (this.d.scanner) queue.add(m);
    });
    queue.close();
    if (!(await scanning)) await readEach(this.d.host, misses, (uri, text) => this.indexText(uri, text));
    // Files whose cluster declares other releases than the pass assumed are checked again with their own.
    if (o.withDiagnostics) await this.checkMissing(uris);
    if (!o.withDiagnostics) this.background = this.checkInBackground(uris, misses.length > 0);
    return { files: uris.length, objects: this.d.index.size, cached: todo - misses.length, millis: Date.now() - started };
  }

  /** Indexes a text read from disk (a file that is not open). */
  indexText(uri: string, text: string): void {
    if (this.d.isOpen(uri)) return;
    if (isChartContent(uri, (u) => this.d.index.has(u))) return this.forget(uri);
    this.d.index.update(parseFile(uri, 0, text, { maxBytes: this.d.settings().maxFileBytes }));
    this.d.files.indexed.set(uri, textHash(text));
    // The cache is saved on shutdown only: a file whose stamp moved on is scanned again anyway.
    const stamp = this.d.cache ? this.d.host.stamp?.(uri) : undefined;
    if (stamp) this.d.files.stamps.set(uri, stamp);
  }

  /** A file is gone from disk. */
  forget(uri: string): void {
    this.d.index.remove(uri);
    this.d.files.forget(uri);
  }

  /** Writes the cache (after the background check, and on shutdown). */
  save(): void {
    if (!this.d.cache) return;
    const out: Record<string, CachedFile> = {};
    for (const uri of this.d.index.uris()) {
      // An open file's entry comes from the editor's text, which may differ from the disk.
      if (this.d.isOpen(uri)) continue;
      const stamp = this.cacheStamp(this.d.files.stamps.get(uri));
      const hash = this.d.files.indexed.get(uri);
      const entry = this.d.index.entry(uri);
      if (!stamp || hash === undefined || !entry) continue;
      const local = this.d.files.localOf(uri, hash);
      out[uri] = { stamp, hash, entry: packEntry(entry), ...(local ? { key: local.key, local: local.diagnostics, suppressions: local.suppressions } : {}) };
    }
    this.d.cache.save(out);
  }

  /** Indexes the files whose cached stamp matches; returns the others. */
  private fromCache(uris: readonly string[], cached: CachedFiles): string[] {
    if (!this.d.cache || !this.d.host.stamp) return [...uris];
    const misses: string[] = [];
    for (const uri of uris) {
      const stamp = this.d.host.stamp(uri);
      if (stamp) this.d.files.stamps.set(uri, stamp);
      const hit = stamp ? cached[uri] : undefined;
      if (!hit || hit.stamp !== this.cacheStamp(stamp)) {
        misses.push(uri);
        continue;
      }
      this.d.index.updateEntry(uri, unpackEntry(hit.entry));
      this.d.files.indexed.set(uri, hit.hash);
      if (hit.local && hit.key) this.d.files.setLocal(uri, hit.hash, hit.local, hit.suppressions, hit.key);
    }
    return misses;
  }

  /** Local diagnostics for every file that has none yet, in worker threads; then the cache is saved. */
  private async checkInBackground(uris: readonly string[], changed: boolean): Promise<void> {
    const t0 = Date.now();
    const checked = await this.checkMissing(uris);
    if (checked) this.d.logger.info(`Checked ${checked} files in the background in ${Date.now() - t0} ms.`);
    if (changed || checked) this.save();
  }

  /** Checks in the workers every closed file with no local diagnostics under its profile, a scan per profile. */
  private async checkMissing(uris: readonly string[]): Promise<number> {
    const files = this.d.files;
    const byProfile = new Map<string, string[]>();
    for (const u of uris) {
      if (this.d.isOpen(u)) continue;
      const profile = this.d.profileFor ? this.d.profileFor(u) : this.d.registry.profile;
      if (profile === undefined || files.localOf(u, files.indexed.get(u) ?? -1, files.keyFor(profile))) continue;
      byProfile.set(profile, [...(byProfile.get(profile) ?? []), u]);
    }
    let checked = 0;
    for (const [profile, todo] of byProfile) {
      if (todo.length >= BULK_THRESHOLD && (await this.scan(new ChunkQueue(todo), this.checkJob(false, profile, todo), true))) checked += todo.length;
    }
    return checked;
  }

  /** A file's stamp together with what else its entry depends on (the size limit above which files are skipped). */
  private cacheStamp(stamp: string | undefined): string | undefined {
    return stamp && `${stamp}|${this.d.settings().maxFileBytes}`;
  }

  private checkJob(index: boolean, profile = this.d.registry.profile, uris: readonly string[] = []): ScanJob {
    const settings = this.d.settings();
    const crds = this.d.crdsFor?.(profile, uris);
    return { maxBytes: settings.maxFileBytes, index, check: { profile, platform: settings.platform, ...(crds ? { crds } : {}) } };
  }

  /** Scans through the worker threads; false when there are none or they failed (then the caller does the work here). */
  private async scan(queue: ChunkQueue, job: ScanJob, background: boolean): Promise<boolean> {
    if (!this.d.scanner) return false;
    try {
      await this.d.scanner(queue, job, (items) => this.prime(items, job), background);
      return true;
    } catch (err) {
      this.d.logger.error('Scanning in worker threads failed; working here instead', err);
      return false;
    }
  }

  private prime(items: readonly ScanItem[], job: ScanJob): void {
    const key = job.check ? localKey(job.check.profile, job.check.platform) : undefined;
    for (const item of items) {
      if (item.entry && !this.d.isOpen(item.uri)) {
        this.d.index.updateEntry(item.uri, item.entry);
        this.d.files.indexed.set(item.uri, item.hash);
      }
      if (item.local && key) this.d.files.setLocal(item.uri, item.hash, item.local, item.suppressions, key);
    }
  }
}

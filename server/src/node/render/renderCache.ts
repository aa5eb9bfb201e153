// Renders kept between runs, by input key (the request and the hashes of the files the build reads): a build
// rendered before by the same module is answered from the file. The checker (`--cache-dir`) renders only the
// builds a change reaches; the language server, reopened on a repository, has the whole tree's renders at once
// and renders again only what changed since. The file holds what the repository's own files render to; a
// secretGenerator's input files are never read (see scheduler.ts), so no value from outside the repository lands
// in it.
//
// The file is JSON lines: a header, then one `key<TAB>result` line per build. It is read without blocking, and an
// entry is parsed only when its key is asked for, so a large file costs the server's loop no long JSON.parse.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../core/logger';
import type { RenderFileDelta, RenderRequest, RenderResult, RenderService } from '../../core/render/types';

const FORMAT = 2;

/** Builds kept: a file of a huge repository stays bounded. */
const MAX_BUILDS = 20_000;
/**
 * Renders kept per build, the latest ones: the state on disk survives a session that ended with unsaved edits,
 * and a switch back to another branch finds its renders.
 */
const PER_BUILD = 3;
/** The server logs the renders taken from the file once none has been taken for this long. */
const HITS_QUIET_MS = 500;
/** Bytes written at most; the builds rendered last come first. */
const MAX_BYTES = 64 << 20;

export interface RenderCacheOptions {
  /**
   * Writes the file this long after the last new render (the language server, which runs for hours); without it
   * the file is written when the engine is disposed (the checker).
   */
  readonly saveAfterMs?: number;
  /** Starts the engine even when renders are cached (the server: an edit then renders without waiting for it). */
  readonly warmAlways?: boolean;
}

interface Kept {
  readonly key: string;
  /** The result's JSON as read from the file, if it came from there: written back without a new stringify. */
  readonly raw?: string;
  readonly result: RenderResult;
}

export class CachedRenders implements RenderService {
  /** Entries read from the file, unparsed, by key. */
  private known = new Map<string, string>();
  /** What this run rendered or took from the file, by build (the request), latest last. */
  private readonly used = new Map<string, Kept[]>();
  private module = 'none';
  private readonly ready: Promise<void>;
  private hits = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private hitsTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly inner: RenderService, private readonly file: string, private readonly moduleDir: string, private readonly log?: Logger, private readonly options: RenderCacheOptions = {}) {
    this.ready = this.load();
  }

  get concurrency(): number | undefined {
    return this.inner.concurrency;
  }

  syncFiles(files: RenderFileDelta): void {
    this.inner.syncFiles(files);
  }

  /** Without warmAlways, warms only for a run with nothing cached: a run that may need no render starts no process. */
  async warm(): Promise<unknown> {
    if (this.options.warmAlways) return this.inner.warm?.();
    await this.ready;
    return this.known.size ? undefined : this.inner.warm?.();
  }

  async render(request: RenderRequest, inputKey?: string): Promise<RenderResult> {
    if (inputKey === undefined) return this.inner.render(request);
    await this.ready;
    const key = createHash('sha256').update(inputKey).digest('hex');
    const build = inputKey.split('\0', 1)[0];
    const same = this.used.get(build)?.find((k) => k.key === key);
    if (same) return same.result;
    const raw = this.known.get(key);
    const cached = raw === undefined ? undefined : parseResult(raw);
    this.known.delete(key);
    if (cached) {
      this.hits++;
      this.reportHits();
      this.keep(build, { key, raw, result: cached });
      // A turn of the event loop between answers: a pass over hundreds of cached builds must not run as one task.
      await new Promise((resolve) => setImmediate(resolve));
      return cached;
    }
    const result = await this.inner.render(request, inputKey);
    // Only kustomize's verdicts are kept: an engine failure or a time limit says nothing about the build.
    if (!result.error?.engine) {
      this.keep(build, { key, result });
      this.dirty = true;
      this.scheduleSave();
    }
    return result;
  }

  /** Writes what this run used (and only that), then stops the engine. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.hitsTimer);
    if (this.dirty || this.options.saveAfterMs === undefined) this.saveNow();
    this.inner.dispose();
  }

  /** Settles once a save in progress (or none) is done; for tests. */
  async flushed(): Promise<void> {
    await this.saving;
  }

  private keep(build: string, kept: Kept): void {
    const renders = (this.used.get(build) ?? []).filter((k) => k.key !== kept.key);
    renders.push(kept);
    if (renders.length > PER_BUILD) renders.shift();
    this.used.delete(build);
    this.used.set(build, renders);
    if (this.used.size > MAX_BUILDS) this.used.delete(this.used.keys().next().value as string);
  }

  /** Says in the log how many renders came from the file, once a run of them is over. */
  private reportHits(): void {
    if (this.options.saveAfterMs === undefined) return; // the checker says it at the end
    clearTimeout(this.hitsTimer);
    this.hitsTimer = setTimeout(() => this.log?.info(`renders: ${this.hits} taken from the cache of earlier sessions`), HITS_QUIET_MS);
    this.hitsTimer.unref?.();
  }

  private scheduleSave(): void {
    if (this.options.saveAfterMs === undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveSoon(), this.options.saveAfterMs);
    this.timer.unref?.();
  }

  private async load(): Promise<void> {
    this.module = await moduleStamp(this.moduleDir);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return; // No cache yet: render everything.
    }
    const lines = text.split('\n');
    if (!headerMatches(lines[0], this.module)) return;
    for (let i = 1; i < lines.length; i++) {
      const tab = lines[i].indexOf('\t');
      if (tab > 0) this.known.set(lines[i].slice(0, tab), lines[i].slice(tab + 1));
    }
  }

  /** The file's lines, the builds rendered last first, within MAX_BYTES. */
  private *lines(): Generator<string> {
    yield JSON.stringify({ format: FORMAT, module: this.module });
    let bytes = 0;
    for (const kept of [...this.used.values()].reverse().flatMap((renders) => [...renders].reverse())) {
      const line = `${kept.key}\t${kept.raw ?? JSON.stringify(kept.result)}`;
      bytes += line.length;
      if (bytes > MAX_BYTES) return;
      yield line;
    }
  }

  private saveNow(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, [...this.lines()].join('\n'));
      renameSync(tmp, this.file);
      this.dirty = false;
      this.log?.info(`renders: ${this.hits} of ${this.used.size} from the cache`);
    } catch (err) {
      this.log?.warn(`The render cache could not be written to ${this.file}: ${(err as Error).message}`);
    }
  }

  /** The server's save: one build's JSON per turn of the event loop, written without blocking. */
  private saveSoon(): Promise<void> {
    this.saving ??= (async () => {
      try {
        this.dirty = false;
        const out: string[] = [];
        for (const line of this.lines()) {
          out.push(line);
          await new Promise((resolve) => setImmediate(resolve));
        }
        await mkdir(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.tmp-${process.pid}-soon`;
        await writeFile(tmp, out.join('\n'));
        // The save at dispose wrote what is newer.
        if (!this.disposed) await rename(tmp, this.file);
      } catch (err) {
        this.log?.warn(`The render cache could not be written to ${this.file}: ${(err as Error).message}`);
      } finally {
        this.saving = undefined;
      }
    })();
    return this.saving;
  }
}

function headerMatches(line: string | undefined, module: string): boolean {
  try {
    const h = JSON.parse(line ?? '') as { format?: number; module?: string };
    return h.format === FORMAT && h.module === module;
  } catch {
    return false;
  }
}

function parseResult(raw: string): RenderResult | undefined {
  try {
    const r = JSON.parse(raw) as RenderResult;
    return r && Array.isArray(r.objects) ? r : undefined;
  } catch {
    return undefined; // A damaged line: render that build again.
  }
}

/** Which module rendered: another build of it may render differently, so its renders are not reused. Hashed in chunks. */
async function moduleStamp(moduleDir: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path.join(moduleDir, 'render.wasm'))) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return 'none';
  }
}

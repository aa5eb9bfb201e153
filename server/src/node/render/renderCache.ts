// The checker's renders kept between runs (`--cache-dir`): a build whose input key (the request and the hashes of
// the files it reads) was rendered before by the same module is answered from the file, so a CI run that changed
// a few files renders only the builds they reach, and starts no render process when none is reached. The file
// holds what the repository's own files render to; a secretGenerator's input files are never read (see
// scheduler.ts), so no value from outside the repository lands in it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../core/logger';
import type { RenderFileDelta, RenderRequest, RenderResult, RenderService } from '../../core/render/types';

interface CacheFile {
  readonly module: string;
  readonly entries: Record<string, RenderResult>;
}

/** Renders kept: a file of a huge repository stays bounded. */
const MAX_ENTRIES = 20_000;

export class CachedRenders implements RenderService {
  private readonly known: Map<string, RenderResult>;
  private readonly used = new Map<string, RenderResult>();
  private readonly module: string;
  private hits = 0;

  constructor(private readonly inner: RenderService, private readonly file: string, moduleDir: string, private readonly log?: Logger) {
    this.module = moduleStamp(moduleDir);
    this.known = this.load();
  }

  get concurrency(): number | undefined {
    return this.inner.concurrency;
  }

  syncFiles(files: RenderFileDelta): void {
    this.inner.syncFiles(files);
  }

  /** Warms the engine only for a run with nothing cached: a run that may need no render should start no process. */
  async warm(): Promise<unknown> {
    return this.known.size ? undefined : this.inner.warm?.();
  }

  async render(request: RenderRequest, inputKey?: string): Promise<RenderResult> {
    if (inputKey === undefined) return this.inner.render(request);
    const key = createHash('sha256').update(inputKey).digest('hex');
    const cached = this.known.get(key);
    if (cached) {
      this.hits++;
      this.used.set(key, cached);
      return cached;
    }
    const result = await this.inner.render(request, inputKey);
    // Only kustomize's verdicts are kept: an engine failure or a time limit says nothing about the build.
    if (!result.error?.engine && this.used.size < MAX_ENTRIES) this.used.set(key, result);
    return result;
  }

  /** Writes the renders this run used (and only those), then stops the engine. */
  dispose(): void {
    this.save();
    this.inner.dispose();
  }

  private load(): Map<string, RenderResult> {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile;
      return data.module === this.module && data.entries && typeof data.entries === 'object' ? new Map(Object.entries(data.entries)) : new Map();
    } catch {
      return new Map(); // No cache yet, or one that cannot be read: render everything.
    }
  }

  private save(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ module: this.module, entries: Object.fromEntries(this.used) } satisfies CacheFile));
      renameSync(tmp, this.file);
      this.log?.info(`renders: ${this.hits} of ${this.used.size} from the cache`);
    } catch (err) {
      this.log?.warn(`The render cache could not be written to ${this.file}: ${(err as Error).message}`);
    }
  }
}

/** Which module rendered: another build of it may render differently, so its renders are not reused. */
function moduleStamp(moduleDir: string): string {
  try {
    return createHash('sha256').update(readFileSync(path.join(moduleDir, 'render.wasm'))).digest('hex');
  } catch {
    return 'none';
  }
}

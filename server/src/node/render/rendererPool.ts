// Several render processes behind one RenderService: the checker renders hundreds of Flux Kustomizations and
// nothing else competes for the cores, so two processes render two independent builds at once. Each process
// holds the whole file set (every delta goes to each); a render goes to the one with the fewest in flight.
import type { RenderFileDelta, RenderRequest, RenderResult, RenderService } from '../../core/render/types';
import * as path from 'node:path';
import { CachedRenders, type RenderCacheOptions } from './renderCache';
import { Renderer, type RendererOptions } from './renderer';

export interface RenderEngineOptions extends RendererOptions {
  /** Render processes (default 1). The language server keeps one, so a core stays free for the editor. */
  processes?: number;
  /** A file that keeps renders between runs (the checker's `--cache-dir`, the server's workspace storage), if any. */
  cacheFile?: string;
  /** How that file is written and whether a cached run starts the engine anyway. */
  cacheOptions?: RenderCacheOptions;
}

/**
 * kustomize's Go heap grows four times over between collections, not once (GOGC 400): in WebAssembly the collector
 * runs on the render's own thread, and a native profile of bjw-s home-ops' builds spends about a quarter of their time
 * allocating and collecting. Measured: its 93 renders in the editor 4.5 -> 3.7-3.9 s (a slow machine), the corpora's
 * folders 1.84 -> 1.67 s a round, the module's heap 29 -> 53 MB.
 */
export const KUSTOMIZE_GC_PERCENT = 400;

/** One Renderer, or a pool of them when more than one process is asked for; behind a cache file when given one. */
export function renderEngine(options: RenderEngineOptions): RenderService {
  const { processes = 1, cacheFile, cacheOptions, ...defaults } = options;
  const rest = { gcPercent: KUSTOMIZE_GC_PERCENT, ...defaults };
  const engine = processes > 1 ? new RendererPool(processes, rest) : new Renderer(rest);
  return cacheFile ? new CachedRenders(engine, cacheFile, rest.moduleDir ?? path.join(__dirname, 'render'), rest.log, cacheOptions) : engine;
}

export class RendererPool implements RenderService {
  private readonly members: { renderer: Renderer; busy: number }[];

  constructor(processes: number, options: RendererOptions) {
    // One module, one verdict: the first process says why it cannot load, the others stay quiet.
    const quiet = { ...options, log: undefined };
    this.members = Array.from({ length: processes }, (_, i) => ({ renderer: new Renderer(i ? quiet : options), busy: 0 }));
  }

  /** Renders the scheduler may have in flight at once. */
  get concurrency(): number {
    return this.members.length;
  }

  syncFiles(files: RenderFileDelta): void {
    for (const m of this.members) m.renderer.syncFiles(files);
  }

  warm(): Promise<unknown> {
    return Promise.all(this.members.map((m) => m.renderer.warm()));
  }

  async render(request: RenderRequest): Promise<RenderResult> {
    const member = this.members.reduce((a, b) => (b.busy < a.busy ? b : a));
    member.busy++;
    try {
      return await member.renderer.render(request);
    } finally {
      member.busy--;
    }
  }

  dispose(): void {
    for (const m of this.members) m.renderer.dispose();
  }
}

// Rendering in a process (the server, the checker): the render engine in its worker thread, wired to the
// language service, and a short debounce so that a burst of edits renders once.
import type { Logger } from '../core/logger';
import type { LanguageService } from '../core/service';
import type { RenderService } from '../core/render/types';
import { renderEngine, type RenderEngineOptions } from './render/rendererPool';
import { HelmEngine } from './render/helmEngine';

export interface RenderLoop {
  /** Something changed: render what it touched, once the burst is over. */
  changed(): void;
  /** Settles when the renders are current (e.g. the checker waits for them). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Edits closer together than this render once. */
const DEBOUNCE_MS = 50;

/** HelmRelease renders: the chart cache to read remote charts from (none: charts of this repository only), or off. */
export type ReleaseRendering = { readonly chartCacheDir?: string } | false;

/**
 * The render engine, started now: its process compiles the module, starts Go and loads kustomize's schema (about
 * 1.5 s of CPU) while the workspace is indexed, in another process at a lower priority, instead of after it.
 */
export function startRenderEngine(logger: Logger, options: RenderEngineOptions = {}): RenderService {
  const engine = renderEngine({ log: logger, ...options });
  void engine.warm?.();
  return engine;
}

/** Renders the workspace with `engine` (one started early by startRenderEngine), else with an engine made here. */
export function startRendering(service: LanguageService, logger: Logger, onRendered: (uris: readonly string[]) => void, options: RenderEngineOptions & { engine?: RenderService } = {}, releases: ReleaseRendering = {}): RenderLoop {
  const engine = options.engine ?? renderEngine({ log: logger, ...options });
  service.useRenderer(engine, onRendered);
  // The helm module has a render process of its own, started by the first release rendered.
  const helm = releases === false ? undefined : new HelmEngine({ log: logger, chartCacheDir: releases.chartCacheDir, ...(options.timeLimitMs ? { timeLimitMs: options.timeLimitMs } : {}), ...(options.workerScript ? { workerScript: options.workerScript } : {}), ...(options.lowPriority === false ? { lowPriority: false } : {}) });
  if (helm) service.useReleaseRenderer(helm);
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();
  const run = () => {
    last = service.render().catch((err) => logger.error('Rendering failed; the checks use the fast index', err));
  };
  run();
  return {
    changed: () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    },
    settled: () => last,
    dispose: () => {
      clearTimeout(timer);
      engine.dispose();
      helm?.dispose();
    },
  };
}

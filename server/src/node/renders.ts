// Rendering in a process (the server, the checker): the render engine in its worker thread, wired to the
// language service, and a short debounce so that a burst of edits renders once.
import type { Logger } from '../core/logger';
import type { LanguageService } from '../core/service';
import { Renderer, type RendererOptions } from './render/renderer';

export interface RenderLoop {
  /** Something changed: render what it touched, once the burst is over. */
  changed(): void;
  /** Settles when the renders are current (e.g. the checker waits for them). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Edits closer together than this render once. */
const DEBOUNCE_MS = 50;

export function startRendering(service: LanguageService, logger: Logger, onRendered: (uris: readonly string[]) => void, options: RendererOptions = {}): RenderLoop {
  const engine = new Renderer({ log: logger, ...options });
  service.useRenderer(engine, onRendered);
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
    },
  };
}

// The real render engine for tests: the WebAssembly module built by `npm run render` (tools/render/build.mjs),
// run by the worker from its TypeScript source (the test process's tsx loader reaches the worker too).
import * as path from 'node:path';
import { Renderer, type RendererOptions } from '../../../server/src/node/render/renderer';

const root = path.resolve(__dirname, '../../..');

export function testRenderer(options: RendererOptions = {}): Renderer {
  return new Renderer({
    moduleDir: path.join(root, 'generated/render'),
    workerScript: path.join(root, 'server/src/node/render/renderWorker.ts'),
    ...options,
  });
}

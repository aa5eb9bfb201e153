// Shared by the render tests: the real render module (built by `npm run render`) in a real worker thread,
// started from the TypeScript sources, and the native build of the same Go code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RenderRequest, RenderResult, RenderedObject } from '../../../server/src/core/render/types';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LanguageService } from '../../../server/src/core/service';
import { Renderer, type RendererOptions } from '../../../server/src/node/render/renderer';
import { uriOf, workspace } from '../helpers';

const root = path.resolve(__dirname, '..', '..', '..');
export const MODULE_DIR = path.join(root, 'generated', 'render');
const WORKER = path.join(root, 'server', 'src', 'node', 'render', 'renderWorker.ts');

function requireModule(): void {
  if (!existsSync(path.join(MODULE_DIR, 'render.wasm'))) {
    throw new Error('generated/render/render.wasm is missing: run `npm run render` first');
  }
}

/** A Renderer over the built module; dispose it in an `after` hook. */
export function startRenderer(options: RendererOptions = {}): Renderer {
  requireModule();
  return new Renderer({ moduleDir: MODULE_DIR, workerScript: WORKER, ...options });
}

/** The native binary built from the same Go code, recorded by the build in generated/render/native.json. */
export function nativeBinary(): string {
  requireModule();
  const { native } = JSON.parse(readFileSync(path.join(MODULE_DIR, 'native.json'), 'utf8')) as { native: string };
  return native;
}

/** Renders with the native binary in one process: the whole file set, then each request in turn. */
export function renderNatively(files: Map<string, string>, requests: RenderRequest[]): RenderResult[] {
  const messages = [{ op: 'sync', files: Object.fromEntries(files) }, ...requests.map((request) => ({ op: 'render', request }))];
  const input = messages.map((m) => JSON.stringify(m)).join('\n') + '\n';
  const run = spawnSync(nativeBinary(), [], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the native render failed (exit ${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  if (lines.length !== messages.length) throw new Error(`the native render answered ${lines.length} of ${messages.length} messages`);
  return lines.slice(1).map((line) => JSON.parse(line) as RenderResult);
}

/** The rendered objects of a result, failing with the render's error when there is one. */
export function objectsOf(result: RenderResult): RenderedObject[] {
  if (result.error) throw new Error(`render failed: ${result.error.message}`);
  return result.objects;
}

/** "Kind/namespace/name" of each object, in output order. */
export function ids(result: RenderResult): string[] {
  return objectsOf(result).map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`);
}

/** A file set from an object literal. */
export function files(entries: Record<string, string | null>): Map<string, string | null> {
  return new Map(Object.entries(entries));
}

/** Reads a nested field of a rendered object. */
export function field(object: RenderedObject, ...keys: (string | number)[]): unknown {
  let value: unknown = object.object;
  for (const key of keys) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

const serviceEngines: Renderer[] = [];

/** A language service over the files with the real render module behind it, rendered once; stop with stopRenderedWorkspaces. */
export async function renderedWorkspace(files: Record<string, string>): Promise<LanguageService> {
  const service = await workspace(files);
  const engine = startRenderer();
  serviceEngines.push(engine);
  service.useRenderer(engine, () => undefined);
  await service.render();
  return service;
}

/** Stops the render engines renderedWorkspace started (call from an `after` hook). */
export function stopRenderedWorkspaces(): void {
  for (const engine of serviceEngines.splice(0)) engine.dispose();
}

/** Opens one of the files in the service and returns its diagnostics. */
export function diagnosticsOf(service: LanguageService, files: Record<string, string>, path: string): Diagnostic[] {
  service.open(uriOf(path), 1, files[path]);
  return service.diagnostics(uriOf(path));
}

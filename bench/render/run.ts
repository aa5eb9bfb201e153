// Render benchmark: the render module (kustomize + Flux substitution in WebAssembly, in a worker thread) against
// the native build of the same Go code, over every kustomization folder of the shared corpora.
//   node --expose-gc --import tsx bench/render/run.ts [--rounds 3]
// Uses the bundle (dist/renderWorker.js, dist/render/: run `npm run build` first) and the native binary recorded
// in generated/render/native.json. Prints a markdown table to stdout.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Renderer } from '../../server/src/node/render/renderer';
import { KUSTOMIZE_GC_PERCENT } from '../../server/src/node/render/rendererPool';
import { kustomizationFolders, readCorpora } from '../../test/unit/render/corpora';
import { renderNatively } from '../../test/unit/render/helpers';
import { helmBench } from './helm';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v: number): string => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function newRenderer(): Renderer {
  return new Renderer({ moduleDir: path.join(dist, 'render'), workerScript: path.join(dist, 'renderWorker.js'), timeLimitMs: 120_000, gcPercent: KUSTOMIZE_GC_PERCENT });
}

/** Native render times of the same rounds; the first round pays for kustomize's lazy set-up, as the worker's warm-up does. */
function nativeMillis(files: Map<string, string>, folders: string[]): number[] {
  const requests = Array.from({ length: rounds }, () => folders.map((p) => ({ path: p }))).flat();
  return renderNatively(files, requests).slice(folders.length).map((r) => r.millis);
}

interface Cold {
  compile: number;
  start: number;
  warm: number;
  ready: number;
  first: number;
  total: number;
}

async function coldStart(files: Map<string, string>, folder: string): Promise<Cold> {
  const renderer = newRenderer();
  try {
    const t0 = performance.now();
    const started = await renderer.warm();
    if ('error' in started) throw new Error(started.error);
    const ready = performance.now() - t0;
    renderer.syncFiles(files);
    const first = await renderer.render({ path: folder });
    if (first.error) throw new Error(first.error.message);
    const total = performance.now() - t0;
    return { compile: started.compileMillis, start: started.startMillis, warm: started.warmMillis, ready, first: total - ready, total };
  } finally {
    renderer.dispose();
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(dist, 'renderWorker.js'))) throw new Error('dist/renderWorker.js is missing: run `npm run build` first');
  const files = readCorpora();
  const folders = kustomizationFolders(files);
  const wasmBytes = readFileSync(path.join(dist, 'render', 'render.wasm'));

  // RSS is the process's: collect the main thread's garbage first (run with --expose-gc), before any worker.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const baseline = process.memoryUsage.rss();
  const colds: Cold[] = [];
  for (let i = 0; i < rounds; i++) colds.push(await coldStart(files, folders[0]));

  const renderer = newRenderer();
  renderer.syncFiles(files);
  const wasm: number[] = [];
  const trips: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const folder of folders) {
      const t = performance.now();
      const result = await renderer.render({ path: folder });
      if (r > 0) {
        wasm.push(result.millis);
        trips.push(performance.now() - t);
      }
    }
  }
  gc();
  const rss = process.memoryUsage.rss() - baseline;
  const heap = renderer.memoryBytes ?? 0;

  // An edit of one file under a rendered folder, then that folder rendered again (the delta is one file).
  const edited = folders.find((f) => files.has(`${f}/kustomization.yaml`))!;
  const editMillis: number[] = [];
  for (let i = 0; i < 20; i++) {
    const file = `${edited}/kustomization.yaml`;
    renderer.syncFiles(new Map([[file, `${files.get(file)!}\n# edit ${i}\n`]]));
    const t = performance.now();
    await renderer.render({ path: edited });
    editMillis.push(performance.now() - t);
  }
  renderer.dispose();
  const native = nativeMillis(files, folders);

  const rows = [
    ['module size (raw / gzip)', `${mb(wasmBytes.length)} / ${mb(gzipSync(wasmBytes).length)}`],
    [`cold start p50 of ${rounds}: compile / Go start-up / schema parse and warm-up build`, ['compile', 'start', 'warm'].map((k) => ms(quantile(colds.map((c) => c[k as keyof Cold]), 0.5))).join(' / ')],
    ['cold start: worker ready (the three above, in the worker)', ms(quantile(colds.map((c) => c.ready), 0.5))],
    ['cold start: then the first render (all corpus files sent)', ms(quantile(colds.map((c) => c.first), 0.5))],
    ['cold start: total', ms(quantile(colds.map((c) => c.total), 0.5))],
    [`per folder render p50 / p95, wasm (${folders.length} folders × ${rounds - 1} rounds)`, `${ms(quantile(wasm, 0.5))} / ${ms(quantile(wasm, 0.95))}`],
    ['per folder render p50 / p95, wasm incl. worker round trip', `${ms(quantile(trips, 0.5))} / ${ms(quantile(trips, 0.95))}`],
    ['per folder render p50 / p95, native (same Go code)', `${ms(quantile(native, 0.5))} / ${ms(quantile(native, 0.95))}`],
    ['wasm / native p50', `${(quantile(wasm, 0.5) / quantile(native, 0.5)).toFixed(1)}×`],
    ['whole corpora, one round (wasm / native)', `${ms(wasm.reduce((a, b) => a + b, 0) / (rounds - 1))} / ${ms(native.reduce((a, b) => a + b, 0) / (rounds - 1))}`],
    ['edit one file → folder rendered again, p50', ms(quantile(editMillis, 0.5))],
    ['render worker: process RSS growth with the worker alive / Go heap (wasm memory)', `${mb(rss)} / ${mb(heap)}`],
  ];
  console.log(`\n### Render module (${files.size} corpus files, ${folders.length} kustomization folders)\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  console.log('\n### Helm module (HelmRelease renders)\n');
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of await helmBench(rounds)) console.log(`| ${k} | ${v} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// HelmRelease render benchmark: the helm module (tools/render/helm in WebAssembly, in its own render process)
// on the fixture chart (test/fixtures/charts/demo: templates, schema, a sub-chart): its size, its cold start and
// a release render's p50, against the native build of the same Go code.
//   node --import tsx bench/render/helm.ts [--rounds 3]   (also run at the end of bench/render/run.ts)
// Uses the bundle (dist/renderWorker.js, dist/render/helm/: run `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ReleaseRequest } from '../../server/src/core/render/helmTypes';
import { toUri } from '../../server/src/node/diskHost';
import { HelmEngine } from '../../server/src/node/render/helmEngine';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const chartDir = path.join(root, 'test', 'fixtures', 'charts', 'demo');
const RENDERS = 40;
/** Renders after the first RENDERS, once V8 has tiered the hot functions up from its baseline compiler (Liftoff). */
const STEADY = 120;

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const ms = (v: number): string => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const request = (i: number): ReleaseRequest => ({ chart: { kind: 'folder', dir: toUri(chartDir) }, values: { replicaCount: 1 + (i % 3) }, releaseName: `web${i}`, namespace: 'apps', kubeVersion: 'v1.36.0' });

function newEngine(): HelmEngine {
  return new HelmEngine({ moduleDir: path.join(dist, 'render', 'helm'), workerScript: path.join(dist, 'renderWorker.js'), timeLimitMs: 120_000, startLimitMs: 300_000 });
}

/** The chart's files as the module's message carries them. */
function chartFiles(dir: string, rel = ''): { name: string; data: string }[] {
  return readdirSync(path.join(dir, rel)).sort().flatMap((n) => {
    const name = rel ? `${rel}/${n}` : n;
    return statSync(path.join(dir, name)).isDirectory() ? chartFiles(dir, name) : [{ name, data: readFileSync(path.join(dir, name)).toString('base64') }];
  });
}

/** The native build of the same Go code, built on demand (`npm run render` builds only the wasm). */
function nativeBinary(): string | undefined {
  const build = spawnSync(process.execPath, [path.join(root, 'tools', 'render', 'helm', 'build.mjs'), '--native'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) return undefined;
  const manifest = path.join(root, 'generated', 'render', 'helm', 'native.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { native?: string }).native : undefined;
}

function nativeMillis(): number[] | undefined {
  const native = nativeBinary();
  if (!native) return undefined;
  const files = chartFiles(chartDir);
  const lines = Array.from({ length: RENDERS + 1 }, (_, i) => {
    const { chart: _c, ...rest } = request(i);
    void _c;
    return JSON.stringify({ op: 'render', request: { ...rest, files } });
  });
  const run = spawnSync(native, [], { input: `${lines.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) return undefined;
  return run.stdout.trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { millis: number }).millis);
}

export async function helmBench(rounds: number): Promise<[string, string][]> {
  const wasmFile = path.join(dist, 'render', 'helm', 'render.wasm');
  if (!existsSync(wasmFile)) throw new Error('dist/render/helm/render.wasm is missing: run `npm run build` first');
  const wasmBytes = readFileSync(wasmFile);
  const colds: { compile: number; start: number; warm: number; first: number; total: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    const engine = newEngine();
    try {
      const t0 = performance.now();
      const started = await engine.warm();
      if ('error' in started) throw new Error(started.error);
      const ready = performance.now() - t0;
      const first = await engine.render(request(0));
      if (first.error) throw new Error(first.error.message);
      const total = performance.now() - t0;
      colds.push({ compile: started.compileMillis, start: started.startMillis, warm: started.warmMillis, first: total - ready, total });
    } finally {
      engine.dispose();
    }
  }
  const engine = newEngine();
  const module: number[] = [];
  const trips: number[] = [];
  const steady: number[] = [];
  try {
    await engine.render(request(0));
    for (let i = 1; i <= RENDERS + STEADY; i++) {
      const t = performance.now();
      const r = await engine.render(request(i));
      if (r.error) throw new Error(r.error.message);
      if (i > RENDERS) {
        steady.push(r.millis);
        continue;
      }
      module.push(r.millis);
      trips.push(performance.now() - t);
    }
  } finally {
    engine.dispose();
  }
  const native = nativeMillis();
  const p50 = (k: 'compile' | 'start' | 'warm' | 'first' | 'total') => ms(quantile(colds.map((c) => c[k]), 0.5));
  return [
    ['helm module size (raw / gzip)', `${mb(wasmBytes.length)} / ${mb(gzipSync(wasmBytes).length)}`],
    [`helm cold start p50 of ${rounds}: compile / Go start-up / warm-up render`, `${p50('compile')} / ${p50('start')} / ${p50('warm')}`],
    ['helm cold start: then the first release render / total', `${p50('first')} / ${p50('total')}`],
    [`release render p50 / p95, wasm (fixture chart, ${RENDERS} renders)`, `${ms(quantile(module, 0.5))} / ${ms(quantile(module, 0.95))}`],
    ['release render p50, incl. reading the chart and the process round trip', ms(quantile(trips, 0.5))],
    [`release render p50 / p95, wasm, the next ${STEADY} renders (V8 has tiered the hot code up)`, `${ms(quantile(steady, 0.5))} / ${ms(quantile(steady, 0.95))}`],
    ['release render p50, native (same Go code)', native ? ms(quantile(native, 0.5)) : 'not built'],
  ];
}

if (require.main === module) {
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
  helmBench(rounds)
    .then((rows) => {
      console.log('\n### Helm module (HelmRelease renders)\n');
      console.log('| measure | value |\n|---|---|');
      for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

// Chart benchmark: values completion once a chart is known, and chart resolution from the disk cache.
//   node --import tsx bench/charts/run.ts
// A generated chart as large as the big public ones (about 1,500 values keys with comments, and a schema), in
// process: completion through the language service (no LSP transport), resolution as the resolver does it
// (cache lookup, then the loaded chart kept beside the archive; the first time gunzip, tar and loadChart).
// Prints a markdown table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChart } from '../../server/src/core/charts/chart';
import { silentLogger } from '../../server/src/core/logger';
import { createLanguageService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { memoryHost } from '../../server/src/core/workspace/host';
import { ChartCache } from '../../server/src/node/charts/cache';
import { chartFetcher } from '../../server/src/node/charts/fetcher';
import { loadRegistry } from '../../server/src/node/schemas';
import { chartTgz, chartYaml, VALUES_SCHEMA } from '../../test/unit/charts/helpers';

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const ms = (v: number): string => `${v.toFixed(2)} ms`;

/** values.yaml of `sections` sections of `keys` documented keys each, two levels deep. */
function bigValues(sections = 50, keys = 30): string {
  const out = ['# Default values.', '', '# -- Number of pods', 'replicaCount: 1', 'image:', '  # -- The image repository', '  repository: nginx', '  tag: "1.0"'];
  for (let s = 0; s < sections; s++) {
    out.push(`# -- Section ${s}`, `section${s}:`);
    for (let k = 0; k < keys; k++) out.push(`  # -- Key ${k} of section ${s}`, `  key${k}: ${k % 3 === 0 ? 'true' : k % 3 === 1 ? k : `"v${k}"`}`);
  }
  return `${out.join('\n')}\n`;
}

async function completionBench(values: string): Promise<{ values: number[]; crd: number[] }> {
  const release = [
    'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:\n  name: app\n  namespace: default',
    'spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ./charts/app\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system',
    '  \n  values:\n    section25:\n      ', '',
  ].join('\n');
  const host = memoryHost({ 'charts/app/Chart.yaml': chartYaml('app', '1.0.0'), 'charts/app/values.yaml': values, 'charts/app/values.schema.json': VALUES_SCHEMA, 'apps/release.yaml': release });
  const service = createLanguageService({ registry: loadRegistry('flux-2.9'), host, logger: silentLogger, settings: DEFAULT_SETTINGS, charts: {} });
  await service.indexWorkspace();
  await service.resolveCharts();
  const uri = 'file:///ws/apps/release.yaml';
  const lines = release.split('\n');
  const position = { line: lines.length - 2, character: 6 };
  const crdPosition = { line: lines.length - 5, character: 2 };
  const times = { values: [] as number[], crd: [] as number[] };
  for (let i = 0; i < 440; i++) {
    // An edit before each request, as typing does: the document's parse is new every time.
    service.open(uri, i + 2, `${release}${' '.repeat(i % 2)}`);
    const inValues = i % 2 === 0;
    const t = performance.now();
    const items = service.completion(uri, inValues ? position : crdPosition, { clientHasSnippets: true });
    const took = performance.now() - t;
    if (inValues && items.length !== 30) throw new Error(`expected the 30 keys of section25, got ${items.length}`);
    if (i >= 40) (inValues ? times.values : times.crd).push(took);
  }
  return times;
}

async function cacheBench(values: string): Promise<{ times: number[]; first: number; bytes: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chart-bench-'));
  try {
    const tgz = chartTgz('app', '1.0.0', { values });
    await new ChartCache(dir).store('helm|https://charts.example.com|app', '1.0.0', tgz);
    const plan = { kind: 'helm' as const, key: 'k', url: 'https://charts.example.com', chart: 'app', version: '1.x' };
    const times: number[] = [];
    let first = 0;
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const got = await chartFetcher({ cacheDir: dir, network: false }).fetch(plan);
      if (!got.chart) loadChart(got.files, got.origin);
      if (i === 0) first = performance.now() - t;
      if (i >= 10) times.push(performance.now() - t);
    }
    return { times, first, bytes: tgz.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const values = bigValues();
  const completion = await completionBench(values);
  const cache = await cacheBench(values);
  const keys = values.split('\n').filter((l) => /^\s*\w+:/.test(l)).length;
  console.log(`Chart: ${keys} values keys with comments (values.yaml ${(values.length / 1024).toFixed(0)} KiB, archive ${(cache.bytes / 1024).toFixed(0)} KiB), with a values.schema.json.\n`);
  console.log('| metric | target | measured |\n|---|---|---|');
  const { values: v, crd } = completion;
  console.log(`| values completion p50 (in process, 200 requests, an edit before each) |  | ${ms(quantile(v, 0.5))} |`);
  console.log(`| values completion p95 | ≤ 2 ms | ${ms(quantile(v, 0.95))} ${quantile(v, 0.95) <= 2 ? '✓' : '✗'} |`);
  console.log(`| values completion max |  | ${ms(Math.max(...v))} |`);
  console.log(`| for comparison: completion of \`spec\` keys (CRD schema), same document and edits, p50 / p95 |  | ${ms(quantile(crd, 0.5))} / ${ms(quantile(crd, 0.95))} |`);
  console.log(`| first resolution of a cached archive (lookup, gunzip, tar, YAML load, loaded chart written beside it) |  | ${ms(cache.first)} |`);
  console.log(`| chart resolution from the disk cache p50 (lookup, the loaded chart read back) |  | ${ms(quantile(cache.times, 0.5))} |`);
  console.log(`| chart resolution from the disk cache max | ≤ 50 ms | ${ms(Math.max(...cache.times))} ${Math.max(...cache.times) <= 50 ? '✓' : '✗'} |`);
}

void main();

// Sub-chart values: the fixture chart `demo` has a sub-chart `cache` (charts/cache, with its own values.yaml and
// values.schema.json). Keys under `spec.values.cache` are completed, hovered and checked from the sub-chart; its
// `global` is shared at the top; the same when the sub-chart is packaged (charts/cache-0.1.0.tgz), when an alias
// names it, and when the whole chart comes as an archive.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { CompletionItem } from 'vscode-languageserver-types';
import { loadChart } from '../../../server/src/core/charts/chart';
import { silentLogger } from '../../../server/src/core/logger';
import { createLanguageService } from '../../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { readChartArchive, unpackChartTree } from '../../../server/src/node/charts/unpack';
import { toUri } from '../../../server/src/node/diskHost';
import { caret, registry, uriOf, yaml } from '../helpers';
import { tar } from './helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'charts', 'demo');

/** The fixture chart's text files, relative to the chart (for the in-memory workspace). */
function fixtureFiles(dir = FIXTURE, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, fixtureFiles(p, `${rel}${name}/`));
    else out[`${rel}${name}`] = readFileSync(p, 'utf8');
  }
  return out;
}

const under = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}${k}`, v]));

function release(values: string): string {
  const head = yaml`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: web
      namespace: apps
    spec:
      interval: 10m
      chart:
        spec:
          chart: ./charts/demo
          sourceRef:
            kind: GitRepository
            name: flux-system
            namespace: flux-system
      values:
  `;
  return `${head.trimEnd()}\n${values.replace(/^/gm, '    ')}\n`;
}

async function open(files: Record<string, string>, text: string, readArchive?: (uri: string) => Promise<Record<string, string> | undefined>) {
  const { text: clean, offset } = text.includes('§') ? caret(text) : { text, offset: 0 };
  const host = memoryHost({ ...files, 'apps/release.yaml': clean });
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings: DEFAULT_SETTINGS, charts: { readArchive } });
  await service.indexWorkspace();
  const uri = uriOf('apps/release.yaml');
  service.open(uri, 1, clean);
  await service.resolveCharts();
  return { service, uri, position: service.parsed(uri)!.lines.positionAt(offset), text: clean };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const hoverAt = (o: Awaited<ReturnType<typeof open>>, needle: string) => {
  const lines = o.text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  const h = o.service.hover(o.uri, { line, character: lines[line].indexOf(needle) + 1 });
  return (h?.contents as { value: string } | undefined)?.value ?? '';
};
const codesAt = (o: Awaited<ReturnType<typeof open>>) => o.service.diagnostics(o.uri).map((d) => `${d.code}@${d.range.start.line}`);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('sub-chart values (the fixture chart demo and its sub-chart cache)', () => {
  const FOLDER = under('charts/demo/', fixtureFiles());

  it('completes the sub-chart\'s keys under its name, and global keys shared from it', async () => {
    const cache = await open(FOLDER, release('cache:\n  §'));
    assert.deepEqual(labels(cache.service.completion(cache.uri, cache.position, { clientHasSnippets: true })), ['enabled', 'port']);
    const global = await open(FOLDER, release('global:\n  §'));
    assert.deepEqual(labels(global.service.completion(global.uri, global.position, { clientHasSnippets: true })), ['clusterDomain']);
  });

  it('hovers a sub-chart key with its comment and default, and the chart names its sub-charts', async () => {
    const o = await open(FOLDER, release('cache:\n  port: 6380'));
    const hover = hoverAt(o, 'port');
    assert.match(hover, /The port the cache Service listens on/);
    assert.match(hover, /Default: `6379`/);
    assert.match(hoverAt(o, './charts/demo'), /Sub-charts read: `cache`/);
  });

  it('checks sub-chart values against its values.schema.json and its values.yaml, and still the parent\'s own', async () => {
    const text = release('replicaCount: 2\ncache:\n  port: 70000\n  porr: 1\n  enabled: false\nglobal:\n  anything: 1');
    const o = await open(FOLDER, text);
    const found = codesAt(o);
    assert.ok(found.includes(`maximum@${lineOf(text, 'port: 70000')}`), found.join(', '));
    assert.ok(found.includes(`unknown-value@${lineOf(text, 'porr: 1')}`), found.join(', '));
    const typo = o.service.diagnostics(o.uri).find((d) => d.code === 'unknown-value')!;
    assert.match(String(typo.message), /no value "porr" in spec\.values\.cache.*Did you mean "port"\?/);
    assert.equal(found.filter((c) => c.startsWith('unknown-value')).length, 1, 'enabled (the parent\'s values.yaml) and global keys are not unknown');
  });

  it('reads a packaged sub-chart (charts/*.tgz) through the host\'s archive reader, under its alias', async () => {
    const sub = under('cache/', fixtureFiles(path.join(FIXTURE, 'charts', 'cache')));
    const archive = gzipSync(tar(sub));
    const files = Object.fromEntries(Object.entries(FOLDER).filter(([k]) => !k.startsWith('charts/demo/charts/cache/')));
    files['charts/demo/Chart.yaml'] = files['charts/demo/Chart.yaml'].replace('  - name: cache\n', '  - name: cache\n    alias: redis\n');
    files['charts/demo/charts/cache-0.1.0.tgz'] = 'binary';
    const asked: string[] = [];
    const readArchive = async (uri: string) => {
      asked.push(uri);
      return (await unpackChartTree(archive)).files;
    };
    const text = release('redis:\n  port: 0\n  §');
    const o = await open(files, text, readArchive);
    assert.deepEqual(asked, [uriOf('charts/demo/charts/cache-0.1.0.tgz')]);
    assert.deepEqual(labels(o.service.completion(o.uri, o.position, { clientHasSnippets: true })), ['enabled'], 'port is written already');
    assert.ok(codesAt(o).includes(`minimum@${lineOf(o.text, 'port: 0')}`), codesAt(o).join(', '));
  });

  it('reads sub-charts of a chart archive: folders and packaged ones, each within the unpack limits', async () => {
    const sub = fixtureFiles(path.join(FIXTURE, 'charts', 'cache'));
    const inner = gzipSync(tar(under('other/', { 'Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\ndependencies:\n  - name: deeper\n', 'values.yaml': 'size: 3\n' })));
    const outer = tar({ ...under('demo/', fixtureFiles()), 'demo/charts/other-1.0.0.tgz': inner, ...under('demo/charts/cache/', sub) });
    const archive = gzipSync(outer);
    const unpacked = await unpackChartTree(archive);
    assert.deepEqual(unpacked.subcharts.map((s) => /name: (\w+)/.exec(s['Chart.yaml'] ?? '')?.[1]).sort(), ['cache', 'other']);
    const chart = loadChart(unpacked.files, 'test', unpacked.subcharts);
    assert.deepEqual([...(chart.subcharts ?? [])].sort(), ['cache', 'other']);
    assert.deepEqual(Object.keys(chart.doc.properties!.other.properties!), ['size', 'deeper'], 'a sub-chart\'s own dependency stays free-form');
    assert.deepEqual(chart.values.properties!.other.properties!.deeper.properties, {});
    assert.deepEqual([...chart.passThrough], ['global'], 'no dependency is left free-form');
    // A packaged sub-chart that inflates past the budget is left out, and the parent is still read.
    const tight = await unpackChartTree(archive, { maxUnpackedBytes: outer.length + 100, maxEntries: 1000, maxFileBytes: 1024 * 1024 });
    assert.deepEqual(tight.subcharts.map((s) => /name: (\w+)/.exec(s['Chart.yaml'] ?? '')?.[1]), ['cache']);
  });

  it('reads a packaged sub-chart from disk for the server and the checker; not a chart, or none, is nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fgt-subchart-'));
    try {
      const file = path.join(dir, 'cache-0.1.0.tgz');
      writeFileSync(file, gzipSync(tar(under('cache/', fixtureFiles(path.join(FIXTURE, 'charts', 'cache'))))));
      assert.match((await readChartArchive(toUri(file)))?.['values.yaml'] ?? '', /port: 6379/);
      writeFileSync(path.join(dir, 'junk.tgz'), 'not gzip');
      assert.equal(await readChartArchive(toUri(path.join(dir, 'junk.tgz'))), undefined);
      assert.equal(await readChartArchive(toUri(path.join(dir, 'missing.tgz'))), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

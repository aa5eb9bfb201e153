// HelmRelease values over the real protocol: the bundled server resolves the charts after indexing (a chart
// folder of the workspace, and a Helm repository on 127.0.0.1 into the chart cache), publishes the values'
// diagnostics when a chart becomes known, and completes and hovers values keys.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chartTgz, chartYaml, helmRepository, serve, VALUES_SCHEMA, VALUES_YAML } from '../unit/charts/helpers';
import { fileUri, startServer, type LspSession } from './lspClient';

let dir: string;
let cache: string;
let session: LspSession;
let repo: Awaited<ReturnType<typeof serve>>;

function write(rel: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
  return fileUri(path.join(dir, rel));
}

const release = (name: string, chart: string, source: string, values: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ${chart}\n      version: "6.x"\n      sourceRef:\n        ${source}\n  values:\n${values}`;

let local: string;
let remote: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-charts-'));
  cache = mkdtempSync(path.join(tmpdir(), 'flux-gitops-chart-cache-'));
  repo = await serve(helmRepository([{ name: 'podinfo', version: '6.5.0', tgz: chartTgz('podinfo', '6.5.0') }]));
  write('charts/app/Chart.yaml', chartYaml('app', '1.0.0'));
  write('charts/app/values.yaml', VALUES_YAML);
  write('charts/app/values.schema.json', VALUES_SCHEMA);
  write('sources/repo.yaml', `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: default\nspec:\n  interval: 1h\n  url: ${repo.base}\n`);
  local = write('apps/local.yaml', release('local', './charts/app', 'kind: GitRepository\n        name: flux-system\n        namespace: flux-system', '    replicaCount: -1\n    image:\n      \n'));
  remote = write('apps/remote.yaml', release('remote', 'podinfo', 'kind: HelmRepository\n        name: podinfo', '    servce: {}\n'));
  session = await startServer(dir, { initializationOptions: { chartCacheDir: cache } });
});

after(async () => {
  await session?.stop();
  await repo?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

test('values are checked once their charts are known, in files nobody opened', async () => {
  const ds = await session.diagnosticsWhen(local, (d) => d.some((x) => x.code === 'minimum'), 30_000);
  const minimum = ds.find((d) => d.code === 'minimum')!;
  assert.deepEqual(minimum.range, { start: { line: 16, character: 18 }, end: { line: 16, character: 20 } });
  const remoteDs = await session.diagnosticsWhen(remote, (d) => d.some((x) => x.code === 'unknown-value'), 30_000);
  assert.match(String(remoteDs.find((d) => d.code === 'unknown-value')!.message), /chart podinfo 6\.5\.0 has no value "servce".*Did you mean "service"\?/);
  assert.ok(readdirSync(path.join(cache, 'archives')).some((f) => f.endsWith('.tgz')), 'the fetched archive is in the chart cache');
});

test('completion and hover of values keys', async () => {
  const text = release('local', './charts/app', 'kind: GitRepository\n        name: flux-system\n        namespace: flux-system', '    replicaCount: -1\n    image:\n      \n');
  session.open(local, text, 2);
  await session.diagnosticsWhen(local, (d) => d.some((x) => x.code === 'minimum'), 30_000);
  const completion = (await session.connection.sendRequest('textDocument/completion', { textDocument: { uri: local }, position: { line: 18, character: 6 } })) as { label: string }[];
  assert.deepEqual(completion.map((i) => i.label).sort(), ['pullPolicy', 'repository', 'tag']);
  const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: local }, position: { line: 16, character: 6 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /Number of pods to run/);
});

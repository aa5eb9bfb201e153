// The checker with `--chart-cache`: it never uses the network, and checks HelmRelease values against the charts
// it can read offline: a chart folder of the repository, and a chart fetched once into the cache.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chartFetcher } from '../../../server/src/node/charts/fetcher';
import { chartTgz, chartYaml, helmRepository, serve, VALUES_SCHEMA, VALUES_YAML } from './helpers';

const root = mkdtempSync(path.join(tmpdir(), 'chart-checker-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

function helmRelease(name: string, chart: string, sourceKind: string, sourceName: string, values: string): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', `metadata:\n  name: ${name}\n  namespace: default`,
    `spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ${chart}\n      sourceRef:\n        kind: ${sourceKind}\n        name: ${sourceName}\n        namespace: default`,
    `  values:\n${values.replace(/^/gm, '    ')}`, '',
  ].join('\n');
}

function check(...args: string[]): { status: number | null; out: string } {
  const cli = path.resolve('server/src/cli.ts');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href, cli, 'check', '.', '--no-render', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('checker --chart-cache', () => {
  it('checks values against a repository chart and a cached chart, offline', async () => {
    write('charts/app/Chart.yaml', chartYaml('app', '1.0.0'));
    write('charts/app/values.yaml', VALUES_YAML);
    write('charts/app/values.schema.json', VALUES_SCHEMA);
    write('apps/local.yaml', helmRelease('local', './charts/app', 'GitRepository', 'flux-system', 'replicaCount: -1'));
    const server = await serve(helmRepository([{ name: 'podinfo', version: '6.5.0', tgz: chartTgz('podinfo', '6.5.0') }]));
    write('apps/repo.yaml', `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: default\nspec:\n  interval: 1h\n  url: ${server.base}\n`);
    write('apps/remote.yaml', helmRelease('remote', 'podinfo', 'HelmRepository', 'podinfo', 'image:\n  pullPolicy: Sometimes'));
    const cache = path.join(root, '.chart-cache');
    const plan = { kind: 'helm' as const, key: 'k', url: server.base, chart: 'podinfo', version: '*' };
    await chartFetcher({ cacheDir: cache, network: true }).fetch(plan);
    await server.close();

    const without = check();
    assert.match(without.out, /apps\/local\.yaml:\d+:\d+: error minimum spec\.values\.replicaCount must be at least 0/);
    assert.doesNotMatch(without.out, /pullPolicy must be one of/);
    const withCache = check('--chart-cache', cache);
    assert.equal(withCache.status, 1);
    assert.match(withCache.out, /apps\/remote\.yaml:\d+:\d+: error enum spec\.values\.image\.pullPolicy must be one of "Always", "IfNotPresent", "Never"\. \(values\.schema\.json of the chart podinfo 6\.5\.0\)/);
    assert.match(withCache.out, /apps\/local\.yaml:\d+:\d+: error minimum/);
  });
});

// Fetching charts over real HTTP on 127.0.0.1: a Helm repository (index.yaml + .tgz), a minimal OCI registry
// (token, tags, manifest, blob), the disk cache offline after a first fetch, and the bounds: a 404, a server
// that does not answer, a .tgz bomb, an archive over the size limit, a digest that does not match.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { HelmRepoPlan, OciPlan } from '../../../server/src/core/charts/plan';
import { chartFetcher } from '../../../server/src/node/charts/fetcher';
import { chartTgz, helmRepository, ociRegistry, serve, tar, VALUES_YAML } from './helpers';

const dirs: string[] = [];
function cacheDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'chart-cache-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function helmPlan(base: string, chart = 'podinfo', version = '6.x'): HelmRepoPlan {
  return { kind: 'helm', key: `helm|${base}|${chart}|${version}`, url: base, chart, version };
}

describe('Helm repository over HTTP', () => {
  it('chooses the newest matching version, checks its digest, and serves it from the cache offline afterwards', async () => {
    const old = chartTgz('podinfo', '6.4.0');
    const tgz = chartTgz('podinfo', '6.5.0');
    const server = await serve(helmRepository([{ name: 'podinfo', version: '6.4.0', tgz: old }, { name: 'podinfo', version: '6.5.0', tgz, digest: sha(tgz) }]));
    const dir = cacheDir();
    const got = await chartFetcher({ cacheDir: dir, network: true }).fetch(helmPlan(server.base));
    assert.equal(got.files['values.yaml'], VALUES_YAML);
    assert.match(got.files['Chart.yaml']!, /version: 6.5.0/);
    assert.ok(got.files['values.schema.json']);
    assert.equal(got.origin, `${server.base}/charts/podinfo-6.5.0.tgz`);
    assert.deepEqual(server.requests, ['/index.yaml', '/charts/podinfo-6.5.0.tgz']);
    await server.close();
    const offline = await chartFetcher({ cacheDir: dir, network: false }).fetch(helmPlan(server.base));
    assert.match(offline.origin, /^the chart cache \(6\.5\.0, sha256:/);
    // The loaded chart is kept beside the archive: no YAML is parsed again.
    assert.deepEqual(offline.files, {});
    assert.equal(offline.chart!.version, '6.5.0');
    assert.equal(offline.chart!.doc.properties!.replicaCount.description, 'Number of pods to run');
    assert.equal(offline.chart!.origin, offline.origin);
    // Without that file the archive itself serves, and the file is written again.
    for (const f of readdirSync(path.join(dir, 'archives'))) if (f.endsWith('.json')) rmSync(path.join(dir, 'archives', f));
    const fromArchive = await chartFetcher({ cacheDir: dir, network: false }).fetch(helmPlan(server.base));
    assert.equal(fromArchive.files['values.yaml'], VALUES_YAML);
    assert.ok(readdirSync(path.join(dir, 'archives')).some((f) => f.endsWith('.chart-v2.json')));
  });

  it('says why when nothing can be had: a 404, no network and no cache, a version nothing matches', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await assert.rejects(chartFetcher({ network: true }).fetch(helmPlan(server.base)), /index\.yaml: HTTP 404 at http:\/\/127\.0\.0\.1:\d+\/index\.yaml/);
    await assert.rejects(chartFetcher({ cacheDir: cacheDir(), network: false }).fetch(helmPlan(server.base)), /not in the chart cache, and this session does not use the network/);
    await server.close();
    const repo = await serve(helmRepository([{ name: 'podinfo', version: '6.5.0', tgz: chartTgz('podinfo', '6.5.0') }]));
    await assert.rejects(chartFetcher({ network: true }).fetch(helmPlan(repo.base, 'podinfo', '9.x')), /no version of "podinfo" matches `9.x`/);
    await repo.close();
  });

  it('gives up on a server that does not answer, within the time limit', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    await assert.rejects(chartFetcher({ network: true, limits: { timeoutMs: 300 } }).fetch(helmPlan(server.base)), /no complete answer within 300 ms/);
    assert.ok(Date.now() - started < 2_000);
    await server.close();
  });

  it('refuses a .tgz bomb, an archive over the size limit and one that does not match its digest', async () => {
    const bomb = gzipSync(tar({ 'podinfo/Chart.yaml': 'name: podinfo\nversion: 1.0.0\n', 'podinfo/filler.bin': Buffer.alloc(8 * 1024 * 1024) }));
    assert.ok(bomb.length < 64 * 1024, 'the bomb is small on the wire');
    const server = await serve(helmRepository([
      { name: 'podinfo', version: '1.0.0', tgz: bomb },
      { name: 'big', version: '1.0.0', tgz: Buffer.alloc(300 * 1024, 1) },
      { name: 'tampered', version: '1.0.0', tgz: chartTgz('tampered', '1.0.0'), digest: sha(Buffer.from('something else')) },
    ]));
    const limits = { maxUnpackedBytes: 1024 * 1024, maxArchiveBytes: 256 * 1024 };
    await assert.rejects(chartFetcher({ network: true, limits }).fetch(helmPlan(server.base, 'podinfo', '1.0.0')), /inflates to more than 1 MiB \(refused: a \.tgz bomb\?\)/);
    await assert.rejects(chartFetcher({ network: true, limits }).fetch(helmPlan(server.base, 'big', '*')), /more than the 256 KiB allowed/);
    await assert.rejects(chartFetcher({ network: true, limits }).fetch(helmPlan(server.base, 'tampered', '*')), /does not match the index's digest/);
    await server.close();
  });
});

describe('OCI registry', () => {
  it('takes an anonymous token, chooses a tag by semver (helm\'s _ for +) and reads the chart layer', async () => {
    const server = await serve(ociRegistry('charts/podinfo', { '6.4.0': chartTgz('podinfo', '6.4.0'), '6.5.0_build.1': chartTgz('podinfo', '6.5.0') }));
    const url = `oci://${server.base.slice('http://'.length)}/charts/podinfo`;
    const plan: OciPlan = { kind: 'oci', key: 'k', url, semver: '6.x' };
    const dir = cacheDir();
    const got = await chartFetcher({ cacheDir: dir, network: true }).fetch(plan);
    assert.match(got.files['Chart.yaml']!, /version: 6.5.0/);
    assert.match(got.origin, /@sha256:[0-9a-f]{64}$/);
    assert.ok(server.requests.some((r) => r.startsWith('/token')));
    assert.ok(server.requests.includes('/v2/charts/podinfo/manifests/6.5.0_build.1'));
    await server.close();
    const offline = await chartFetcher({ cacheDir: dir, network: false }).fetch(plan);
    assert.match(offline.origin, /the chart cache \(6\.5\.0\+build\.1/);
  });

  it('says so when a tag does not exist', async () => {
    const server = await serve(ociRegistry('charts/podinfo', { '6.5.0': chartTgz('podinfo', '6.5.0') }));
    const url = `oci://${server.base.slice('http://'.length)}/charts/podinfo`;
    await assert.rejects(chartFetcher({ network: true }).fetch({ kind: 'oci', key: 'k', url, tag: '1.0.0' }), /the manifest of oci:\/\/.*:1\.0\.0: HTTP 404/);
    await server.close();
  });
});

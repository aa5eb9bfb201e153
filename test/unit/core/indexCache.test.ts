import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CachedFiles, IndexCacheStore } from '../../../server/src/core/indexCache';
import { silentLogger } from '../../../server/src/core/logger';
import { createLanguageService } from '../../../server/src/core/service';
import { DEFAULT_SETTINGS, mergeSettings, type Settings } from '../../../server/src/core/settings';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { registry } from '../helpers';
import { syntheticFleet } from '../workspace/synthetic';

/** The cache kept in memory, as it would be in a file: serialized, so nothing is shared between starts. */
function memoryStore(): IndexCacheStore & { saves: number } {
  let json: string | undefined;
  const store = {
    saves: 0,
    load: (): CachedFiles | undefined => (json ? (JSON.parse(json) as CachedFiles) : undefined),
    save: (files: CachedFiles) => {
      json = JSON.stringify(files);
      store.saves++;
    },
  };
  return store;
}

async function start(host: ReturnType<typeof memoryHost>, cache: IndexCacheStore, settings: Settings = DEFAULT_SETTINGS) {
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings, cache });
  const summary = await service.indexWorkspace();
  await service.backgroundCheck();
  return { service, summary };
}

const BAD = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: extra\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/o/r\n  notAField: 1\n';

test('a restart takes unchanged files from the index cache, with the same objects and diagnostics', async () => {
  const host = memoryHost({ ...syntheticFleet(2, 20), 'clusters/c0/flux-system/extra.yaml': BAD });
  const cache = memoryStore();
  const cold = await start(host, cache);
  assert.equal(cold.summary.cached, 0);
  cold.service.saveCache();
  const warm = await start(host, cache);
  assert.equal(warm.summary.cached, warm.summary.files, 'every file from the cache');
  assert.equal(warm.service.index.size, cold.service.index.size);
  const uri = 'file:///ws/clusters/c0/flux-system/extra.yaml';
  assert.deepEqual(warm.service.closedDiagnostics(uri, host.files.get(uri)), cold.service.closedDiagnostics(uri, host.files.get(uri)));
  const ks = 'file:///ws/clusters/c1/flux-system/ks-app3.yaml';
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown; // the cache is JSON: undefined fields drop out
  assert.deepEqual(plain(warm.service.index.objectsIn(ks)), plain(cold.service.index.objectsIn(ks)), 'references come back with their specs');
  assert.equal(warm.service.index.objectsIn(ks)[0].facts.refs[0].spec, cold.service.index.objectsIn(ks)[0].facts.refs[0].spec, 'the shared spec, not a copy');
});

test('a file changed since the cache was written is scanned again; a removed one is gone', async () => {
  const host = memoryHost({ ...syntheticFleet(1, 10), 'clusters/c0/flux-system/extra.yaml': BAD });
  const cache = memoryStore();
  (await start(host, cache)).service.saveCache();
  const uri = 'file:///ws/clusters/c0/flux-system/extra.yaml';
  host.files.set(uri, BAD.replace('name: extra', 'name: renamed'));
  host.files.delete('file:///ws/clusters/c0/apps/app3/secret.yaml');
  const warm = await start(host, cache);
  assert.equal(warm.summary.cached, warm.summary.files - 1);
  assert.equal(warm.service.index.objectsIn(uri)[0].name, 'renamed');
  assert.ok(!warm.service.index.has('file:///ws/clusters/c0/apps/app3/secret.yaml'));
});

test('cached local diagnostics are used only under the settings they were computed with', async () => {
  const host = memoryHost({ 'clusters/c0/flux-system/extra.yaml': BAD });
  const cache = memoryStore();
  const first = await start(host, cache);
  const uri = 'file:///ws/clusters/c0/flux-system/extra.yaml';
  first.service.closedDiagnostics(uri, host.files.get(uri));
  first.service.saveCache();
  const platform = mergeSettings(DEFAULT_SETTINGS, { platform: { enabled: true } });
  const again = await start(host, cache, platform);
  const codes = again.service.closedDiagnostics(uri, host.files.get(uri))!.map((d) => d.code);
  assert.ok(codes.includes('platform-git-secret'), `${codes}: computed anew with the platform rules`);
});

// The index kept between starts: the second start takes unchanged files from the cache and scans the changed ones.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileUri, startServer } from './lspClient';

let dir: string;
let cacheDir: string;
const REPO = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/repo.git\n';
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cache-ws-'));
  cacheDir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cache-'));
  writeFileSync(path.join(dir, 'repo.yaml'), REPO);
  writeFileSync(path.join(dir, 'apps.yaml'), APPS);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

test('a restart indexes unchanged files from the cache and sees what changed on disk meanwhile', async () => {
  const first = await startServer(dir, { initializationOptions: { cacheDir } });
  await first.waitForLog(/Indexed 2 YAML files/);
  await first.stop(); // shutdown saves the cache
  assert.equal(readdirSync(cacheDir).filter((f) => f.startsWith('index-')).length, 1, 'one cache file for the workspace');
  // Renamed while the editor was closed: the Kustomization's reference no longer resolves.
  writeFileSync(path.join(dir, 'repo.yaml'), REPO.replace('name: flux-system\n  namespace', 'name: fleet\n  namespace'));
  const second = await startServer(dir, { initializationOptions: { cacheDir } });
  try {
    assert.match(await second.waitForLog(/Indexed 2 YAML files/), /1 of them unchanged since the last start/);
    const apps = await second.diagnosticsWhen(fileUri(path.join(dir, 'apps.yaml')), (d) => d.length > 0);
    assert.ok(apps.some((d) => String(d.code).startsWith('unresolved')), JSON.stringify(apps));
  } finally {
    await second.stop();
  }
});

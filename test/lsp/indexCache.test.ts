// The index and the renders kept between starts: the second start takes unchanged files from the cache and scans
// the changed ones, and has the renders of unchanged builds from the first start (what only they show included).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

test('a restart has the renders of the first start: the same finding from a render, no build rendered again', async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'flux-gitops-render-cache-ws-'));
  const storage = mkdtempSync(path.join(tmpdir(), 'flux-gitops-render-cache-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    writeFileSync(path.join(ws, file), text);
  };
  write('clusters/main/repo.yaml', REPO);
  write('clusters/main/apps.yaml', `${APPS}  postBuild:\n    substitute:\n      REPLICAS: abc\n`);
  write('apps/web.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: ${REPLICAS}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n');
  const web = fileUri(path.join(ws, 'apps/web.yaml'));
  const substituted = (d: { code?: unknown; message: unknown }[]) => d.filter((x) => x.code === 'wrong-type' && /After substitution/.test(String(x.message)));
  try {
    const first = await startServer(ws, { initializationOptions: { cacheDir: storage } });
    let before: unknown[];
    try {
      before = substituted(await first.diagnosticsWhen(web, (d) => substituted(d).length > 0, 120_000));
    } finally {
      await first.stop(); // shutdown writes the renders
    }
    const file = readdirSync(storage).find((f) => f.startsWith('renders-'));
    assert.ok(file, `a render cache in the storage: ${readdirSync(storage).join(', ')}`);
    assert.equal(readFileSync(path.join(storage, file), 'utf8').split('\n').length, 2, 'a header and the one build');
    const second = await startServer(ws, { initializationOptions: { cacheDir: storage } });
    try {
      const after = substituted(await second.diagnosticsWhen(web, (d) => substituted(d).length > 0, 120_000));
      assert.deepEqual(after, before);
      assert.match(await second.waitForLog(/^renders: \d+ taken from the cache/, 10_000), /^renders: 1 taken/);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  }
});

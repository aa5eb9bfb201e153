// Files that change on disk while closed (a pull, a branch switch): a text over 8 KiB is indexed in the scan
// worker, and once it is, the files that depend on it are published again with what it now says.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, startServer } from './lspClient';

const repo = (name: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/repo.git\n${'# padding the file past the worker threshold\n'.repeat(250)}`;
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';

test('a closed file over 8 KiB changed on disk: its dependants are published again once the worker indexed it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-disk-'));
  const repoFile = path.join(dir, 'repo.yaml');
  writeFileSync(repoFile, repo('flux-system'));
  writeFileSync(path.join(dir, 'apps.yaml'), APPS);
  assert.ok(repo('x').length > 8 * 1024 && repo('x').length < 64 * 1024);
  const s = await startServer(dir);
  try {
    await s.waitForLog(/Indexed 2 YAML files/);
    const apps = fileUri(path.join(dir, 'apps.yaml'));
    const unresolved = (d: { code?: unknown }[]) => d.some((x) => String(x.code).startsWith('unresolved'));
    writeFileSync(repoFile, repo('fleet'));
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(repoFile), type: 2 }] });
    assert.ok(unresolved(await s.diagnosticsWhen(apps, unresolved, 15_000)), 'the Kustomization names a GitRepository the disk no longer has');
    writeFileSync(repoFile, repo('flux-system'));
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(repoFile), type: 2 }] });
    assert.equal(unresolved(await s.diagnosticsWhen(apps, (d) => !unresolved(d), 15_000)), false, 'and again once it is back');
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

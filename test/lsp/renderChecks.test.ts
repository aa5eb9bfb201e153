// The bundled checker with the real render module: what only the rendered objects show, reported at the source,
// once, and the same report again from `--cache-dir`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from './lspClient';

let dir: string;
const CLI = path.join(ROOT, 'dist/cli.js');

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-render-checks-'));
  const ks = (name: string, extra: string, p: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
  write('repo/clusters/main/apps.yaml', ks('apps', '  postBuild:\n    substitute:\n      REPLICAS: abc\n', './apps'));
  write('repo/apps/web.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: ${REPLICAS}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n');
  write('repo/clusters/main/flux-system.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://git.example.com/repo.git\n  ref:\n    branch: main\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a substitution that breaks a type is an error on the ${VAR} line; the render cache gives the same report', () => {
  const cold = check('repo', '--cache-dir', 'cache');
  assert.equal(cold.code, 1, cold.err);
  const line = /^repo\/apps\/web\.yaml:7:13: error wrong-type After substitution by Kustomization flux-system\/apps: Deployment\.spec\.replicas should be an integer, but "abc" is a string/m;
  assert.match(cold.out, line);
  assert.equal(cold.out.match(/wrong-type/g)?.length, 1, cold.out);
  const lines = readFileSync(path.join(dir, 'cache', 'renders.jsonl'), 'utf8').split('\n');
  assert.equal(lines.length, 2, 'a header and one build');
  assert.match(lines[1], /^[0-9a-f]{64}\t\{"objects":/);
  const warm = check('repo', '--cache-dir', 'cache');
  assert.equal(warm.out, cold.out);
});

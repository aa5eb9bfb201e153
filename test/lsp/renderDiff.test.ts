// `flux-gitops diff`: what a change does to what Flux applies, against a ref of a real Git repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './lspClient';

const CLI = path.join(ROOT, 'dist/cli.js');

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  targetNamespace: web\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${value}"\n`;

function diff(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'diff', cwd, ...args], { encoding: 'utf8', timeout: 240_000 });
}

test('diff against a ref: changed, added and removed objects per Flux Kustomization, exit code on request', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'render diff+repo '));
  write(repo, 'clusters/main/apps.yaml', KS);
  write(repo, 'apps/site.yaml', cm('site', '1'));
  write(repo, 'apps/gone.yaml', cm('gone', '1'));
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  write(repo, 'apps/site.yaml', cm('site', '2'));
  write(repo, 'apps/new.yaml', cm('new', '1'));
  git(repo, 'rm', '-q', 'apps/gone.yaml');

  const text = diff(repo, '--ref', 'HEAD', '--exit-code');
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /Kustomization flux-system\/apps \(clusters\/main\/apps\.yaml\)/);
  assert.match(text.stdout, /^changed core\/ConfigMap web\/site$/m);
  assert.match(text.stdout, /^added core\/ConfigMap web\/new$/m);
  assert.match(text.stdout, /^removed core\/ConfigMap web\/gone$/m);
  assert.match(text.stdout, /^- {2}a: "1"$/m);
  assert.match(text.stdout, /^\+ {2}a: "2"$/m);

  const markdown = diff(repo, '--ref', 'HEAD', '--format', 'markdown');
  assert.equal(markdown.status, 0, markdown.stderr);
  assert.match(markdown.stdout, /^```diff$/m);

  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'change');
  const same = diff(repo, '--ref', 'HEAD', '--exit-code');
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /nothing changed/);
});

test('diff refuses what is not a ref, and a ref that does not exist, with a clear message', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'render-diff-'));
  write(repo, 'apps/site.yaml', cm('site', '1'));
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  const option = diff(repo, '--ref', '--upload-pack=touch /tmp/x');
  assert.equal(option.status, 2);
  assert.match(option.stderr, /is not a Git ref/);
  const missing = diff(repo, '--ref', 'no-such-branch');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /git rev-parse/);
});

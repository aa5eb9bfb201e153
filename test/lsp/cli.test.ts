// The bundled checker: output formats and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cli-'));
  mkdirSync(path.join(dir, 'clean'));
  mkdirSync(path.join(dir, 'broken'));
  writeFileSync(path.join(dir, 'clean/ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n');
  writeFileSync(path.join(dir, 'broken/ks.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\nmetadata:\n  name: apps\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  bogus: 1\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a clean folder exits 0 with a summary line', () => {
  const r = check('clean');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /1 files checked: 0 errors, 0 warnings/);
});

test('errors print as path:line:col: severity code message and exit 1', () => {
  const r = check('broken');
  assert.equal(r.code, 1);
  assert.match(r.out, /^broken\/ks\.yaml:1:13: error api-removed kustomize\.toolkit\.fluxcd\.io\/v1beta2 Kustomization/m);
  assert.match(r.out, /^broken\/ks\.yaml:10:3: error unknown-field Unknown field "bogus"/m);
});

test('--format json and --format sarif carry the same findings', () => {
  const json = JSON.parse(check('broken', '--format', 'json').out);
  assert.equal(json.diagnostics.length, 2);
  assert.deepEqual(json.diagnostics.map((d: { code: string }) => d.code).sort(), ['api-removed', 'unknown-field']);
  const sarif = JSON.parse(check('broken', '--format', 'sarif').out);
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.equal(results.length, 2);
  assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, 'broken/ks.yaml');
  assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'api-removed'));
});

test('usage errors exit 2', () => {
  assert.equal(check('--format', 'xml').code, 2);
  assert.equal(check('no-such-folder').code, 2);
  const r = spawnSync(process.execPath, [CLI, 'lint'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: flux-gitops check/);
});

test('--cache-dir: a second run gives the same findings from the cache, and sees a file changed in between', () => {
  const cache = path.join(dir, '.cache');
  const first = check('broken', '--cache-dir', cache, '--format', 'json');
  assert.ok(readdirSync(cache).some((f) => f.startsWith('index-')), 'the first run wrote the cache');
  const second = check('broken', '--cache-dir', cache, '--format', 'json');
  assert.equal(second.code, first.code, second.err);
  assert.deepEqual(JSON.parse(second.out), JSON.parse(first.out));
  writeFileSync(path.join(dir, 'broken/ks.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  bogus2: 1\n');
  const third = JSON.parse(check('broken', '--cache-dir', cache, '--format', 'json').out) as { diagnostics: { message: string }[] };
  assert.deepEqual(third.diagnostics.map((d) => d.message), ['Unknown field "bogus2" in ConfigMap.metadata.']);
});

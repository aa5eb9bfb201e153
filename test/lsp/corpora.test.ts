// The checker on real public GitOps repositories (../shared/corpora): no error that is not a real one, and
// references to objects made outside those repositories come out as warnings that say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './lspClient';

const CORPORA = path.resolve(ROOT, '../shared/corpora');

/** Real errors, checked by hand: the repository really uses what Flux 2.9 no longer serves. */
const KNOWN_ERRORS: Record<string, string[]> = {
  'fluxcd-flux2-multi-tenancy': ['infrastructure/kyverno/source.yaml:api-removed'],
};

/** Repositories whose Flux the Flux Operator installs (the flux-instance chart's HelmRelease, or a FluxInstance). */
const OPERATOR_INSTALLED = ['bjw-s-labs-home-ops'];

interface Finding {
  path: string;
  severity: string;
  code: string;
  message: string;
}

function check(folder: string): Finding[] {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', folder, '--format', 'json'], { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, `checker failed on ${folder}: ${r.stderr}`);
  return JSON.parse(r.stdout).diagnostics;
}

/**
 * A render that fails because a generator's input file is missing: in these copies only, since the corpora carry
 * the repositories' YAML, JSON and env files and nothing else (SOURCES.md). Such a file (a .lua, .toml, .sh)
 * exists in the real repository, and kustomize is right that it is not here.
 */
function strippedInput(corpus: string, f: Finding): boolean {
  const missing = /'\/?([^']+)' doesn't exist/.exec(f.message)?.[1];
  if (f.code !== 'render-failed' || !missing) return false;
  return !/\.(ya?ml|json|env)$/i.test(missing) && !existsSync(path.join(corpus, missing));
}

test('the corpora are present (CI lays shared/ beside the clone)', () => {
  assert.ok(existsSync(CORPORA), `no corpora at ${CORPORA}`);
});

for (const name of existsSync(CORPORA) ? readdirSync(CORPORA).filter((n) => !n.endsWith('.md')).sort() : []) {
  test(`${name}: no error but the known real ones; unresolved references are explained warnings`, () => {
    const findings = check(path.join(CORPORA, name));
    const stripped = findings.filter((f) => f.severity === 'error' && strippedInput(path.join(CORPORA, name), f));
    const errors = findings.filter((f) => f.severity === 'error' && !stripped.includes(f)).map((f) => `${f.path}:${f.code}`).sort();
    assert.deepEqual(errors, KNOWN_ERRORS[name] ?? []);
    for (const f of findings.filter((x) => x.code === 'unresolved-external')) {
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /not defined in this repository/);
    }
    if (!OPERATOR_INSTALLED.includes(name)) return;
    // The operator's instance defines the flux-system source and root Kustomization: nothing may call them missing.
    const fluxSystem = findings.filter((f) => f.code.startsWith('unresolved') && /"flux-system"/.test(f.message));
    assert.deepEqual(fluxSystem.map((f) => `${f.path}: ${f.message}`), []);
  });
}

// Scale behaviour that keeps the budgets (rename re-check ≤ 20 ms at 10,000 manifests): a rename touches
// no folder structure, re-checks only the files that named the object, and finds every one of them.
import assert from 'node:assert/strict';
import { messageOf } from '../refs/fixtures';
import { test } from 'node:test';
import { workspace } from '../helpers';
import { syntheticFleet } from './synthetic';

test('renaming a HelmRepository re-checks exactly its referrers, without rebuilding the structure', async () => {
  const files = syntheticFleet(4, 100);
  const service = await workspace(files);
  assert.ok(service.index.size >= 1600, `${service.index.size} objects`);
  const uri = 'file:///ws/clusters/c2/apps/app50/release.yaml';
  const text = files['clusters/c2/apps/app50/release.yaml'];
  service.open(uri, 1, text);
  assert.deepEqual(service.diagnostics(uri).filter((d) => String(d.code).startsWith('unresolved')), []);
  const structure = service.index.structureVersion;
  service.open(uri, 2, text.replace('kind: HelmRepository\nmetadata:\n  name: app50', 'kind: HelmRepository\nmetadata:\n  name: app50-renamed'));
  assert.equal(service.index.structureVersion, structure, 'a rename keeps the build structure');
  const deps = service.dependents(uri);
  assert.ok(deps.length < 20, `${deps.length} dependants`);
  const after = service.diagnostics(uri).filter((d) => String(d.code).startsWith('unresolved'));
  assert.equal(after.length, 1, 'the HelmRelease in the same file now misses its repository');
});

test('renaming a Kustomization flags the one that depends on it, in its cluster only', async () => {
  const files = syntheticFleet(3, 50);
  const service = await workspace(files);
  const ks = 'file:///ws/clusters/c1/flux-system/ks-app10.yaml';
  const dependant = 'file:///ws/clusters/c1/flux-system/ks-app11.yaml';
  service.open(dependant, 1, files['clusters/c1/flux-system/ks-app11.yaml']);
  assert.deepEqual(service.diagnostics(dependant).filter((d) => d.code === 'unresolved-reference'), []);
  service.open(ks, 1, files['clusters/c1/flux-system/ks-app10.yaml'].replace('name: app10\n', 'name: app10b\n'));
  assert.ok(service.dependents(ks).includes(dependant));
  const [d] = service.diagnostics(dependant).filter((x) => x.code === 'unresolved-reference');
  assert.match(messageOf(d), /Kustomization "app10"/, 'app10 of the other clusters does not count');
});

test('renaming the GitRepository of one cluster re-checks that cluster\'s Kustomizations, not the other clusters\'', async () => {
  const files = syntheticFleet(3, 40);
  const service = await workspace(files);
  const uri = 'file:///ws/clusters/c1/flux-system/git.yaml';
  service.open(uri, 1, files['clusters/c1/flux-system/git.yaml'].replace('name: flux-system\n', 'name: fleet\n'));
  const deps = service.dependents(uri);
  const kustomizations = deps.filter((d) => /\/ks-app\d+\.yaml$/.test(d));
  assert.equal(kustomizations.length, 40, 'every Kustomization of c1');
  assert.ok(kustomizations.every((d) => d.includes('/clusters/c1/')), 'c0 and c2 have a flux-system GitRepository of their own');
  assert.ok(deps.length < 50, `${deps.length} dependants: the files the Kustomizations build are not among them`);
});

test('a GitRepository rename reaches another cluster\'s referrer that has none of its own (defined elsewhere -> external)', async () => {
  const files = syntheticFleet(2, 3);
  delete files['clusters/c0/flux-system/git.yaml'];
  const service = await workspace(files);
  const referrer = 'file:///ws/clusters/c0/flux-system/ks-app1.yaml';
  const uri = 'file:///ws/clusters/c1/flux-system/git.yaml';
  service.open(uri, 1, files['clusters/c1/flux-system/git.yaml'].replace('name: flux-system\n', 'name: fleet\n'));
  assert.ok(service.dependents(uri).includes(referrer));
});

test('a change to a Flux Kustomization re-checks the files it builds only when what they see of it changed', async () => {
  const files = syntheticFleet(1, 3);
  const service = await workspace(files);
  const uri = 'file:///ws/clusters/c0/flux-system/ks-app1.yaml';
  const built = 'file:///ws/clusters/c0/apps/app1/release.yaml';
  const text = files['clusters/c0/flux-system/ks-app1.yaml'];
  service.open(uri, 1, text.replace('interval: 10m', 'interval: 5m'));
  assert.ok(!service.dependents(uri).includes(built), 'the interval is nothing the built files see');
  service.open(uri, 2, text.replace('CLUSTER: c0', 'CLUSTER: c0\n      REGION: eu'));
  assert.ok(service.dependents(uri).includes(built), 'a new substitution variable is');
});

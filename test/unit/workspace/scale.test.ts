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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparable } from '../../../client/src/cluster/drift';
import type { KObject } from '../../../client/src/cluster/types';

const manifest = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', labels: { team: 'platform' } },
  spec: { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
};

const live = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: {
    name: 'apps', namespace: 'flux-system', uid: 'u', resourceVersion: '42', generation: 3, creationTimestamp: '2026-11-28T00:00:00Z',
    finalizers: ['finalizers.fluxcd.io'], managedFields: [{ manager: 'kustomize-controller' }],
    labels: { 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system', team: 'platform' },
    annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' },
  },
  spec: { force: false, sourceRef: { name: 'flux-system', kind: 'GitRepository' }, prune: true, path: './apps', interval: '10m' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
} as unknown as KObject;

test('the live object without what the cluster adds, in the manifest\'s key order, defaults last', () => {
  const c = comparable(manifest, live);
  assert.ok(!c.same, 'spec.force was defaulted by the API server');
  assert.equal(c.live, c.desired.replace('  sourceRef:\n    kind: GitRepository\n    name: flux-system\n', '  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  force: false\n'));
  assert.doesNotMatch(c.live, /status|uid|resourceVersion|managedFields|finalizers|kustomize\.toolkit\.fluxcd\.io\/name|requestedAt/);
  assert.match(c.live, /team: platform/, 'the author\'s own labels stay');
});

test('a real change shows as one differing line; an unchanged object compares equal', () => {
  const changed = comparable({ ...manifest, spec: { ...manifest.spec, interval: '5m' } }, live);
  const diff = changed.desired.split('\n').filter((l, i) => l !== changed.live.split('\n')[i]);
  assert.deepEqual(diff.slice(0, 1), ['  interval: 5m']);
  const same = comparable({ ...manifest, spec: { ...manifest.spec, force: false } }, live);
  assert.ok(same.same, `${same.desired}\n---\n${same.live}`);
});

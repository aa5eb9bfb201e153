import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindsNamed } from '../../../server/src/shared/kinds';
import { lensLine } from '../../../client/src/cluster/lens';
import { objectStatus } from '../../../client/src/cluster/status';
import type { KObject } from '../../../client/src/cluster/types';

const KS = kindsNamed('Kustomization').find((k) => k.group === 'kustomize.toolkit.fluxcd.io')!;
const ES = kindsNamed('ExternalSecret')[0];

function ks(status: Record<string, unknown>, suspend = false): KObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system', generation: 2 }, spec: { suspend }, status: { observedGeneration: 2, ...status } } as unknown as KObject;
}

test('a ready object shows its revision and offers Reconcile; a failing one its reason', () => {
  const ready = lensLine('prod', KS, objectStatus(ks({ lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567', conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision' }] }), KS));
  assert.equal(ready.title, '$(pass) prod: main@sha1:0123456');
  assert.deepEqual(ready.action, { title: 'Reconcile', command: 'fluxGitops.reconcile' });
  const failed = lensLine('prod', KS, objectStatus(ks({ conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: 'no artifact' }] }), KS));
  assert.equal(failed.title, '$(error) prod: ArtifactFailed');
  assert.match(failed.tooltip, /no artifact/);
});

test('a suspended object offers Resume; a kind Flux does not reconcile offers nothing', () => {
  const suspended = lensLine('staging', KS, objectStatus(ks({ conditions: [{ type: 'Ready', status: 'True' }] }, true), KS));
  assert.equal(suspended.action?.command, 'fluxGitops.resume');
  const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'token', namespace: 'flux-system' }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }] } } as unknown as KObject;
  const line = lensLine('prod', ES, objectStatus(es, ES));
  assert.equal(line.action, undefined);
  assert.match(line.title, /^\$\(pass\) prod: /);
});

// A HelmRelease's status.history as rows (chart and app version, values digest, status, time, tests), and a
// Kustomization's applied and attempted revisions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmHistory, kustomizationRevisions, testSummary } from '../../../client/src/cluster/history';
import type { KObject } from '../../../client/src/cluster/types';

const hr: KObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps' },
  status: {
    history: [
      {
        name: 'podinfo', namespace: 'apps', version: 3, status: 'deployed', action: 'upgrade',
        chartName: 'podinfo', chartVersion: '6.7.1', appVersion: '6.7.1',
        configDigest: 'sha256:3f1d2c7b9a0e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f',
        digest: 'sha256:aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44',
        firstDeployed: '2026-11-28T10:00:00Z', lastDeployed: '2026-11-30T09:00:00Z',
        testHooks: { 'podinfo-grpc-test-x1': { phase: 'Succeeded', lastCompleted: '2026-11-30T09:01:00Z' }, 'podinfo-jwt-test-x2': { phase: 'Succeeded' } },
      },
      {
        name: 'podinfo', namespace: 'apps', version: 2, status: 'superseded', chartName: 'podinfo', chartVersion: '6.7.0',
        configDigest: 'sha256:0123456789abcdef', digest: 'sha256:x', firstDeployed: '2026-11-28T10:00:00Z', lastDeployed: '2026-11-29T09:00:00Z',
      },
      { name: 'podinfo', namespace: 'apps', version: 1, status: 'failed', chartName: 'podinfo', chartVersion: '6.6.0', configDigest: 'sha256:fedcba9876543210', testHooks: { smoke: { phase: 'Failed' }, other: { phase: 'Succeeded' } } },
    ],
  },
};

describe('history', () => {
  it('lists HelmRelease snapshots newest first with chart, app version, status, time, values digest and tests', () => {
    const rows = helmHistory(hr);
    assert.deepEqual(rows.map((r) => r.label), ['v3 podinfo 6.7.1', 'v2 podinfo 6.7.0', 'v1 podinfo 6.6.0']);
    assert.equal(rows[0].description, 'app 6.7.1 · deployed · 2026-11-30T09:00:00Z · values sha256:3f1d2c7 · 2 tests passed');
    assert.deepEqual([rows[0].current, rows[1].current, rows[2].failed], [true, false, true]);
    assert.ok(rows[0].details.includes('Values digest sha256:3f1d2c7b9a0e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f'));
    assert.ok(rows[0].details.some((d) => /podinfo-grpc-test-x1: Succeeded at 2026-11-30T09:01:00Z/.test(d)));
    assert.match(rows[2].description, /1 of 2 tests failed \(smoke\)/);
  });

  it('has no rows for a HelmRelease without history', () => {
    assert.deepEqual(helmHistory({ metadata: { name: 'x' }, status: {} }), []);
    assert.deepEqual(helmHistory({ metadata: { name: 'x' } }), []);
  });

  it('summarises test hooks', () => {
    assert.equal(testSummary(undefined), undefined);
    assert.equal(testSummary({}), 'no tests');
    assert.equal(testSummary({ a: { phase: 'Running' }, b: { phase: 'Succeeded' } }), '1 of 2 tests running');
    assert.equal(testSummary({ a: { phase: 'Succeeded' } }), '1 test passed');
  });

  it('gives a Kustomization its applied revision, and the attempted one when it differs', () => {
    const applied = 'main@sha1:1111111111111111111111111111111111111111';
    const attempted = 'main@sha1:2222222222222222222222222222222222222222';
    const same = kustomizationRevisions({ metadata: { name: 'k' }, status: { lastAppliedRevision: applied, lastAttemptedRevision: applied } });
    assert.deepEqual(same.map((r) => [r.label, r.description]), [['Applied', 'main@sha1:1111111']]);
    const failed = kustomizationRevisions({ metadata: { name: 'k' }, status: { lastAppliedRevision: applied, lastAttemptedRevision: attempted } });
    assert.deepEqual(failed.map((r) => [r.label, r.description, r.failed]), [['Attempted', 'main@sha1:2222222 (not applied)', true], ['Applied', 'main@sha1:1111111', false]]);
    assert.deepEqual(kustomizationRevisions({ metadata: { name: 'k' } }), []);
  });
});

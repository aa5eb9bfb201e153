// Flagger canaries: the facts and state the tree shows, the Flux object that applied a canary, the fleet cell
// of that object while the canary rolls out or fails, and when a change deserves the failure notification.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindInfo } from '../../../server/src/shared/kinds';
import { canariesOf, canaryDescription, canaryFacts, canaryFailure, canaryOwner } from '../../../client/src/cluster/canary';
import { canariesByRow, withCanaries } from '../../../client/src/cluster/fleetCanaries';
import { fleetCell } from '../../../client/src/cluster/fleet';
import { objectStatus, tooltipLines } from '../../../client/src/cluster/status';
import type { KObject } from '../../../client/src/cluster/types';

const CANARY = kindInfo('flagger.app', 'Canary')!;

function canary(phase: string | undefined, over: { weight?: number; iterations?: number; failedChecks?: number; labels?: Record<string, string>; message?: string } = {}): KObject {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'apps', labels: over.labels },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' } },
    status: {
      ...(phase ? { phase } : {}),
      canaryWeight: over.weight ?? 0,
      iterations: over.iterations ?? 0,
      failedChecks: over.failedChecks ?? 0,
      lastTransitionTime: '2026-12-01T08:00:00Z',
      conditions: [{ type: 'Promoted', status: phase === 'Failed' ? 'False' : 'Unknown', reason: phase ?? 'Initializing', message: over.message ?? '' }],
    },
  };
}

const readyHr: KObject = {
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps', generation: 1 },
  status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded' }], history: [{ chartVersion: '6.7.0' }] },
};

describe('canary status', () => {
  it('reads phase, weight, iteration, failed checks, last transition and target', () => {
    const f = canaryFacts(canary('Progressing', { weight: 30, iterations: 3, failedChecks: 1 }));
    assert.deepEqual(
      { phase: f.phase, weight: f.weight, iteration: f.iteration, failed: f.failedChecks, at: f.lastTransition, target: f.target },
      { phase: 'Progressing', weight: 30, iteration: 3, failed: 1, at: '2026-12-01T08:00:00Z', target: 'Deployment/podinfo' },
    );
    assert.equal(canaryDescription(f), 'Progressing 30% · iteration 3 · 1 failed check');
  });

  it('maps phases to tree states through the kinds table', () => {
    assert.equal(CANARY.treeGroup, 'Canaries');
    const state = (p?: string) => objectStatus(canary(p), CANARY).state;
    assert.deepEqual([state('Progressing'), state('Succeeded'), state('Failed'), state('Initialized'), state(undefined)], ['reconciling', 'ready', 'failed', 'ready', 'unknown']);
    const lines = tooltipLines(canary('Progressing', { weight: 20 }), CANARY, objectStatus(canary('Progressing', { weight: 20 }), CANARY));
    assert.ok(lines.includes('Canary weight: 20%') && lines.includes('Target: Deployment/podinfo'), lines.join('\n'));
  });
});

describe('canary owner', () => {
  it('takes the Flux object from the canary’s own toolkit labels', () => {
    const hr = canaryOwner(canary('Succeeded', { labels: { 'helm.toolkit.fluxcd.io/name': 'podinfo', 'helm.toolkit.fluxcd.io/namespace': 'apps' } }), 'ctx');
    assert.deepEqual(hr, { context: 'ctx', kindKey: 'helm.toolkit.fluxcd.io/HelmRelease', namespace: 'apps', name: 'podinfo' });
    const ks = canaryOwner(canary('Succeeded', { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }), 'ctx');
    assert.equal(ks?.kindKey, 'kustomize.toolkit.fluxcd.io/Kustomization');
    assert.equal(ks?.name, 'apps');
  });

  it('else finds the Kustomization whose inventory holds the target', () => {
    const ks: KObject = { kind: 'Kustomization', metadata: { name: 'workloads', namespace: 'flux-system' }, status: { inventory: { entries: [{ id: 'apps_podinfo_apps_Deployment', v: 'v1' }] } } };
    const other: KObject = { kind: 'Kustomization', metadata: { name: 'other', namespace: 'flux-system' }, status: { inventory: { entries: [{ id: 'apps_podinfo_apps_StatefulSet', v: 'v1' }] } } };
    const c = canary('Succeeded');
    assert.equal(canaryOwner(c, 'ctx', [other, ks])?.name, 'workloads');
    assert.equal(canaryOwner(c, 'ctx', [other]), undefined);
    assert.equal(canariesOf({ context: 'ctx', kindKey: 'kustomize.toolkit.fluxcd.io/Kustomization', namespace: 'flux-system', name: 'workloads' }, [c], [ks]).length, 1);
  });
});

describe('canary in the fleet', () => {
  const labels = { 'helm.toolkit.fluxcd.io/name': 'podinfo', 'helm.toolkit.fluxcd.io/namespace': 'apps' };
  it('makes a ready cell progressing while the canary rolls out, failing when it failed, and says nothing when done', () => {
    const rows = canariesByRow([canary('Progressing', { weight: 40, labels })], []);
    const cell = withCanaries(fleetCell('HelmRelease', readyHr), rows.get('HelmRelease/apps/podinfo'));
    assert.equal(cell.state, 'progressing');
    assert.equal(cell.canary, 'canary podinfo: Progressing 40%');
    const failed = withCanaries(fleetCell('HelmRelease', readyHr), [canary('Failed', { labels, message: 'Canary analysis failed, rolled back' })]);
    assert.equal(failed.state, 'failing');
    assert.equal(failed.reason, 'CanaryFailed');
    assert.equal(failed.message, 'Canary analysis failed, rolled back');
    assert.equal(withCanaries(fleetCell('HelmRelease', readyHr), [canary('Succeeded', { labels })]).state, 'ready');
  });
});

describe('canary failure notification', () => {
  it('fires once, on the step into Failed', () => {
    const msg = canaryFailure('staging', canary('Progressing', { weight: 20 }), canary('Failed', { message: 'Halt advancement' }));
    assert.equal(msg, 'Canary apps/podinfo failed in staging (Deployment/podinfo rolled back): Halt advancement');
    assert.equal(canaryFailure('staging', canary('Failed'), canary('Failed', { failedChecks: 3 })), undefined);
    assert.equal(canaryFailure('staging', undefined, canary('Failed')), undefined);
    assert.equal(canaryFailure('staging', canary('Progressing'), canary('Succeeded')), undefined);
  });
});

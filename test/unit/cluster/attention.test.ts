// Which Flux objects need attention: failing, stalled, suspended for longer than the setting (or since an
// unrecorded time); ready ones and recent suspensions do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attentionReason, unhealthyInventoryReason } from '../../../client/src/cluster/attention';
import type { KObject } from '../../../client/src/cluster/types';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const opts = { suspendedForMs: 24 * 3600_000, now: NOW };
const ks = (status: KObject['status'], spec: KObject['spec'] = {}, annotations: Record<string, string> = {}): KObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 1, annotations },
  spec,
  status: { observedGeneration: 1, ...status },
});

describe('needs attention', () => {
  it('lists failing and stalled objects, not ready ones', () => {
    assert.equal(attentionReason(ks({ conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] }), undefined, opts), undefined);
    assert.equal(attentionReason(ks({ conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed' }] }), undefined, opts), 'Failing: ArtifactFailed');
    assert.equal(attentionReason(ks({ conditions: [{ type: 'Stalled', status: 'True', reason: 'InvalidPath' }, { type: 'Ready', status: 'False', reason: 'InvalidPath' }] }), undefined, opts), 'Stalled: InvalidPath');
  });

  it('lists suspensions older than the setting, with who and why, and those of unknown age', () => {
    const old = ks({}, { suspend: true }, { 'fluxgitops.io/suspended-at': '2026-11-28T12:00:00Z', 'fluxgitops.io/suspended-by': 'ana', 'fluxgitops.io/suspend-reason': 'incident 12' });
    assert.equal(attentionReason(old, undefined, opts), 'Suspended for 3 d by ana: incident 12');
    const recent = ks({}, { suspend: true }, { 'fluxgitops.io/suspended-at': '2026-12-01T11:00:00Z' });
    assert.equal(attentionReason(recent, undefined, opts), undefined);
    assert.equal(attentionReason(recent, undefined, { ...opts, suspendedForMs: 0 }), 'Suspended for 60 min');
    assert.equal(attentionReason(ks({}, { suspend: true }), undefined, opts), 'Suspended (since when is not recorded)');
  });

  it('says how many applied objects are unhealthy', () => {
    assert.equal(unhealthyInventoryReason(2, 40), '2 of 40 applied objects not healthy');
    assert.equal(unhealthyInventoryReason(1, 1), '1 of 1 applied object not healthy');
  });
});

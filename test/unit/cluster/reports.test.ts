// What the cluster commands say: a progress title that names the object once, steps that name the object
// waited on, and outcomes short enough for a notification with the full revision in the detail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outcomeNotice, progressTitle, stepText, waitingText } from '../../../client/src/cluster/reports';

const ref = { context: 'testbed', kindKey: 'kustomize.toolkit.fluxcd.io/Kustomization', namespace: 'flux-system', name: 'apps-ok' };
const REV = 'main@sha1:abcdef1234567890abcdef1234567890abcdef12';

describe('command reports', () => {
  it('titles progress with namespace/name once, and the step after it', () => {
    assert.equal(progressTitle('Reconciling', ref), 'Reconciling flux-system/apps-ok');
    assert.equal(progressTitle('Reconciling', { ...ref, namespace: undefined }, ' with its source'), 'Reconciling apps-ok with its source');
    assert.equal(waitingText('kustomize-controller'), 'waiting for kustomize-controller…');
    assert.equal(waitingText(undefined), 'waiting for the controller…');
    const source = { ...ref, kindKey: 'source.toolkit.fluxcd.io/GitRepository', name: 'fleet' };
    assert.equal(stepText(source, waitingText('source-controller')), 'GitRepository fleet, waiting for source-controller…');
  });

  it('says Ready with the short revision, and keeps the whole revision in the detail', () => {
    const n = outcomeNotice({ ok: true, ref, reason: 'ReconciliationSucceeded', message: `Applied revision: ${REV}`, revision: REV });
    assert.equal(n.text, 'apps-ok: Ready at main@sha1:abcdef1');
    assert.equal(n.detail, ['Kustomization flux-system/apps-ok in context testbed', 'Ready: True (ReconciliationSucceeded)', `Revision: ${REV}`, `Message: Applied revision: ${REV}`].join('\n'));
    assert.equal(outcomeNotice({ ok: true, ref, message: '' }).text, 'apps-ok: Ready');
  });

  it("says a failure's reason and the first line of its message", () => {
    const n = outcomeNotice({ ok: false, ref: { ...ref, name: 'apps-broken' }, reason: 'BuildFailed', message: 'kustomize build failed:\naccumulating resources' });
    assert.equal(n.ok, false);
    assert.equal(n.text, 'apps-broken: BuildFailed: kustomize build failed:');
    assert.match(n.detail, /^Message: kustomize build failed:\naccumulating resources$/m);
    assert.equal(outcomeNotice({ ok: false, ref, message: 'The object is gone.' }).text, 'apps-ok: not ready: The object is gone.');
  });
});

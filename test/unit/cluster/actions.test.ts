// The command logic over the fake API server with a stand-in controller that handles reconcile requests:
// reconcile waits for the handled token, suspended objects are refused, suspend records who and why, resume
// waits for the new generation, and reconcile-with-source goes source first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forceSync, reconcile, reconcileWithSource, resume, suspend, SuspendedError } from '../../../client/src/cluster/actions';
import { objectStatus, tooltipLines } from '../../../client/src/cluster/status';
import { ClusterManager } from '../../../client/src/cluster/manager';
import type { ClusterSession } from '../../../client/src/cluster/session';
import { FakeApi, kustomization, until, type FakeObject } from './fakeApi';

const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const ref = (name: string, kindKey = KS) => ({ context: 'fake', kindKey, namespace: 'flux-system', name });

describe('actions over a fake cluster', () => {
  const api = new FakeApi();
  let m: ClusterManager;
  let s: ClusterSession;
  const handledOrder: string[] = [];

  before(async () => {
    await api.start();
    api.put(kustomization('apps', 'flux-system', 'True'));
    api.put(kustomization('broken', 'flux-system', 'False'));
    api.put({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'fleet', namespace: 'flux-system' }, spec: {}, status: {} });
    // The stand-in controller: handles requestedAt on objects that are not suspended.
    api.onPatched = (obj: FakeObject) => {
      const token = obj.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
      if (!token || obj.spec?.suspend === true || obj.status?.lastHandledReconcileAt === token) return;
      handledOrder.push(obj.metadata.name);
      const ok = obj.metadata.name !== 'broken';
      api.put({
        ...obj,
        status: {
          ...obj.status,
          observedGeneration: obj.metadata.generation,
          lastHandledReconcileAt: token,
          conditions: [{ type: 'Ready', status: ok ? 'True' : 'False', reason: ok ? 'ReconciliationSucceeded' : 'BuildFailed', message: ok ? 'Applied' : 'kustomize build failed' }],
        },
      });
    };
    m = new ClusterManager({ kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 });
    m.load();
    s = m.session('fake')!;
    await until((cb) => s.onEvent(cb), () => s.kinds.get(KS)?.synced === true && s.kinds.get(GIT)?.synced === true, 5000, 'lists');
  });

  after(async () => {
    m.dispose();
    await api.stop();
  });

  it('reconciles and reports the outcome', async () => {
    const ok = await reconcile(s, ref('apps'), { timeoutMs: 3000 });
    assert.equal(ok.ok, true);
    assert.equal(ok.message, 'Applied');
    const bad = await reconcile(s, ref('broken'), { timeoutMs: 3000 });
    assert.equal(bad.ok, false);
    assert.equal(bad.reason, 'BuildFailed');
  });

  it('reconciles the source first, each step naming the object it waits on', async () => {
    handledOrder.length = 0;
    const steps: string[] = [];
    const outcomes = await reconcileWithSource(s, ref('apps'), { timeoutMs: 3000, onProgress: (t) => steps.push(t) });
    assert.deepEqual(handledOrder, ['fleet', 'apps']);
    assert.equal(outcomes.length, 2);
    assert.deepEqual(steps, ['GitRepository fleet, waiting for source-controller…', 'Kustomization apps, waiting for kustomize-controller…']);
  });

  it('reports one step that does not repeat the object the title names', async () => {
    const steps: string[] = [];
    await reconcile(s, ref('apps'), { timeoutMs: 3000, onProgress: (t) => steps.push(t) });
    assert.deepEqual(steps, ['waiting for kustomize-controller…']);
  });

  it('suspends with who and why, refuses to reconcile, and resumes', async () => {
    await suspend(s, ref('apps'), 'incident 7', 'alice');
    await until((cb) => s.onEvent(cb), () => s.get(KS, 'flux-system', 'apps')?.spec?.suspend === true, 2000, 'suspended');
    const obj = s.get(KS, 'flux-system', 'apps')!;
    assert.equal(obj.metadata.annotations?.['fluxgitops.io/suspended-by'], 'alice');
    assert.equal(obj.metadata.annotations?.['fluxgitops.io/suspend-reason'], 'incident 7');
    await assert.rejects(reconcile(s, ref('apps'), { timeoutMs: 1000 }), SuspendedError);
    const outcome = await resume(s, ref('apps'), { timeoutMs: 3000 });
    assert.equal(outcome.ok, true);
    const after = s.get(KS, 'flux-system', 'apps')!;
    assert.equal(after.spec?.suspend, false);
    assert.equal(after.metadata.annotations?.['fluxgitops.io/suspended-by'], undefined, 'resume clears the suspend annotations');
  });

  it('forces an ESO sync and reports the new refresh time', async () => {
    const ES = 'external-secrets.io/ExternalSecret';
    api.put({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'flux-system' }, spec: {}, status: { refreshTime: '2026-01-01T00:00:00Z', conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }] } });
    await until((cb) => s.onEvent(cb), () => s.get(ES, 'flux-system', 'db') !== undefined, 2000, 'the ExternalSecret');
    const status = objectStatus(s.get(ES, 'flux-system', 'db')!, s.served(ES)?.info);
    assert.ok(tooltipLines(s.get(ES, 'flux-system', 'db')!, s.served(ES)?.info, status).includes('Last refresh: 2026-01-01T00:00:00Z'));
    const previous = api.onPatched;
    // The stand-in operator refreshes when the force-sync annotation changes.
    api.onPatched = (obj) => {
      if (obj.kind === 'ExternalSecret' && obj.metadata.annotations?.['force-sync']) api.put({ ...obj, status: { ...obj.status, refreshTime: '2026-01-02T00:00:00Z' } });
      else previous?.(obj);
    };
    const result = await forceSync(s, { context: 'fake', kindKey: ES, namespace: 'flux-system', name: 'db' }, { timeoutMs: 3000 });
    api.onPatched = previous;
    assert.deepEqual(result, { refreshed: true, refreshTime: '2026-01-02T00:00:00Z' });
    assert.match(api.objects.get('externalsecrets|flux-system|db')!.metadata.annotations!['force-sync']!, /^\d{10}$/);
  });

  it('times out with the last state when the controller never answers', async () => {
    api.onPatched = undefined;
    await assert.rejects(reconcile(s, ref('apps'), { timeoutMs: 300 }), /Timed out after 0.3 s waiting for apps \(Ready=True/);
  });
});

// A CRD installed after the explorer connected (Flagger added to a running cluster) shows without a Refresh, and one
// removed goes: the session's periodic `GET /apis` against the real kube-apiserver. The Canary CRD is the one the
// schema build pins; a CRD another suite left is removed first and put back at the end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CANARY_KEY } from '../../client/src/cluster/canary';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { TESTBED, ensureTestbed, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { CANARY_CRD, CRD_PATH, installCanaryCrd } from './canaryCrd';

const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';

describe('a CRD installed or removed while the explorer watches the testbed', () => {
  let m: ClusterManager;
  let s: ClusterSession;
  let hadCrd = false;

  const served = async (): Promise<boolean> => {
    const list = await s.transport.request<{ groups?: { name: string }[] }>({ path: '/apis' });
    return (list.groups ?? []).some((g) => g.name === 'flagger.app');
  };
  const poll = async (what: string, ok: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const removeCrd = async () => {
    await s.transport.request({ method: 'DELETE', path: `${CRD_PATH}/${CANARY_CRD}` }).catch(() => undefined);
    await poll('the API server to stop serving flagger.app', async () => !(await served()));
  };

  before(async () => {
    await ensureTestbed();
    m = new ClusterManager(
      { kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 },
      undefined,
      {},
      { backoffInitialMs: 100, backoffMaxMs: 2000, rediscoverMs: 300 },
    );
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || s.kinds.get(KS)?.phase === 'watching', 30_000, 'the Kustomization watch');
    assert.notEqual(s.phase, 'error', s.error?.message);
    hadCrd = await served();
    if (hadCrd) await removeCrd();
    await until((cb) => s.onEvent(cb), () => !s.kinds.has(CANARY_KEY), 10_000, 'the explorer to drop the Canary kind');
  });

  after(async () => {
    try {
      if (hadCrd) await installCanaryCrd(s.transport);
      else await s.transport.request({ method: 'DELETE', path: `${CRD_PATH}/${CANARY_CRD}` }).catch(() => undefined);
    } finally {
      m?.dispose();
    }
  });

  it('starts watching Canaries once their CRD is served, and stops once it is gone', async () => {
    assert.equal(s.served(CANARY_KEY), undefined, 'no Canary kind before the CRD');
    const redraws: number[] = [];
    const sub = s.onEvent((e) => e.type === 'session' && redraws.push(Date.now()));
    const installed = Date.now();
    assert.equal(await installCanaryCrd(s.transport), true);
    await until((cb) => s.onEvent(cb), () => s.kinds.get(CANARY_KEY)?.phase === 'watching', 30_000, 'the Canary watch');
    assert.equal(s.served(CANARY_KEY)?.version, 'v1beta1');
    assert.ok(s.kinds.get(KS)?.phase === 'watching', 'the other watches go on');
    assert.ok(redraws.length >= 1, 'the context is redrawn');
    const seen = Date.now() - installed;
    await removeCrd();
    await until((cb) => s.onEvent(cb), () => !s.kinds.has(CANARY_KEY), 10_000, 'the Canary kind to go');
    assert.equal(s.served(CANARY_KEY), undefined);
    sub.dispose();
    assert.ok(seen < 30_000, `seen after ${seen} ms`);
  });
});

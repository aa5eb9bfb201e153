// The explorer across a restart of the real kube-apiserver process (no proxy in between): the watches notice
// that the server is gone, and once it is back (same flags, ports and certificates, same etcd), a change
// made then reaches the tree within 5 s. Run once with a clean stop (SIGTERM) and once with a crash (SIGKILL).
// The manager runs with the product's settings (request timeout, retry pauses, tree refresh).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubernetesObjectApi, PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import { ClusterManager } from '../../client/src/cluster/manager';
import { CONTROLLERS_KEY, type ClusterSession } from '../../client/src/cluster/session';
import { SUSPEND_REASON } from '../../client/src/cluster/status';
import { TreeModel } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed, restartTestbedProcess, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';

const NS = TESTBED.fluxNamespace;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const KEYS = [KS, 'source.toolkit.fluxcd.io/GitRepository', 'helm.toolkit.fluxcd.io/HelmRelease', CONTROLLERS_KEY];
const CURRENT_WITHIN_MS = 5000;

const onSession = (s: ClusterSession) => (cb: () => void) => s.onEvent(cb);

function probe(name: string, reason: string) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    // A suspended object of the test's own: no controller writes it, so every change is the test's.
    metadata: { name, namespace: NS, annotations: { [SUSPEND_REASON]: reason } },
    spec: { interval: '1h', prune: false, suspend: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } },
  };
}

/** Admin writes go through client-node with a fresh connection, apart from the explorer's transport. */
async function setReason(kc: KubeConfig, name: string, reason: string): Promise<void> {
  const patch = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: NS, annotations: { [SUSPEND_REASON]: reason } } };
  await KubernetesObjectApi.makeApiClient(kc).patch(patch, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
}

describe('the explorer across a restart of the real kube-apiserver', () => {
  let kc: KubeConfig;
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;
  const name = `restart-probe-${Date.now()}`;

  before(async () => {
    kc = await ensureTestbed();
    await KubernetesObjectApi.makeApiClient(kc).create(probe(name, 'before the restart'));
    m = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: NS, requestTimeoutSeconds: 5 });
    tree = new TreeModel(m);
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await until(onSession(s), () => s.phase === 'error' || KEYS.every((k) => s.kinds.get(k)?.phase === 'watching'), 30_000, 'the watches');
    assert.notEqual(s.phase, 'error', s.error?.message);
  });

  after(async () => {
    tree?.dispose();
    m?.dispose();
    await KubernetesObjectApi.makeApiClient(kc).delete(probe(name, '')).catch(() => undefined);
  });

  for (const kill of [false, true]) {
    it(`shows a change in the tree within 5 s after a ${kill ? 'crashed (SIGKILL)' : 'stopped (SIGTERM)'} API server is back`, async (t) => {
      const node = tree.objectNode({ context: s.name, kindKey: KS, namespace: NS, name }, 'Kustomizations');
      const description = () => tree.view(node).description;
      await until((cb) => tree.onDidChange(cb), () => description()?.startsWith('suspended: ') === true, 10_000, 'the probe in the tree');
      let noticed = false;
      const sub = s.onEvent((e) => e.type === 'kind' && e.kindKey === KS && s.kinds.get(KS)?.phase === 'retrying' && (noticed = true));
      try {
        const timing = await restartTestbedProcess('kube-apiserver', { kill });
        const back = Date.now();
        assert.ok(noticed, 'the Kustomization watch noticed that the API server was gone');
        const reason = `after restart ${back}`;
        await setReason(kc, name, reason);
        await until((cb) => tree.onDidChange(cb), () => description() === `suspended: ${reason}`, CURRENT_WITHIN_MS * 2, 'the change in the tree');
        const lagMs = Date.now() - back;
        t.diagnostic(`kube-apiserver stopped in ${timing.stoppedMs} ms, ready ${timing.readyMs} ms after its start; tree current ${lagMs} ms after ready`);
        assert.ok(lagMs < CURRENT_WITHIN_MS, `the tree showed the change ${lagMs} ms after the API server was ready`);
        // The relist that brought the change comes before the watch stream opens again: wait for the watch too.
        await until(onSession(s), () => s.kinds.get(KS)?.phase === 'watching', CURRENT_WITHIN_MS * 2, 'the watch again');
        const watchMs = Date.now() - back;
        t.diagnostic(`watching again ${watchMs} ms after ready`);
        assert.ok(watchMs < CURRENT_WITHIN_MS, `the Kustomization watch resumed ${watchMs} ms after the API server was ready`);
      } finally {
        sub.dispose();
      }
    });
  }
});

// Flagger canaries on the testbed. Flagger itself does not run there (see the README): the test installs the
// Canary CRD from the pinned github.com/fluxcd/flagger module (the one the schema build reads) and plays
// Flagger's part by writing the Canary's status subresource, Progressing → Succeeded and → Failed. The real
// kube-apiserver serves and watches it; the explorer's own sessions, tree model, fleet model and failure
// notifications read it. No sleeps: every wait is on a watch event, with a timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CANARY_KEY } from '../../client/src/cluster/canary';
import { CanaryAlerts } from '../../client/src/cluster/canaryAlerts';
import { buildFleet } from '../../client/src/cluster/fleet';
import { EMPTY_LAYOUT } from '../../client/src/cluster/fleetColumns';
import { fleetSource } from '../../client/src/cluster/fleetSources';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import type { KObject } from '../../client/src/cluster/types';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed, testbedKubeconfigPath, waitFor } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { CRD_PATH, installCanaryCrd } from './canaryCrd';

const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const NS = `canary-probe-${Date.now().toString(36)}`;
const OWNER = 'canary-owner';

function newManager(): ClusterManager {
  return new ClusterManager(
    { kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 },
    undefined,
    {},
    { backoffInitialMs: 100, backoffMaxMs: 2000 },
  );
}

describe('Flagger canaries on the testbed', () => {
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;
  let installedCrd = false;
  const alerts: string[] = [];
  let alertSub: CanaryAlerts | undefined;

  const api = (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown, contentType?: string) => s.transport.request<KObject>({ method, path, body, contentType });
  const canaryPath = (name = '') => `/apis/flagger.app/v1beta1/namespaces/${NS}/canaries${name ? `/${name}` : ''}`;
  const setStatus = (name: string, status: Record<string, unknown>) =>
    api('PATCH', `${canaryPath(name)}/status`, { status: { lastTransitionTime: new Date().toISOString(), ...status } }, 'application/merge-patch+json');

  before(async () => {
    const kc = await ensureTestbed();
    // A bootstrap session makes the CRD before the explorer's own session discovers the served kinds.
    const boot = newManager();
    boot.load();
    const b = boot.session(TESTBED.contexts.admin)!;
    await until((cb) => b.onEvent(cb), () => b.phase !== 'connecting', 20_000, 'bootstrap session');
    installedCrd = await installCanaryCrd(b.transport);
    // Established: the API server serves the kind (a moment after the POST); watched, not polled.
    await waitFor<KubernetesObject & KObject>(kc, { path: CRD_PATH, name: 'canaries.flagger.app' }, (o) => o.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true, { timeoutMs: 30_000 });
    await b.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    boot.dispose();

    m = newManager();
    tree = new TreeModel(m, { flushMs: 10 });
    alertSub = new CanaryAlerts(m, (msg) => alerts.push(msg));
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || (s.kinds.get(CANARY_KEY)?.phase === 'watching' && s.kinds.get(KS)?.phase === 'watching'), 30_000, 'canary watch');
    assert.notEqual(s.phase, 'error', s.error?.message);
    // A suspended Kustomization of our own stands for the Flux object that applied the canary.
    await api('POST', `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations`, {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: OWNER, namespace: NS },
      spec: { interval: '1h', prune: false, suspend: true, path: './apps/ok', sourceRef: { kind: 'GitRepository', name: 'fleet', namespace: TESTBED.fluxNamespace } },
    });
  });

  after(async () => {
    alertSub?.dispose();
    try {
      if (s) await api('DELETE', `/api/v1/namespaces/${NS}`);
      if (s && installedCrd) await api('DELETE', `${CRD_PATH}/canaries.flagger.app`);
    } finally {
      tree?.dispose();
      m?.dispose();
    }
  });

  const canaryNode = (name: string): TreeNode | undefined => {
    const ctx = tree.roots().find((n) => n.type === 'context')!;
    const group = tree.children(ctx).find((n) => tree.view(n).label === 'Canaries');
    if (!group) return undefined;
    const leaves = tree.children(group).flatMap((c) => (c.type === 'namespace' ? tree.children(c) : [c]));
    return leaves.find((n) => tree.view(n).label === name);
  };
  const changed = (cb: () => void) => tree.onDidChange(() => cb());

  /** Waits until the tree shows `description` for the canary; returns the milliseconds from `since`. */
  async function shows(name: string, description: string, since: number): Promise<number> {
    await until(changed, () => tree.view(canaryNode(name) ?? { type: 'message', id: 'x', text: '', severity: 'info' }).description === description, 10_000, `${name}: ${description}`);
    return Date.now() - since;
  }

  it('shows a Canaries group whose canary follows Progressing → Succeeded, under the Flux object that applied it and in the fleet', async () => {
    const name = 'podinfo';
    await api('POST', canaryPath(), {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace: NS, labels: { 'kustomize.toolkit.fluxcd.io/name': OWNER, 'kustomize.toolkit.fluxcd.io/namespace': NS } },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, service: { port: 9898 }, analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 } },
    });
    await setStatus(name, { phase: 'Initialized', canaryWeight: 0, iterations: 0, failedChecks: 0 });
    await shows(name, 'Initialized', Date.now());
    const latencies: number[] = [];
    for (const weight of [10, 20, 30]) {
      const t = Date.now();
      await setStatus(name, { phase: 'Progressing', canaryWeight: weight, iterations: weight / 10, failedChecks: 0 });
      latencies.push(await shows(name, `Progressing ${weight}% · iteration ${weight / 10}`, t));
    }
    const node = canaryNode(name)!;
    assert.equal(tree.view(node).icon, 'reconciling');
    assert.ok(tree.view(node).tooltip.includes('Target: Deployment/podinfo'), tree.view(node).tooltip.join('\n'));
    console.log(`# canary status → tree: ${latencies.join(', ')} ms`);
    assert.ok(Math.max(...latencies) < 2000, `status to tree within 2 s: ${latencies.join(', ')} ms`);

    // Under its owner: the Kustomization's children start with the canary.
    const owner = tree.objectNode({ context: TESTBED.contexts.admin, kindKey: KS, namespace: NS, name: OWNER }, 'Kustomizations');
    const inside = tree.children(owner).filter((n) => n.type === 'object');
    assert.deepEqual(inside.map((n) => [tree.view(n).label, tree.view(n).description]), [[name, 'Progressing 30% · iteration 3']]);

    // In the fleet: the owner's cell carries the rollout.
    const fleet = buildFleet(m.list().map(fleetSource), EMPTY_LAYOUT);
    const row = fleet.groups.flatMap((g) => g.rows).find((r) => r.key === `Kustomization/${NS}/${OWNER}`);
    assert.equal(row?.cells[0]?.canary, `canary ${name}: Progressing 30% · iteration 3`);

    await setStatus(name, { phase: 'Succeeded', canaryWeight: 0, iterations: 0 });
    await shows(name, 'Succeeded', Date.now());
    assert.equal(tree.view(canaryNode(name)!).icon, 'ready');
    assert.deepEqual(alerts, [], 'no notification for a canary that succeeded');
  });

  it('notifies once when a watched canary fails and rolls back', async () => {
    const name = 'checkout';
    await api('POST', canaryPath(), {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace: NS },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, service: { port: 8080 }, analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 } },
    });
    await setStatus(name, { phase: 'Progressing', canaryWeight: 10, iterations: 1, failedChecks: 1 });
    await shows(name, 'Progressing 10% · iteration 1 · 1 failed check', Date.now());
    const t = Date.now();
    await setStatus(name, {
      phase: 'Failed',
      canaryWeight: 0,
      failedChecks: 2,
      conditions: [{ type: 'Promoted', status: 'False', reason: 'Failed', message: 'Canary analysis failed, Deployment scaled to zero.', lastUpdateTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
    });
    await until((cb) => s.onEvent(cb), () => alerts.length > 0, 10_000, 'the failure notification');
    console.log(`# canary Failed → notification: ${Date.now() - t} ms`);
    assert.deepEqual(alerts, [`Canary ${NS}/${name} failed in ${TESTBED.contexts.admin} (Deployment/${name} rolled back): Canary analysis failed, Deployment scaled to zero.`]);
    await shows(name, 'Failed · iteration 1 · 2 failed checks', t);
    assert.equal(tree.view(canaryNode(name)!).icon, 'failed');
    // Another status write while it stays Failed is no news.
    await setStatus(name, { phase: 'Failed', failedChecks: 3 });
    await shows(name, 'Failed · iteration 1 · 3 failed checks', Date.now());
    assert.equal(alerts.length, 1);
  });
});

// The explorer shows the Flux Operator's FluxInstance and ResourceSet objects when the cluster serves its CRDs.
// The CRDs are the pinned flux-operator module's own (tools/schemas/pins.json, from the Go module cache through
// the same download the schema build uses), applied to the real testbed. No operator runs there, so the test
// plays its part: it writes the objects' status through the status subresource, and answers a reconcile request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { reconcile } from '../../client/src/cluster/actions';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import type { KObject, ObjectRef } from '../../client/src/cluster/types';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { downloadModules } from '../../tools/schemas/gomod.mjs';
import { TESTBED, ensureTestbed, testbedKubeconfigPath, waitFor } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';

const OPERATOR = 'github.com/controlplaneio-fluxcd/flux-operator';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const GROUP = 'fluxcd.controlplane.io';
const NS = `fgt-operator-${Date.now().toString(36)}`;
const FI = `${GROUP}/FluxInstance`;
const RS = `${GROUP}/ResourceSet`;
const REVISION = 'v2.9.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** The CRDs of FluxInstance and ResourceSet from the pinned module (no network: the module cache has it). */
async function operatorCrds(): Promise<Record<string, unknown>[]> {
  type Pin = { module: string; version: string; sum: string };
  const pins = JSON.parse(readFileSync(join(__dirname, '../../tools/schemas/pins.json'), 'utf8')) as { profiles: Record<string, { sources?: Pin[] }> };
  const pin = Object.values(pins.profiles).flatMap((p) => p.sources ?? []).find((p) => p.module === OPERATOR);
  assert.ok(pin, 'pins.json pins the flux-operator module');
  const dirs = await downloadModules([pin]);
  const base = join(dirs.get(OPERATOR)!, 'config/crd/bases');
  return ['fluxinstances', 'resourcesets'].map((p) => parse(readFileSync(join(base, `${GROUP}_${p}.yaml`), 'utf8')) as Record<string, unknown>);
}

const readyStatus = (extra: Record<string, unknown>) => ({
  status: {
    conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 2s', lastTransitionTime: new Date().toISOString(), observedGeneration: 1 }],
    ...extra,
  },
});

describe('Flux Operator objects in the explorer', () => {
  let admin: ClusterSession;
  let adminManager: ClusterManager;
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;
  const created: string[] = [];

  const request = <T>(method: 'POST' | 'PATCH' | 'DELETE' | 'GET', path: string, body?: unknown, contentType?: string) =>
    admin.transport.request<T>({ method, path, body, contentType });
  const base = (plural: string) => `/apis/${GROUP}/v1/namespaces/${NS}/${plural}`;

  before(async () => {
    const kc = await ensureTestbed();
    adminManager = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    adminManager.load();
    admin = adminManager.session(TESTBED.contexts.admin)!;
    for (const crd of await operatorCrds()) {
      const name = (crd.metadata as { name: string }).name;
      const existed = await request('GET', `${CRD_PATH}/${name}`).then(() => true, () => false);
      if (!existed) {
        await request('POST', CRD_PATH, crd);
        created.push(name);
      }
      await waitFor(kc, { path: CRD_PATH, name }, (o) => !!(o as unknown as KObject).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'), { timeoutMs: 30_000 });
    }
    await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await request('POST', base('fluxinstances'), {
      apiVersion: `${GROUP}/v1`,
      kind: 'FluxInstance',
      metadata: { name: 'flux', namespace: NS },
      spec: { distribution: { version: '2.x', registry: 'ghcr.io/fluxcd' }, sync: { kind: 'GitRepository', url: 'http://127.0.0.1:18091/git/fleet.git', ref: 'refs/heads/main', path: 'apps/ok' } },
    });
    await request('PATCH', `${base('fluxinstances')}/flux/status`, readyStatus({ lastAppliedRevision: REVISION, lastAttemptedRevision: REVISION }), 'application/merge-patch+json');
    await request('POST', base('resourcesets'), {
      apiVersion: `${GROUP}/v1`,
      kind: 'ResourceSet',
      metadata: { name: 'apps', namespace: NS },
      spec: { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-resourceset' } }] },
    });
    await request('PATCH', `${base('resourcesets')}/apps/status`, { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'template: unknown input', lastTransitionTime: new Date().toISOString(), observedGeneration: 1 }] } }, 'application/merge-patch+json');

    // The explorer under test starts after the CRDs are served, as it would on a cluster running the operator.
    m = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    tree = new TreeModel(m, { flushMs: 10 });
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    const synced = () => [FI, RS].every((k) => s.kinds.get(k)?.synced) && !!s.get(FI, NS, 'flux') && !!s.get(RS, NS, 'apps');
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || synced(), 20_000, 'FluxInstance and ResourceSet watches');
    assert.notEqual(s.phase, 'error', s.error?.message);
  });

  after(async () => {
    tree?.dispose();
    m?.dispose();
    await request('DELETE', `/api/v1/namespaces/${NS}`).catch(() => undefined);
    for (const name of created) await request('DELETE', `${CRD_PATH}/${name}`).catch(() => undefined);
    adminManager?.dispose();
  });

  const operatorLeaves = (): TreeNode[] => {
    const ctx = tree.roots().find((n) => tree.view(n).label === TESTBED.contexts.admin)!;
    const group = tree.children(ctx).find((n) => tree.view(n).label === 'Flux Operator');
    assert.ok(group, `a Flux Operator group among ${tree.children(ctx).map((n) => tree.view(n).label).join(', ')}`);
    return tree.children(group).flatMap((c) => (c.type === 'namespace' ? tree.children(c) : [c]));
  };
  const leaf = (name: string) => operatorLeaves().find((n) => n.type === 'object' && n.ref.namespace === NS && n.ref.name === name);

  it('shows the FluxInstance with its state and last applied revision, and the failing ResourceSet with its reason', () => {
    const flux = leaf('flux');
    assert.ok(flux, 'the FluxInstance is in the tree');
    const view = tree.view(flux);
    assert.equal(view.icon, 'ready');
    assert.match(view.description ?? '', /v2\.9\.0/, `revision in "${view.description}"`);
    assert.ok(view.tooltip.some((l) => l.includes(REVISION)), view.tooltip.join('\n'));
    assert.match(view.contextValue, /reconcilable/, view.contextValue);
    const apps = tree.view(leaf('apps')!);
    assert.equal(apps.icon, 'failed');
    assert.equal(apps.description, 'ResourceSet · BuildFailed', 'the group holds two kinds: the kind, then the reason');
  });

  it('reconcile sets reconcile.fluxcd.io/requestedAt and completes when the operator reports it handled', async () => {
    const ref: ObjectRef = { context: s.name, kindKey: FI, namespace: NS, name: 'flux' };
    const done = reconcile(s, ref, { timeoutMs: 30_000 });
    let token = '';
    await until((cb) => s.onEvent(cb), () => !!(token = s.get(FI, NS, 'flux')?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'] ?? ''), 10_000, 'the requestedAt annotation');
    assert.match(token, /^\d{4}-\d\d-\d\dT/);
    // What the operator does on that annotation: it records the request as handled.
    await request('PATCH', `${base('fluxinstances')}/flux/status`, readyStatus({ lastHandledReconcileAt: token, lastAppliedRevision: REVISION }), 'application/merge-patch+json');
    const outcome = await done;
    assert.equal(outcome.ok, true, outcome.message);
    assert.equal(outcome.revision, REVISION);
    assert.ok(tree.view(leaf('flux')!).tooltip.some((l) => l.includes(`Last handled reconcile: ${token}`)));
  });
});

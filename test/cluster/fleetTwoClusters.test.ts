// The fleet over two clusters that stand for staging and production. The testbed serves a second, separate
// cluster for this test: a second kube-apiserver process (the testbed's own binary, flags and certificates) on
// another port with its own etcd prefix, so it holds its own objects under the same namespace/name, as two real
// clusters do. Namespaces of one API server cannot stand for clusters here: the fleet's rows are keyed by
// Kind/namespace/name, and two namespaces would be two rows, never skew. Staging is the testbed with its real
// Flux controllers; production has the Flux CRDs and no controllers, so the test writes its status (the
// revision production "runs"). A commit reconciled by the real kustomize-controller in staging makes the
// production cell stand out. No sleeps: waits are on watch events or readiness, with timeouts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { buildFleet } from '../../client/src/cluster/fleet';
import { EMPTY_LAYOUT } from '../../client/src/cluster/fleetColumns';
import { fleetSource } from '../../client/src/cluster/fleetSources';
import { withRow } from '../../client/src/cluster/fleetUpdates';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import type { KObject } from '../../client/src/cluster/types';
import { TESTBED, ensureTestbed, gitCommit, requestReconcile, testbedFile, testbedKubeconfigPath, waitFor } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';

const PORT_OFFSET = Number.parseInt(process.env.TESTBED_PORT_OFFSET ?? '0', 10) || 0;
const PROD_PORT = 16543 + PORT_OFFSET;
const NS = TESTBED.fluxNamespace;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const CRDS = ['kustomizations.kustomize.toolkit.fluxcd.io', 'gitrepositories.source.toolkit.fluxcd.io', 'helmreleases.helm.toolkit.fluxcd.io'];
const ID = Date.now().toString(36);
const NAME = `skew-${ID}`;
const FOLDER = `apps/${NAME}`;
const STAGING = 'fleet-staging';
const PRODUCTION = 'fleet-production';

const configMap = (value: string) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: TESTBED.appsNamespace }, data: { value } });

/** The testbed's kube-apiserver flags, on another port and etcd prefix, without the shared audit log. */
function productionArgs(): { binary: string; args: string[] } {
  const launch = JSON.parse(readFileSync(testbedFile('launch', 'kube-apiserver.json'), 'utf8')) as { binary: string; args: string[] };
  const args = launch.args
    .filter((a) => !a.startsWith('--audit-'))
    .map((a) => (a.startsWith('--secure-port=') ? `--secure-port=${PROD_PORT}` : a));
  return { binary: launch.binary, args: [...args, '--etcd-prefix=/flux-gitops-fleet-production'] };
}

/** A kubeconfig with the two contexts, both as the testbed's admin. */
function twoClusterKubeconfig(): string {
  const base = parse(readFileSync(testbedKubeconfigPath(), 'utf8')) as { clusters: { name: string; cluster: Record<string, unknown> }[]; users: { name: string; user: unknown }[]; contexts: { name: string; context: { user: string } }[] };
  const cluster = base.clusters.find((c) => c.name === TESTBED.contexts.admin)!.cluster;
  const user = base.users.find((u) => u.name === base.contexts.find((c) => c.name === TESTBED.contexts.admin)!.context.user)!.user;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': STAGING,
    clusters: [
      { name: STAGING, cluster },
      { name: PRODUCTION, cluster: { ...cluster, server: `https://127.0.0.1:${PROD_PORT}` } },
    ],
    users: [{ name: 'admin', user }],
    contexts: [STAGING, PRODUCTION].map((name) => ({ name, context: { cluster: name, user: 'admin', namespace: NS } })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'fleet-two-')), 'config');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

describe('the fleet over a staging and a production cluster', () => {
  let apiserver: ChildProcess | undefined;
  let kubeconfig: string;
  let m: ClusterManager;
  let staging: ClusterSession;
  let production: ClusterSession;
  let stagingKc: KubeConfig;

  const ready = (s: ClusterSession) =>
    until((cb) => s.onEvent(cb), () => s.kinds.get(KS)?.phase === 'watching', 30_000, `Kustomizations of ${s.name}`);

  before(async () => {
    stagingKc = await ensureTestbed();
    const { binary, args } = productionArgs();
    apiserver = spawn(binary, args, { stdio: 'ignore' });
    kubeconfig = twoClusterKubeconfig();
    const prodKc = new KubeConfig();
    prodKc.loadFromFile(kubeconfig);
    prodKc.setCurrentContext(PRODUCTION);

    m = new ClusterManager({ kubeconfig, contexts: [], fluxNamespace: NS, requestTimeoutSeconds: 10 }, undefined, {}, { backoffInitialMs: 100, backoffMaxMs: 2000 });
    m.load();
    staging = m.session(STAGING)!;
    production = m.session(PRODUCTION)!;
    // The session retries an unreachable cluster by itself: it connects once the new API server serves.
    await until((cb) => production.onEvent(cb), () => production.phase === 'ready', 120_000, 'production kube-apiserver');
    // Production gets the Flux CRDs the testbed serves (a cluster with Flux installed, no controllers running).
    for (const name of CRDS) {
      const crd = await staging.transport.request<KObject>({ path: `${CRD_PATH}/${name}` });
      const body = { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name }, spec: crd.spec };
      await production.transport.request({ method: 'POST', path: CRD_PATH, body }).catch((err: Error) => {
        if (!/already exists/i.test(err.message)) throw err;
      });
      await waitFor<KubernetesObject & KObject>(prodKc, { path: CRD_PATH, name }, (o) => o.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true, { timeoutMs: 30_000 });
    }
    await production.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } }).catch((err: Error) => {
      if (!/already exists/i.test(err.message)) throw err;
    });
    await production.restart();
    await Promise.all([ready(staging), ready(production)]);
  });

  after(async () => {
    try {
      await staging?.transport.request({ method: 'DELETE', path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations/${NAME}` }).catch(() => undefined);
      await production?.transport.request({ method: 'DELETE', path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations/${NAME}` }).catch(() => undefined);
      await gitCommit('fleet', { [`${FOLDER}/configmap.yaml`]: null }, `Fleet skew probe ${NAME}: remove`).catch(() => undefined);
    } finally {
      m?.dispose();
      apiserver?.kill('SIGTERM');
    }
  });

  /** Makes the source fetch `sha`, then waits for the staging Kustomization to have applied it. */
  async function applied(sha: string): Promise<string> {
    await requestReconcile(stagingKc, 'source.toolkit.fluxcd.io/v1', 'GitRepository', NS, 'fleet');
    await until((cb) => staging.onEvent(cb), () => String(staging.get(GIT, NS, 'fleet')?.status?.['artifact'] && (staging.get(GIT, NS, 'fleet')!.status!['artifact'] as { revision?: string }).revision).endsWith(sha), 60_000, `fleet at ${sha}`);
    await requestReconcile(stagingKc, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', NS, NAME).catch(() => undefined);
    await until((cb) => staging.onEvent(cb), () => String(staging.get(KS, NS, NAME)?.status?.['lastAppliedRevision'] ?? '').endsWith(sha), 60_000, `${NAME} applied ${sha}`);
    return String(staging.get(KS, NS, NAME)!.status!['lastAppliedRevision']);
  }

  it('marks the production cell once staging runs a new revision', async () => {
    const first = await gitCommit('fleet', { [`${FOLDER}/configmap.yaml`]: configMap('one') }, `Fleet skew probe ${NAME}`);
    const spec = { interval: '1h', prune: true, path: `./${FOLDER}`, sourceRef: { kind: 'GitRepository', name: 'fleet' } };
    await staging.transport.request({ method: 'POST', path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations`, body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: NAME, namespace: NS }, spec } });
    const revision = await applied(first);

    // Production runs what staging ran: its status says so (no controller there writes it).
    await production.transport.request({ method: 'POST', path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations`, body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: NAME, namespace: NS }, spec } });
    await production.transport.request({
      method: 'PATCH',
      path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations/${NAME}/status`,
      contentType: 'application/merge-patch+json',
      body: { status: { observedGeneration: 1, lastAppliedRevision: revision, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: new Date().toISOString() }] } },
    });
    await until((cb) => production.onEvent(cb), () => production.get(KS, NS, NAME)?.status?.['lastAppliedRevision'] === revision, 10_000, 'production status');

    const key = `Kustomization/${NS}/${NAME}`;
    const build = () => buildFleet(m.list().map(fleetSource), EMPTY_LAYOUT);
    const cells = (model = build()) => {
      const row = model.groups.flatMap((g) => g.rows).find((r) => r.key === key)!;
      return Object.fromEntries(model.columns.map((c, i) => [c.environment, row.cells[i]]));
    };
    const before1 = build();
    assert.deepEqual(before1.columns.map((c) => [c.context, c.environment]), [[STAGING, 'staging'], [PRODUCTION, 'production']]);
    assert.equal(cells(before1).production?.skew, undefined, 'the same revision everywhere: nothing stands out');

    // A new commit, reconciled by the real kustomize-controller in staging only.
    const second = await gitCommit('fleet', { [`${FOLDER}/configmap.yaml`]: configMap('two') }, `Fleet skew probe ${NAME}: change`);
    const t0 = Date.now();
    let eventToCellMs = -1;
    const sub = staging.onEvent((e) => {
      if (eventToCellMs >= 0 || e.type !== 'upsert' || e.obj.metadata.name !== NAME || !String(e.obj.status?.['lastAppliedRevision'] ?? '').endsWith(second)) return;
      const t = performance.now();
      const next = withRow(before1, m.list().map(fleetSource), key);
      if (next?.changes.some((c) => c.context === PRODUCTION && c.cell?.skew)) eventToCellMs = performance.now() - t;
    });
    const newRevision = await applied(second);
    sub.dispose();
    const after1 = cells();
    const short = (r: string) => r.replace(/(sha1:[0-9a-f]{7})[0-9a-f]+/, '$1');
    assert.equal(after1.staging?.revision, short(newRevision));
    assert.equal(after1.staging?.skew, undefined);
    assert.equal(after1.production?.revision, short(revision));
    assert.equal(after1.production?.skew, `Production runs ${short(revision)}; staging runs ${short(newRevision)}.`);
    assert.ok(eventToCellMs >= 0, 'the watch event itself rebuilt the row with the skewed production cell');
    console.log(`# commit → staging applied: ${Date.now() - t0} ms; watch event → skewed cell: ${eventToCellMs.toFixed(2)} ms`);
  });
});

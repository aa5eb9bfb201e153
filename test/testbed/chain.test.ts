// Proof that the testbed is a real GitOps chain: a commit pushed to the loopback Git server, a reconcile
// requested the way `flux reconcile` does it, the real source- and kustomize-controller handling it, the
// new object in the cluster, and the controller's log line read through the pods/log API (kwok).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import {
  TESTBED,
  controllerPod,
  ensureTestbed,
  gitCommit,
  loadKubeConfig,
  requestReconcile,
  resourceListPath,
  waitFor,
  waitForLogLine,
} from './helper';

interface FluxObject extends KubernetesObject {
  status?: {
    lastHandledReconcileAt?: string;
    lastAppliedRevision?: string;
    artifact?: { revision?: string };
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

const NS = TESTBED.fluxNamespace;
const gitRepos = { path: resourceListPath('source.toolkit.fluxcd.io/v1', 'gitrepositories', NS), name: 'fleet' };
const kustomizations = { path: resourceListPath('kustomize.toolkit.fluxcd.io/v1', 'kustomizations', NS), name: 'apps-ok' };

function isReady(obj: FluxObject): boolean {
  return obj.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

describe('testbed chain', () => {
  let kc: KubeConfig;

  before(async () => {
    kc = await ensureTestbed();
  });

  it('commit -> reconcile -> applied object -> controller log line', async () => {
    const stamp = `chain-${Date.now()}`;
    const sha = await gitCommit('fleet', {
      [`apps/ok/${stamp}.yaml`]:
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${stamp}\n  namespace: ${TESTBED.appsNamespace}\ndata:\n  stamp: ${stamp}\n`,
    }, `Add ${stamp}`);
    assert.match(sha, /^[0-9a-f]{40}$/);

    // Follow the source-controller's log from before the reconcile, so the new revision's line cannot be missed.
    const pod = await controllerPod(kc, 'source-controller');
    const stored = `stored artifact for commit 'Add ${stamp}'`;
    const logLine = waitForLogLine(kc, NS, pod, 'manager', (line) => line.includes(stored), 90_000);

    const sourceAt = await requestReconcile(kc, 'source.toolkit.fluxcd.io/v1', 'GitRepository', NS, 'fleet');
    const repo = await waitFor<FluxObject>(kc, gitRepos,
      (o) => o.status?.lastHandledReconcileAt === sourceAt && (o.status?.artifact?.revision ?? '').endsWith(sha),
      { timeoutMs: 90_000, what: 'GitRepository fleet at the new commit' });
    assert.equal(repo.status?.artifact?.revision, `main@sha1:${sha}`);

    // kwok reads the CRI file and the API returns the message part: the controller's own JSON line.
    const line = await logLine;
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.equal(entry.msg, stored);
    assert.equal(entry.name, 'fleet');
    assert.equal(entry.controllerKind, 'GitRepository');

    const kustomizeAt = await requestReconcile(kc, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', NS, 'apps-ok');
    const ks = await waitFor<FluxObject>(kc, kustomizations,
      (o) => o.status?.lastHandledReconcileAt === kustomizeAt && o.status?.lastAppliedRevision === `main@sha1:${sha}` && isReady(o),
      { timeoutMs: 90_000, what: 'Kustomization apps-ok applied the new commit' });
    assert.equal(ks.status?.lastHandledReconcileAt, kustomizeAt);

    const cm = await kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: stamp, namespace: TESTBED.appsNamespace });
    assert.equal(cm.data?.stamp, stamp);
  });

  it('the restricted context may read Flux objects but not patch them', async () => {
    const restricted = loadKubeConfig(TESTBED.contexts.restricted);
    const repo = await waitFor<FluxObject>(restricted, gitRepos, isReady, { timeoutMs: 10_000 });
    assert.equal(repo.metadata?.name, 'fleet');
    await assert.rejects(
      requestReconcile(restricted, 'source.toolkit.fluxcd.io/v1', 'GitRepository', NS, 'fleet'),
      (err: { code?: number }) => err.code === 403,
    );
  });

  it('the down context points at a closed port', async () => {
    const down = loadKubeConfig(TESTBED.contexts.down);
    await assert.rejects(down.makeApiClient(CoreV1Api).listNamespace(), /ECONNREFUSED/);
  });
});

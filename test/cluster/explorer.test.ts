// The cluster layer, the tree model and the command logic against the real testbed (kube-apiserver, kwok,
// real Flux controllers): listing, watch latency, reconcile, suspend/resume with a new commit, object logs,
// events, an unreachable context, a restricted user, and watch recovery after the API server goes away.
// No sleeps: every wait is on a watch event or a state, with a timeout.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { helmRelease, objectEvents, reconcile, reconcileWithSource, resume, suspend } from '../../client/src/cluster/actions';
import { isApiError } from '../../client/src/cluster/errors';
import { streamControllerLogs, type LogEntry } from '../../client/src/cluster/logs';
import { ClusterManager } from '../../client/src/cluster/manager';
import { CONTROLLERS_KEY, type ClusterSession } from '../../client/src/cluster/session';
import type { ObjectRef } from '../../client/src/cluster/types';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed, gitCommit, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { ConnectProxy } from './connectProxy';
import { TcpProxy } from './tcpProxy';

const NS = TESTBED.fluxNamespace;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const TREE_KEYS = [KS, GIT, HR, CONTROLLERS_KEY];
const ks = (name: string, context: string = TESTBED.contexts.admin): ObjectRef => ({ context, kindKey: KS, namespace: NS, name });

function newManager(contexts: string[], kubeconfig = testbedKubeconfigPath(), timeoutSeconds = 5): ClusterManager {
  return new ClusterManager(
    { kubeconfig, contexts, fluxNamespace: NS, requestTimeoutSeconds: timeoutSeconds },
    undefined,
    {},
    { backoffInitialMs: 100, backoffMaxMs: 2000 },
  );
}

const sessionChanged = (s: ClusterSession) => (cb: () => void) => s.onEvent(cb);

/** Follows kustomize-controller's log lines about apps-ok from now on; `line` waits for one matching. */
async function followAppsOkLog(s: ClusterSession) {
  const entries: LogEntry[] = [];
  let wake = () => undefined as void;
  // One old line makes the log answer start at once; lines from before now are ignored.
  const since = new Date(Date.now() - 1000).toISOString();
  const handles = await streamControllerLogs(s, 'kustomize-controller', {
    follow: true,
    minLevel: 'info',
    tailLines: 1,
    target: { kind: 'Kustomization', name: 'apps-ok', namespace: NS },
    onEntry: (e) => e.time >= since && (entries.push(e), wake()),
  });
  return {
    entries,
    line: (re: RegExp, what: string) => until((cb) => ((wake = cb), { dispose: () => (wake = () => undefined) }), () => entries.some((e) => re.test(e.message)), 60_000, what),
    stop: () => {
      for (const h of handles) h.abort();
    },
  };
}

async function ready(s: ClusterSession, keys: string[]): Promise<void> {
  await until(sessionChanged(s), () => s.phase === 'error' || keys.every((k) => s.kinds.get(k)?.phase === 'watching'), 20_000, `watches of ${s.name}`);
  assert.notEqual(s.phase, 'error', s.error?.message);
}

describe('cluster explorer against the testbed', () => {
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;

  before(async () => {
    await ensureTestbed();
    m = newManager([TESTBED.contexts.admin]);
    tree = new TreeModel(m, { flushMs: 10 });
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await ready(s, [KS, GIT, HR, CONTROLLERS_KEY]);
  });

  after(() => {
    tree?.dispose();
    m?.dispose();
  });

  it('lists the Flux objects and controllers, with their states in the tree', () => {
    assert.equal(s.discovery?.fluxInstalled, true);
    assert.equal(s.served(KS)?.version, 'v1', 'the served version is discovered');
    assert.equal(s.served('external-secrets.io/ExternalSecret')?.version, 'v1', 'the testbed installs ESO v0.16.2, whose ExternalSecret is served at v1');
    const names = s.list(KS).map((o) => o.metadata.name);
    for (const n of ['apps-ok', 'apps-broken', 'apps-suspended']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    const ctx = tree.roots().find((n) => tree.view(n).label === TESTBED.contexts.admin)!;
    const groups = tree.children(ctx).map((n) => tree.view(n).label);
    assert.deepEqual(groups.filter((g) => ['Sources', 'Kustomizations', 'HelmReleases', 'Notifications', 'Flux controllers'].includes(g)), [
      'Sources',
      'Kustomizations',
      'HelmReleases',
      'Notifications',
      'Flux controllers',
    ]);
    const ksGroup = tree.children(ctx).find((n) => tree.view(n).label === 'Kustomizations')!;
    const leaves = (node: TreeNode): TreeNode[] => tree.children(node).flatMap((c) => (c.type === 'namespace' ? tree.children(c) : [c]));
    const view = (name: string) => tree.view(leaves(ksGroup).find((n) => tree.view(n).label === name)!);
    assert.equal(view('apps-broken').icon, 'failed');
    assert.equal(view('apps-suspended').icon, 'suspended');
    assert.ok(tree.failingCount() >= 1, 'apps-broken counts as failing');
    const controllers = tree.children(ctx).find((n) => tree.view(n).label === 'Flux controllers')!;
    const labels = tree.children(controllers).map((n) => tree.view(n).label).sort();
    assert.deepEqual(labels, ['helm-controller', 'kustomize-controller', 'notification-controller', 'source-controller']);
  });

  it('shows a status change from the watch within a second', async () => {
    // A suspended Kustomization of our own: no controller writes its status, so the only change is ours.
    const name = `watch-probe-${Date.now()}`;
    const served = s.requireServed(KS);
    const base = `/apis/${served.group}/${served.version}/namespaces/${NS}/kustomizations`;
    await s.transport.request({
      method: 'POST',
      path: base,
      body: { apiVersion: `${served.group}/${served.version}`, kind: 'Kustomization', metadata: { name, namespace: NS }, spec: { interval: '1h', prune: false, suspend: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } } },
    });
    try {
      await until(sessionChanged(s), () => s.get(KS, NS, name) !== undefined, 5000, 'the new object');
      const node = tree.objectNode(ks(name), 'Kustomizations');
      let refreshedAt = 0;
      const sub = tree.onDidChange((nodes) => {
        if (!refreshedAt && (nodes === undefined || nodes.includes(node))) refreshedAt = Date.now();
      });
      const started = Date.now();
      await s.transport.request({
        method: 'PATCH',
        path: `${base}/${name}/status`,
        contentType: 'application/merge-patch+json',
        body: { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ProbeFailed', message: 'set by the test', lastTransitionTime: new Date().toISOString() }] } },
      });
      await until(sessionChanged(s), () => s.get(KS, NS, name)?.status?.conditions?.[0]?.reason === 'ProbeFailed', 1000, 'the watch event (1 s budget)');
      const watchMs = Date.now() - started;
      await until((cb) => tree.onDidChange(cb), () => refreshedAt > 0, 1000, 'the tree refresh');
      sub.dispose();
      assert.ok(watchMs < 1000, `watch event after ${watchMs} ms`);
      assert.ok(refreshedAt - started < 1000, `tree refreshed after ${refreshedAt - started} ms`);
    } finally {
      await s.transport.request({ method: 'DELETE', path: `${base}/${name}` });
    }
  });

  it('reconciles on the real controllers and reports success and failure', async () => {
    const ok = await reconcile(s, ks('apps-ok'), { timeoutMs: 60_000 });
    assert.equal(ok.ok, true, ok.message);
    assert.match(ok.revision ?? '', /^main@sha1:[0-9a-f]{40}$/);
    const bad = await reconcile(s, ks('apps-broken'), { timeoutMs: 60_000 });
    assert.equal(bad.ok, false);
    assert.match(bad.message, /not found|does not exist|no such file/i);
  });

  it('reconciles a HelmRelease with its generated HelmChart first', async () => {
    const outcomes = await reconcileWithSource(s, { context: s.name, kindKey: HR, namespace: NS, name: 'hello' }, { timeoutMs: 90_000 });
    assert.equal(outcomes.length, 2);
    assert.equal(outcomes[0]!.ref.kindKey, 'source.toolkit.fluxcd.io/HelmChart');
    assert.equal(outcomes[0]!.ref.name, `${NS}-hello`);
    assert.ok(outcomes.every((o) => o.ok), outcomes.map((o) => o.message).join('; '));
  });

  it('forces a HelmRelease with forceAt carrying the reconcile token', async () => {
    const ref = { context: s.name, kindKey: HR, namespace: NS, name: 'hello' };
    const outcome = await helmRelease(s, ref, 'force', { timeoutMs: 90_000 });
    assert.equal(outcome.ok, true, outcome.message);
    const obj = s.get(HR, NS, 'hello')!;
    const annotations = obj.metadata.annotations ?? {};
    assert.equal(annotations['reconcile.fluxcd.io/forceAt'], annotations['reconcile.fluxcd.io/requestedAt']);
    assert.equal(obj.status?.['lastHandledForceAt'], annotations['reconcile.fluxcd.io/forceAt'], 'helm-controller handled the force request');
  });

  it('streams the log lines of one object from the real controller', async () => {
    const log = await followAppsOkLog(s);
    try {
      const finished = log.line(/Reconciliation finished/, 'a "Reconciliation finished" line');
      await reconcile(s, ks('apps-ok'), { timeoutMs: 60_000 });
      await finished;
      assert.ok(log.entries.every((e) => e.fields.name === 'apps-ok' || (e.fields.Kustomization as { name?: string } | undefined)?.name === 'apps-ok'), 'only lines about apps-ok');
    } finally {
      log.stop();
    }
  });

  it('lists the events of an object', async () => {
    await reconcile(s, ks('apps-broken'), { timeoutMs: 60_000 });
    const events = await objectEvents(s, ks('apps-broken'));
    assert.ok(events.length > 0, 'apps-broken has events');
    assert.ok(events.some((e) => e.type === 'Warning'), JSON.stringify(events.slice(-3)));
    assert.ok(events.every((e) => e.object === 'Kustomization/apps-broken'));
  });

  it('suspend stops applying new commits and resume applies them', async () => {
    const ref = ks('apps-ok');
    await suspend(s, ref, 'cluster test', 'tester');
    try {
      await until(sessionChanged(s), () => s.get(KS, NS, 'apps-ok')?.spec?.suspend === true, 5000, 'suspended');
      const appliedBefore = s.get(KS, NS, 'apps-ok')?.status?.['lastAppliedRevision'];
      const stamp = `suspend-${Date.now()}`;
      const sha = await gitCommit('fleet', {
        [`apps/ok/${stamp}.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${stamp}\n  namespace: ${TESTBED.appsNamespace}\n`,
      }, `Add ${stamp}`);
      const source = await reconcile(s, { context: s.name, kindKey: GIT, namespace: NS, name: 'fleet' }, { timeoutMs: 60_000 });
      assert.equal(source.ok, true, source.message);
      assert.match(sha, /^[0-9a-f]{40}$/);
      // Ask the suspended object to reconcile anyway; the controller logs that it skips it.
      const log = await followAppsOkLog(s);
      try {
        const skipped = log.line(/suspended/i, 'the "suspended" log line');
        await s.mergePatch(ref, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': `probe-${Date.now()}` } } });
        await skipped;
      } finally {
        log.stop();
      }
      assert.equal(s.get(KS, NS, 'apps-ok')?.status?.['lastAppliedRevision'], appliedBefore, 'nothing new was applied while suspended');
      const configMap = `/api/v1/namespaces/${TESTBED.appsNamespace}/configmaps/${stamp}`;
      await assert.rejects(s.transport.request({ path: configMap }), (err: unknown) => isApiError(err, 'notFound'), 'the commit is not applied while suspended');
      const resumed = await resume(s, ref, { timeoutMs: 60_000 });
      assert.equal(resumed.ok, true, resumed.message);
      // Other tests may push commits too, so the proof is the object of our commit, not the exact revision.
      assert.notEqual(resumed.revision, appliedBefore, 'resume applied a newer revision');
      const applied = await s.transport.request<{ metadata: { name: string } }>({ path: configMap });
      assert.equal(applied.metadata.name, stamp, 'resume applied the new commit');
    } finally {
      const obj = s.get(KS, NS, 'apps-ok');
      if (obj?.spec?.suspend) await resume(s, ref, { timeoutMs: 60_000 }).catch(() => undefined);
    }
  });
});

describe('cluster errors against the testbed', () => {
  before(async () => {
    await ensureTestbed();
  });

  it('turns an unreachable context into an error within the timeout', async () => {
    const m = newManager([TESTBED.contexts.down], testbedKubeconfigPath(), 2);
    const tree = new TreeModel(m);
    const started = Date.now();
    m.load();
    const s = m.session(TESTBED.contexts.down)!;
    try {
      await until(sessionChanged(s), () => s.phase === 'error', 5000, 'the error');
      assert.ok(Date.now() - started < 3000, `error after ${Date.now() - started} ms`);
      const ctx = tree.contextNode(s.name);
      assert.equal(tree.view(ctx).icon, 'context-error');
      assert.match(tree.view(tree.children(ctx)[0]!).label, /cannot reach the cluster|no answer within/);
    } finally {
      tree.dispose();
      m.dispose();
    }
  });

  it('tells a restricted user which permission is missing', async () => {
    const m = newManager([TESTBED.contexts.restricted]);
    m.load();
    const s = m.session(TESTBED.contexts.restricted)!;
    try {
      await ready(s, [KS]);
      assert.ok(s.list(KS).length >= 3, 'a reader can list');
      await assert.rejects(reconcile(s, ks('apps-ok', s.name), { timeoutMs: 10_000 }), (err: unknown) => {
        assert.ok(isApiError(err, 'forbidden'), String(err));
        assert.match((err as Error).message, /may not patch kustomizations\.kustomize\.toolkit\.fluxcd\.io in namespace flux-system/);
        return true;
      });
    } finally {
      m.dispose();
    }
  });

  it('reaches a cluster through the HTTP proxy its kubeconfig names (proxy-url)', async () => {
    const proxy = new ConnectProxy();
    await proxy.start();
    const dir = mkdtempSync(join(tmpdir(), 'proxied-kube-'));
    const config = parse(readFileSync(testbedKubeconfigPath(), 'utf8')) as { clusters: { name: string; cluster: Record<string, unknown> }[] };
    for (const c of config.clusters) c.cluster['proxy-url'] = `http://127.0.0.1:${proxy.port}`;
    const file = join(dir, 'config');
    writeFileSync(file, stringify(config), { mode: 0o600 });
    const m = newManager([TESTBED.contexts.admin], file);
    m.load();
    try {
      const s = m.session(TESTBED.contexts.admin)!;
      await ready(s, [KS]);
      assert.ok(s.get(KS, NS, 'apps-ok'), 'objects listed through the proxy');
      const apiserver = new URL(TESTBED.apiserver);
      assert.ok(proxy.tunnels.includes(`${apiserver.hostname}:${apiserver.port}`), `tunnels: ${proxy.tunnels.join(', ')}`);
    } finally {
      m.dispose();
      await proxy.stop();
    }
  });

  it('recovers its watches after the API server goes away and comes back', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(TESTBED.apiserver).port));
    await proxy.start(0);
    const dir = mkdtempSync(join(tmpdir(), 'proxy-kube-'));
    const config = parse(readFileSync(testbedKubeconfigPath(), 'utf8')) as { clusters: { name: string; cluster: { server: string } }[] };
    for (const c of config.clusters) c.cluster.server = `https://127.0.0.1:${proxy.port}`;
    const file = join(dir, 'config');
    writeFileSync(file, stringify(config), { mode: 0o600 });
    const m = newManager([TESTBED.contexts.admin], file, 3);
    m.load();
    const s = m.session(TESTBED.contexts.admin)!;
    const direct = newManager([TESTBED.contexts.admin]);
    direct.load();
    const admin = direct.session(TESTBED.contexts.admin)!;
    let relists = 0;
    try {
      await ready(s, [...TREE_KEYS]);
      await ready(admin, [KS]);
      s.onEvent((e) => e.type === 'reset' && e.kindKey === KS && relists++);
      await proxy.stop();
      await until(sessionChanged(s), () => s.kinds.get(KS)?.phase === 'retrying', 10_000, 'the watch to notice the outage');
      // A change made during the outage must arrive once the server is back.
      const stamp = `outage-${Date.now()}`;
      await admin.mergePatch(ks('apps-suspended'), { metadata: { annotations: { 'fluxgitops.io/test-stamp': stamp } } });
      await proxy.start();
      await until(sessionChanged(s), () => s.get(KS, NS, 'apps-suspended')?.metadata.annotations?.['fluxgitops.io/test-stamp'] === stamp, 15_000, 'the change made during the outage');
      assert.equal(s.kinds.get(KS)?.phase, 'watching');
      assert.equal(relists, 0, 'the watch resumed from its resourceVersion without a re-list');
    } finally {
      m.dispose();
      direct.dispose();
      await proxy.stop();
    }
  });
});

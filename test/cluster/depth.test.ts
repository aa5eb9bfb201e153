// Inside Flux objects on the real testbed: a Kustomization of our own applies a Deployment that kwok rolls out
// and one that is never scheduled (no scheduler runs), and the tree shows both healths from the inventory;
// a HelmRelease upgraded once shows two history entries and the release's objects found by label; the trace
// from the Deployment reaches the GitRepository, its revision and the commit; "Needs attention" lists a
// failing Kustomization within a second. No sleeps: every wait is on an event or a state, with a timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reconcileWithSource } from '../../client/src/cluster/actions';
import { ActivityFeed } from '../../client/src/cluster/activityWatch';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { traceMarkdown } from '../../client/src/cluster/trace';
import { traceObject } from '../../client/src/cluster/traceObject';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed, gitCommit, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { KINDS } from '../../server/src/shared/kinds';

const NS = TESTBED.fluxNamespace;
// Names of this run: a rerun on the same testbed must not meet the previous run's objects while they are deleted.
const RUN = Date.now().toString(36).slice(-5);
const APP_NS = `testbed-depth-${RUN}`;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const PROBE = `depth-probe-${RUN}`;
const RELEASE = `depth-hello-${RUN}`;
const FIXTURES = `http://127.0.0.1:${Number(new URL(TESTBED.gitBaseUrl).port)}`;

const deployment = (name: string, scheduled: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${APP_NS}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
${scheduled ? '      nodeName: testbed-node\n' : ''}      automountServiceAccountToken: false
      containers:
        - name: main
          image: registry.invalid/${name}:1.0.0
`;

const FILES = {
  'apps/depth/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${APP_NS}\n`,
  'apps/depth/rolls-out.yaml': deployment('rolls-out', true),
  'apps/depth/never-ready.yaml': deployment('never-ready', false),
  'apps/depth/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: rolls-out\n  namespace: ${APP_NS}\nspec:\n  selector: { app: rolls-out }\n  ports: [{ port: 80 }]\n`,
};

describe('inside Flux objects on the testbed', () => {
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;
  let sha = '';
  const changed = (cb: () => void) => tree.onDidChange(cb);
  const label = (n: TreeNode) => tree.view(n).label;
  const find = (nodes: TreeNode[], l: string) => {
    const hit = nodes.find((n) => label(n) === l);
    assert.ok(hit, `${l} in ${nodes.map(label).join(', ')}`);
    return hit;
  };
  const leaves = (node: TreeNode): TreeNode[] => tree.children(node).flatMap((c) => (c.type === 'namespace' ? tree.children(c) : [c]));
  const context = () => find(tree.roots(), TESTBED.contexts.admin);
  const fluxNode = (group: string, name: string) => find(leaves(find(tree.children(context()), group)), name);
  const base = (plural: string, group: string) => `/apis/${group}/${s.requireServed(`${group}/${plural === 'kustomizations' ? 'Kustomization' : 'HelmRelease'}`).version}/namespaces/${NS}/${plural}`;

  before(async () => {
    await ensureTestbed();
    m = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: NS, requestTimeoutSeconds: 5 }, undefined, {}, { backoffInitialMs: 100, backoffMaxMs: 2000 });
    tree = new TreeModel(m, { flushMs: 10 });
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || [KS, HR].every((k) => s.kinds.get(k)?.phase === 'watching'), 20_000, 'the watches');
    assert.notEqual(s.phase, 'error', s.error?.message);
    sha = await gitCommit('fleet', FILES, 'Depth probe: two Deployments and a Service');
    await s.transport.request({
      method: 'POST',
      path: base('kustomizations', 'kustomize.toolkit.fluxcd.io'),
      body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: PROBE, namespace: NS }, spec: { interval: '1h', prune: true, path: './apps/depth', timeout: '1m', sourceRef: { kind: 'GitRepository', name: 'fleet' } } },
    });
    await until((cb) => s.onEvent(cb), () => s.get(KS, NS, PROBE) !== undefined, 5000, 'the probe Kustomization');
    const outcomes = await reconcileWithSource(s, { context: s.name, kindKey: KS, namespace: NS, name: PROBE }, { timeoutMs: 120_000 });
    assert.ok(outcomes.every((o) => o.ok), outcomes.map((o) => o.message).join('; '));
  });

  after(async () => {
    for (const [plural, group, name] of [['kustomizations', 'kustomize.toolkit.fluxcd.io', PROBE], ['helmreleases', 'helm.toolkit.fluxcd.io', RELEASE]]) {
      await s?.transport.request({ method: 'DELETE', path: `${base(plural, group)}/${name}` }).catch(() => undefined);
    }
    tree?.dispose();
    m?.dispose();
  });

  it('shows the inventory of a real Kustomization by kind, with the health of each object', async () => {
    const probe = fluxNode('Kustomizations', PROBE);
    const kinds = () => tree.children(probe).map(label);
    await until(changed, () => kinds().includes('Deployment'), 10_000, 'the inventory');
    assert.deepEqual(kinds(), ['Applied', 'Deployment', 'Namespace', 'Service']);
    assert.match(tree.view(find(tree.children(probe), 'Applied')).description ?? '', new RegExp(`^main@sha1:${sha.slice(0, 7)}$`));
    const deployments = () => tree.children(find(tree.children(probe), 'Deployment'));
    const icon = (name: string) => tree.view(find(deployments(), name)).icon;
    // kwok runs the scheduled pod, so that rollout completes; the other pod is never scheduled.
    await until(changed, () => icon('rolls-out') === 'ready' && icon('never-ready') === 'reconciling', 60_000, 'both healths');
    assert.match(tree.view(find(deployments(), 'rolls-out')).description ?? '', new RegExp(`^${APP_NS} · Rolled out: 1/1 replicas ready`));
    assert.match(tree.view(find(deployments(), 'never-ready')).description ?? '', new RegExp(`^${APP_NS} · (Available|Ready) 0/1 replicas`));
    // Each kind's entries get their health from their own list: the Service's may come a moment later.
    const service = () => tree.view(find(tree.children(find(tree.children(probe), 'Service')), 'rolls-out')).icon;
    await until(changed, () => service() === 'ready', 30_000, 'the Service health');
    assert.match(tree.view(find(tree.children(probe), 'Deployment')).description ?? '', /^2 · 1 progressing/);
    // The Kustomization with an unhealthy object joins "Needs attention" while it is expanded.
    const attention = find(tree.children(context()), 'Needs attention');
    assert.ok(tree.children(attention).some((n) => label(n) === PROBE), tree.children(attention).map(label).join(', '));
    tree.collapsed(probe);
    assert.equal(tree.depth.watchedOwners(), 0, 'collapsing stops the watches');
  });

  it('traces a Deployment to its Kustomization, the GitRepository, its revision and the commit', async () => {
    const trace = await traceObject(s, { pick: { kind: 'Deployment', group: 'apps', version: 'v1', namespace: APP_NS, name: 'rolls-out' }, giteaUrl: FIXTURES });
    assert.equal(trace.steps[0]?.ref.name, PROBE);
    const source = trace.steps[0]?.source;
    assert.equal(source?.ref.kindKey, 'source.toolkit.fluxcd.io/GitRepository');
    assert.equal(source?.ref.name, 'fleet');
    assert.equal(source?.revision, `main@sha1:${sha}`);
    assert.equal(source?.commit, sha);
    const md = traceMarkdown(trace);
    assert.ok(md.includes(`[commit ${sha.slice(0, 7)}](${FIXTURES}/git/fleet/commit/${sha})`), md);
    assert.match(md, new RegExp(`Last applied revision \`main@sha1:${sha}\``));
  });

  it('shows a HelmRelease upgraded once with two history entries, and its objects found by label', async () => {
    await s.transport.request({
      method: 'POST',
      path: base('helmreleases', 'helm.toolkit.fluxcd.io'),
      body: {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: RELEASE, namespace: NS },
        spec: {
          interval: '1h',
          targetNamespace: TESTBED.helmNamespace,
          install: { createNamespace: true },
          values: { greeting: 'first' },
          chart: { spec: { chart: 'testbed-chart', version: '0.1.0', sourceRef: { kind: 'HelmRepository', name: 'testbed-charts' } } },
        },
      },
    });
    const history = () => (s.get(HR, NS, RELEASE)?.status?.['history'] as unknown[] | undefined)?.length ?? 0;
    await until((cb) => s.onEvent(cb), () => history() === 1, 120_000, 'the install');
    await s.mergePatch({ context: s.name, kindKey: HR, namespace: NS, name: RELEASE }, { spec: { values: { greeting: 'second' } } });
    await until((cb) => s.onEvent(cb), () => history() === 2, 120_000, 'the upgrade');
    const hr = fluxNode('HelmReleases', RELEASE);
    const rows = tree.children(find(tree.children(hr), 'History'));
    assert.deepEqual(rows.map(label), ['v2 testbed-chart 0.1.0', 'v1 testbed-chart 0.1.0']);
    assert.match(tree.view(rows[0]).description ?? '', /deployed · .* · values sha256:[0-9a-f]{7}/);
    assert.match(tree.view(rows[1]).description ?? '', /superseded/);
    await until(changed, () => tree.children(hr).some((n) => label(n) === 'ConfigMap'), 20_000, 'the release objects');
    const cm = find(tree.children(find(tree.children(hr), 'ConfigMap')), `${TESTBED.helmNamespace}-${RELEASE}-greeting`);
    assert.equal(tree.view(cm).icon, 'applied');
    assert.ok(tree.children(hr).some((n) => /Helm storage Secret, which is never read/.test(label(n))), 'says what a label search cannot find');
    tree.collapsed(hr);
  });

  it('lists a failing Kustomization under "Needs attention" within a second of its failure', async () => {
    // The probe is idle (interval 1h) and collapsed, so it is not listed; a failure written to its status is
    // the only change, and the clock runs from that write.
    const attention = () => find(tree.children(context()), 'Needs attention');
    const reason = () => tree.view(attention()).tooltip.find((l) => l.startsWith(`${PROBE}:`));
    assert.equal(reason(), undefined, 'a ready Kustomization is not listed');
    assert.ok(tree.children(attention()).some((n) => label(n) === 'apps-broken'), 'the fixture that always fails is listed');
    const started = Date.now();
    await s.transport.request({
      method: 'PATCH',
      path: `${base('kustomizations', 'kustomize.toolkit.fluxcd.io')}/${PROBE}/status`,
      contentType: 'application/merge-patch+json',
      body: { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ProbeFailed', message: 'set by the test', lastTransitionTime: new Date().toISOString() }] } },
    });
    await until(changed, () => reason() !== undefined, 1000, '"Needs attention" to list the failure (1 s budget)');
    const ms = Date.now() - started;
    assert.equal(reason(), `${PROBE}: Failing: ProbeFailed`);
    assert.ok(tree.children(attention()).some((n) => label(n) === PROBE));
    assert.ok(ms < 1000, `listed ${ms} ms after the failure was written`);
  });

  it('follows the Flux events as a timeline, with the failing Kustomization\'s warnings', async () => {
    let wake = () => undefined as void;
    const feed = new ActivityFeed(m, () => wake());
    feed.start();
    try {
      const warnings = () => feed.timeline.list({ warningsOnly: true, kind: 'Kustomization' }).filter((e) => e.name === 'apps-broken');
      await until((cb) => ((wake = cb), { dispose: () => (wake = () => undefined) }), () => warnings().length > 0, 20_000, 'a warning about apps-broken');
      const w = warnings()[0]!;
      assert.equal(w.context, TESTBED.contexts.admin);
      assert.equal(w.source, 'kustomize-controller');
      const fluxKinds = new Set(KINDS.filter((k) => k.group.endsWith('.fluxcd.io')).map((k) => k.kind));
      assert.deepEqual(feed.timeline.list().filter((e) => !fluxKinds.has(e.kind)), [], 'only events about Flux objects');
    } finally {
      feed.stop();
    }
  });
});

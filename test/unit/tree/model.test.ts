// The tree model over the cluster layer (fake API server), without VS Code: structure, stable node
// identity, single-node updates, namespace grouping (skipped while a group has one namespace, unless the
// setting asks for it), menu tokens, the failing count and the disabled state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClusterManager } from '../../../client/src/cluster/manager';
import { TreeModel, type TreeNode } from '../../../client/src/tree/model';
import { FakeApi, kustomization, until } from '../cluster/fakeApi';

const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';

describe('tree model', () => {
  const api = new FakeApi();
  let m: ClusterManager;
  let tree: TreeModel;
  const batches: (readonly TreeNode[] | undefined)[] = [];

  before(async () => {
    await api.start();
    api.put(kustomization('apps', 'flux-system', 'True'));
    api.put(kustomization('broken', 'flux-system', 'False'));
    api.put({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: 'flux-system' },
      spec: { url: 'http://x' },
      status: { artifact: { revision: 'main@sha1:89abcdef0123456789abcdef0123456789abcdef' }, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded' }] },
    });
    m = new ClusterManager({ kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 }, undefined, {}, { backoffInitialMs: 20 });
    tree = new TreeModel(m, { flushMs: 5 });
    tree.onDidChange((nodes) => batches.push(nodes));
    m.load();
    const s = m.session('fake')!;
    // Every watch (two kinds and the controller pods) is open, so no start-up event lands in a later test.
    await until((cb) => s.onEvent(cb), () => s.kinds.size === 4 && [...s.kinds.values()].every((k) => k.phase === 'watching'), 5000, 'watches');
    tree.flush();
  });

  after(async () => {
    tree.dispose();
    m.dispose();
    await api.stop();
  });

  const child = (node: TreeNode | undefined, label: string) => {
    const found = tree.children(node).find((n) => tree.view(n).label === label);
    assert.ok(found, `child ${label} of ${node ? tree.view(node).label : 'root'}: ${tree.children(node).map((n) => tree.view(n).label).join(', ')}`);
    return found;
  };

  it('shows context -> groups -> objects with status, description and tooltip', () => {
    const ctx = child(undefined, 'fake');
    assert.deepEqual(tree.children(ctx).map((n) => tree.view(n).label), ['Needs attention', 'Sources', 'Kustomizations', 'External Secrets', 'Flux controllers']);
    const ks = child(ctx, 'Kustomizations');
    assert.equal(tree.view(ks).description, '2');
    assert.deepEqual(tree.children(ks).map((n) => tree.view(n).label), ['apps', 'broken'], 'one namespace: no namespace level');
    const apps = tree.view(child(ks, 'apps'));
    assert.equal(apps.icon, 'ready');
    assert.equal(apps.description, 'main@sha1:0123456');
    assert.match(apps.contextValue, /\breconcilable\b/);
    assert.match(apps.contextValue, /\bhassource\b/);
    assert.match(apps.contextValue, /\bactive\b/);
    assert.ok(apps.tooltip.some((l) => l.startsWith('Ready=True')));
    const broken = tree.view(child(ks, 'broken'));
    assert.equal(broken.icon, 'failed');
    assert.equal(broken.description, 'BuildFailed');
    const fleet = tree.view(child(child(ctx, 'Sources'), 'fleet'));
    assert.equal(fleet.description, 'GitRepository · main@sha1:89abcde');
  });

  it('returns the same node object for the same id (expansion survives)', () => {
    const a = child(child(child(undefined, 'fake'), 'Kustomizations'), 'apps');
    const b = child(child(child(undefined, 'fake'), 'Kustomizations'), 'apps');
    assert.equal(a, b);
    assert.equal(tree.parent(a), child(child(undefined, 'fake'), 'Kustomizations'), 'the parent is the group while it has one namespace');
  });

  it('counts failing Flux objects and follows changes', async () => {
    assert.equal(tree.failingCount(), 1);
    const fixed = until((cb) => tree.onDidChangeFailing(cb), () => tree.failingCount() === 0, 2000, 'failing count 0');
    api.put(kustomization('broken', 'flux-system', 'True'));
    await fixed;
  });

  it('reports only the changed node for a status change', async () => {
    const node = child(child(child(undefined, 'fake'), 'Kustomizations'), 'apps');
    tree.flush();
    batches.length = 0;
    const seen = until((cb) => tree.onDidChange(cb), () => batches.some((b) => b?.includes(node)), 2000, 'the node change');
    api.put(kustomization('apps', 'flux-system', 'False'));
    await seen;
    const batch = batches.find((b) => b?.includes(node))!;
    assert.deepEqual(batch.filter((n) => n.type !== 'attention'), [node], 'nothing but the object node is refreshed');
    assert.ok(batch.some((n) => n.type === 'attention'), '"Needs attention" too, which the failing object joins');
    assert.equal(tree.view(node).icon, 'failed');
  });

  it('does not refresh a node for an invisible change', async () => {
    const node = child(child(child(undefined, 'fake'), 'Kustomizations'), 'apps');
    const before = api.objects.get('kustomizations|flux-system|apps')!;
    tree.flush();
    batches.length = 0;
    // Same visible status, new resourceVersion; then a visible change to prove events still flow.
    api.put({ ...before, metadata: { ...before.metadata, labels: { x: 'y' } } });
    const sources = child(child(undefined, 'fake'), 'Sources');
    const fleetDone = until((cb) => tree.onDidChange(cb), () => batches.length > 0, 2000, 'a later change');
    api.put({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'other', namespace: 'flux-system' }, spec: {} });
    await fleetDone;
    assert.ok(!batches.some((b) => b?.includes(node)), 'the unchanged node was not refreshed');
    assert.ok(batches.some((b) => b?.includes(sources)), 'an added object refreshes its group');
  });

  it('shows the namespace level when asked to, with the same object nodes', async () => {
    const ksNode = child(child(undefined, 'fake'), 'Kustomizations');
    const apps = child(ksNode, 'apps');
    tree.flush();
    batches.length = 0;
    tree.setAlwaysShowNamespaces(true);
    tree.flush();
    assert.deepEqual(batches, [undefined], 'the whole tree is reported: every group changes shape');
    assert.deepEqual(tree.children(ksNode).map((n) => tree.view(n).label), ['flux-system']);
    const ns = child(ksNode, 'flux-system');
    assert.equal(child(ns, 'apps'), apps, 'the object node keeps its identity under the namespace');
    assert.equal(tree.parent(apps), ns);
    tree.setAlwaysShowNamespaces(false);
    assert.equal(tree.parent(apps), ksNode);
    assert.equal(child(ksNode, 'apps'), apps);
  });

  it('adds the namespace level when an object of a second namespace appears', async () => {
    const ksNode = child(child(undefined, 'fake'), 'Kustomizations');
    const apps = child(ksNode, 'apps');
    const s = m.session('fake')!;
    tree.flush();
    batches.length = 0;
    const added = until((cb) => s.onEvent(cb), () => s.get(KS, 'team-a', 'web') !== undefined, 2000, 'the new object');
    api.put(kustomization('web', 'team-a', 'True'));
    await added;
    tree.flush();
    assert.ok(batches.some((b) => b === undefined || b.includes(ksNode)), 'the group is refreshed, so the view asks for its new children');
    assert.deepEqual(tree.children(ksNode).map((n) => tree.view(n).label), ['flux-system', 'team-a']);
    const web = child(child(ksNode, 'team-a'), 'web');
    assert.equal(tree.parent(web), child(ksNode, 'team-a'));
    assert.equal(child(child(ksNode, 'flux-system'), 'apps'), apps, 'a node that moves under its namespace keeps its identity');
    assert.equal(tree.parent(apps), child(ksNode, 'flux-system'));
  });

  it('shows suspension with who and why', async () => {
    const s = m.session('fake')!;
    const obj = kustomization('paused', 'flux-system', 'True');
    obj.spec = { ...obj.spec, suspend: true };
    obj.metadata.annotations = { 'fluxgitops.io/suspended-by': 'alice', 'fluxgitops.io/suspend-reason': 'incident 42' };
    const added = until((cb) => s.onEvent(cb), () => s.get(KS, 'flux-system', 'paused') !== undefined, 2000, 'the object');
    api.put(obj);
    await added;
    const view = tree.view(child(child(child(child(undefined, 'fake'), 'Kustomizations'), 'flux-system'), 'paused'));
    assert.equal(view.icon, 'suspended');
    assert.equal(view.description, 'suspended: incident 42');
    assert.match(view.contextValue, /\bsuspended\b/);
    assert.doesNotMatch(view.contextValue, /\bactive\b/);
    assert.ok(view.tooltip.some((l) => l === 'Suspended by alice: incident 42'));
  });

  it('keeps a context open from the moment the view expands it, before it asks for the children', () => {
    const ctx = child(undefined, 'fake');
    tree.collapsed(ctx);
    assert.equal(tree.view(ctx).collapsible, 'collapsed');
    tree.expanded(ctx);
    assert.equal(tree.view(ctx).collapsible, 'expanded', 'a redraw of the row right after the expand keeps it open');
    tree.expanded(child(ctx, 'Kustomizations'));
    assert.equal(tree.view(ctx).collapsible, 'expanded');
  });

  it('shows a single message when disabled', () => {
    tree.setDisabled('Trust the workspace to see clusters.');
    assert.deepEqual(tree.roots().map((n) => tree.view(n).label), ['Trust the workspace to see clusters.']);
    tree.setDisabled(undefined);
    assert.equal(tree.view(tree.roots()[0]!).label, 'fake');
  });
});

describe('tree model without Flux', () => {
  it('says Flux is not installed under the context', async () => {
    const api = new FakeApi();
    api.noFlux = true;
    await api.start();
    const m = new ClusterManager({ kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 });
    const tree = new TreeModel(m);
    m.load();
    const s = m.session('fake')!;
    try {
      await until((cb) => s.onEvent(cb), () => s.phase === 'ready', 5000, 'discovery');
      const labels = tree.children(tree.contextNode('fake')).map((n) => tree.view(n).label);
      assert.deepEqual(labels, ['Flux is not installed (the cluster serves no toolkit.fluxcd.io API).']);
    } finally {
      tree.dispose();
      m.dispose();
      await api.stop();
    }
  });
});

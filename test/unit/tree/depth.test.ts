// Inside a Flux object in the tree model, over the fake API server: a 5,000-entry inventory expands to its
// kinds and a first page at once, "Show more" adds a page, a Secret entry is never fetched, a kind the user
// may not list says so per entry, live objects carry their health, collapsing stops the watches, and a
// failing Kustomization appears under "Needs attention".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClusterManager } from '../../../client/src/cluster/manager';
import { TreeModel, type TreeNode } from '../../../client/src/tree/model';
import { FAKE_RESOURCES, FakeApi, kustomization, until } from '../cluster/fakeApi';

// Two kinds of an example API group, served by the fake: widgets readable, gadgets forbidden.
FAKE_RESOURCES.push(
  { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true },
  { group: 'example.com', version: 'v1', plural: 'gadgets', kind: 'Gadget', namespaced: true },
);

const N = 5000;
const inventory = [
  ...Array.from({ length: N }, (_, i) => ({ id: `apps_w-${String(i).padStart(4, '0')}_example.com_Widget`, v: 'v1' })),
  { id: 'apps_db-password__Secret', v: 'v1' },
  { id: 'apps_g-1_example.com_Gadget', v: 'v1' },
  { id: 'flux-system_child_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
];

const widget = (name: string, ready: 'True' | 'False') => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace: 'apps', labels: { 'kustomize.toolkit.fluxcd.io/name': 'big', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
  status: { conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'Ok' : 'Broken', message: ready === 'True' ? 'fine' : 'it broke' }] },
});

describe('inside a Flux object (tree model)', () => {
  const api = new FakeApi();
  let m: ClusterManager;
  let tree: TreeModel;
  const label = (n: TreeNode) => tree.view(n).label;
  const child = (n: TreeNode | undefined, l: string) => {
    const found = tree.children(n).find((c) => label(c) === l);
    assert.ok(found, `${l} under ${n ? label(n) : 'root'}: ${tree.children(n).map(label).join(', ')}`);
    return found;
  };

  before(async () => {
    await api.start();
    api.put(kustomization('big', 'flux-system', 'True', { status: { inventory: { entries: inventory }, lastAppliedRevision: 'main@sha1:1234567890123456789012345678901234567890' } }));
    api.put(kustomization('child', 'flux-system', 'True'));
    api.put(widget('w-0000', 'True'));
    api.put(widget('w-0001', 'False'));
    api.forbidden.add('gadgets');
    m = new ClusterManager({ kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 }, undefined, {}, { backoffInitialMs: 20 });
    tree = new TreeModel(m, { flushMs: 5 });
    m.load();
    const s = m.session('fake')!;
    await until((cb) => s.onEvent(cb), () => [...s.kinds.values()].length > 0 && [...s.kinds.values()].every((k) => k.phase === 'watching'), 5000, 'watches');
  });

  after(async () => {
    tree.dispose();
    m.dispose();
    await api.stop();
  });

  const bigNode = () => child(child(child(undefined, 'fake'), 'Kustomizations'), 'big');

  it('expands a 5,000-entry inventory to its kinds and a first page of 200 at once', () => {
    const big = bigNode();
    assert.equal(tree.view(big).collapsible, 'collapsed');
    const started = performance.now();
    const kinds = tree.children(big);
    const widgets = kinds.find((n) => label(n) === 'Widget')!;
    const page = tree.children(widgets);
    const views = page.map((n) => tree.view(n));
    const ms = performance.now() - started;
    assert.deepEqual(kinds.map(label), ['Applied', 'Gadget', 'Kustomization', 'Secret', 'Widget']);
    assert.equal(page.length, 201, 'a page of 200 and "Show more"');
    assert.equal(views[200].label, 'Show 200 more');
    assert.equal(views[200].description, '4800 not shown');
    assert.ok(ms < 1000, `first paint took ${ms.toFixed(0)} ms`);
  });

  it('shows the next page on "Show more"', () => {
    const widgets = child(bigNode(), 'Widget');
    const more = tree.children(widgets).at(-1)!;
    tree.depth.showMore(more);
    assert.equal(tree.children(widgets).length, 401);
  });

  it('shows each entry\'s health once listed, and a kind the user may not list per entry', async () => {
    const big = bigNode();
    const widgets = child(big, 'Widget');
    await until((cb) => tree.onDidChange(cb), () => tree.view(tree.children(widgets)[1]).icon !== 'loading' && tree.view(child(child(big, 'Gadget'), 'g-1')).icon !== 'loading', 5000, 'the lists');
    const [w0, w1, w2] = tree.children(widgets).map((n) => tree.view(n));
    assert.deepEqual([w0.icon, w0.description], ['ready', 'apps · fine']);
    assert.deepEqual([w1.icon, w1.description], ['failed', 'apps · Broken: it broke']);
    assert.equal(w2.icon, 'warning');
    assert.match(w2.description ?? '', /not found with the Kustomization's labels/);
    const g = tree.view(child(child(big, 'Gadget'), 'g-1'));
    assert.equal(g.icon, 'forbidden');
    assert.match(g.description ?? '', /not readable: Permission missing in context fake: the user may not list gadgets.example.com in namespace apps/);
    assert.match(tree.view(widgets).description ?? '', /^5000 · 1 failed/);
  });

  it('shows a Secret entry from its id only, and never asks for Secrets', () => {
    const s = tree.view(child(child(bigNode(), 'Secret'), 'db-password'));
    assert.equal(s.icon, 'secret');
    assert.match(s.description ?? '', /never read/);
    assert.ok(!api.requests.some((r) => /\/secrets(\/| |$)/.test(r)), api.requests.filter((r) => /\/secrets/.test(r)).join(', '));
  });

  it('shows a nested Kustomization as an object node that expands the same way', () => {
    const nested = child(child(bigNode(), 'Kustomization'), 'child');
    assert.equal(nested.type, 'object');
    assert.equal(tree.parent(nested)?.id, child(bigNode(), 'Kustomization').id);
    assert.equal(tree.view(nested).collapsible, 'collapsed');
  });

  it('lists the Kustomization with unhealthy objects and a failing one under "Needs attention"', async () => {
    const ctx = child(undefined, 'fake');
    const att = () => child(ctx, 'Needs attention');
    assert.deepEqual(tree.children(att()).map(label), ['big']);
    assert.match(tree.view(att()).tooltip.join('\n'), /big: 1 of 3 applied objects not healthy/);
    const nested = child(child(bigNode(), 'Kustomization'), 'child');
    let nestedRefreshed = false;
    const sub = tree.onDidChange((nodes) => (nestedRefreshed ||= nodes?.includes(nested) ?? true));
    api.put(kustomization('child', 'flux-system', 'False'));
    await until((cb) => tree.onDidChange(cb), () => tree.children(att()).length === 2 && nestedRefreshed, 2000, 'the failing one');
    sub.dispose();
    assert.equal(tree.view(nested).icon, 'failed', 'its place in the inventory shows the failure too');
    assert.deepEqual(tree.children(att()).map(label), ['child', 'big']);
    assert.equal(tree.view(att()).description, '2');
  });

  it('stops the watches when the Flux object is collapsed', async () => {
    assert.ok(tree.depth.watchedOwners() >= 1);
    const opened = api.openWatches();
    tree.collapsed(bigNode());
    assert.equal(tree.depth.watchedOwners(), 0);
    await until((cb) => { const t = setInterval(cb, 10); return { dispose: () => clearInterval(t) }; }, () => api.openWatches() < opened, 2000, 'the watches to close');
  });
});

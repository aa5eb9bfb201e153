// Inventory ids as cli-utils writes them, grouped by kind and paged; the collections to watch (never
// Secrets); where a HelmRelease's objects are looked for, and what that cannot find.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectionsOf,
  entriesOf,
  groupByKind,
  helmCollections,
  helmLimitsText,
  helmReleaseSelector,
  helmReleaseTarget,
  inventoryEntries,
  kustomizationSelector,
  page,
  parseInventoryId,
} from '../../../client/src/cluster/inventory';
import type { KObject } from '../../../client/src/cluster/types';

const ks = (entries: { id: string; v: string }[]): KObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system' },
  status: { inventory: { entries } },
});

describe('inventory', () => {
  it('parses namespaced, cluster-scoped and colon-named ids', () => {
    assert.deepEqual(parseInventoryId('apps_podinfo_apps_Deployment', 'v1'), { id: 'apps_podinfo_apps_Deployment', namespace: 'apps', name: 'podinfo', group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.deepEqual(parseInventoryId('_testbed-apps__Namespace', 'v1'), { id: '_testbed-apps__Namespace', namespace: undefined, name: 'testbed-apps', group: '', version: 'v1', kind: 'Namespace' });
    assert.equal(parseInventoryId('_system__controller__flux_rbac.authorization.k8s.io_ClusterRole')?.name, 'system:controller:flux');
    assert.equal(parseInventoryId('apps_cfg__ConfigMap')?.group, '');
    for (const bad of ['', 'noseparator', 'a_b', '__', 'ns__grp_']) assert.equal(parseInventoryId(bad), undefined, bad);
  });

  it('reads status.inventory, skipping ids that do not parse', () => {
    const entries = inventoryEntries(ks([{ id: 'apps_cfg__ConfigMap', v: 'v1' }, { id: 'broken', v: 'v1' }]));
    assert.deepEqual(entries.map((e) => e.name), ['cfg']);
    assert.deepEqual(inventoryEntries({ metadata: { name: 'x' } }), []);
  });

  it('groups by kind, sorted by kind then namespace and name', () => {
    const groups = groupByKind(
      inventoryEntries(ks([
        { id: 'b_z__ConfigMap', v: 'v1' },
        { id: 'a_web_apps_Deployment', v: 'v1' },
        { id: 'a_y__ConfigMap', v: 'v1' },
        { id: 'b_a__ConfigMap', v: 'v1' },
      ])),
    );
    assert.deepEqual(groups.map((g) => [g.key, g.entries.map((e) => `${e.namespace}/${e.name}`)]), [
      ['/ConfigMap', ['a/y', 'b/a', 'b/z']],
      ['apps/Deployment', ['a/web']],
    ]);
  });

  it('pages a long list', () => {
    const items = Array.from({ length: 450 }, (_, i) => i);
    assert.deepEqual([page(items, 200).items.length, page(items, 200).rest], [200, 250]);
    assert.deepEqual(page(items, 600), { items, rest: 0 });
  });

  it('lists each (kind, namespace) collection once, and never Secrets', () => {
    const entries = inventoryEntries(ks([
      { id: 'a_one__ConfigMap', v: 'v1' },
      { id: 'a_two__ConfigMap', v: 'v1' },
      { id: 'b_three__ConfigMap', v: 'v1' },
      { id: 'a_token__Secret', v: 'v1' },
      { id: '_a__Namespace', v: 'v1' },
    ]));
    assert.deepEqual(collectionsOf(entries), [
      { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'a' },
      { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'b' },
      { group: '', version: 'v1', kind: 'Namespace', namespace: undefined },
    ]);
  });

  it('selects what a Kustomization or a HelmRelease applied by the controllers\' labels', () => {
    assert.equal(kustomizationSelector(ks([])), 'kustomize.toolkit.fluxcd.io/name=apps,kustomize.toolkit.fluxcd.io/namespace=flux-system');
    const hr: KObject = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'hello', namespace: 'flux-system' }, spec: { targetNamespace: 'testbed-helm' } };
    assert.equal(helmReleaseSelector(hr), 'helm.toolkit.fluxcd.io/name=hello,helm.toolkit.fluxcd.io/namespace=flux-system');
    assert.deepEqual(helmReleaseTarget(hr), { namespace: 'testbed-helm', releaseName: 'testbed-helm-hello' });
    assert.deepEqual(helmReleaseTarget({ ...hr, spec: {} }), { namespace: 'flux-system', releaseName: 'hello' });
    assert.deepEqual(helmReleaseTarget({ ...hr, spec: { targetNamespace: 'x', releaseName: 'mine' } }), { namespace: 'x', releaseName: 'mine' });
    const cols = helmCollections(hr);
    assert.ok(cols.some((c) => c.kind === 'Deployment' && c.namespace === 'testbed-helm'));
    assert.ok(cols.some((c) => c.kind === 'ClusterRole' && c.namespace === undefined));
    assert.ok(!cols.some((c) => c.kind === 'Secret'), 'a label search never lists Secrets');
    assert.match(helmLimitsText(hr), /release testbed-helm\/testbed-helm-hello.*Helm storage Secret, which is never read/);
  });

  it('turns found objects into entries with the same ids an inventory would hold', () => {
    const [e] = entriesOf([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a:b' } }]);
    assert.deepEqual(e, { id: '_a__b_rbac.authorization.k8s.io_ClusterRole', namespace: undefined, name: 'a:b', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' });
    assert.deepEqual(parseInventoryId(e.id, 'v1'), e);
  });
});

// "Diff Rendered Output against Live Cluster" without a cluster: the render's objects paired with inventory ids,
// the live object seen through the fields Flux applied (managedFields), both sides cleaned as Compare cleans them,
// Secrets as placeholders, and the fetch: one labelled list per collection, paged, capped, never a Secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appliedFieldSet, asApplied } from '../../../client/src/cluster/appliedFields';
import { ApiError } from '../../../client/src/cluster/errors';
import type { ApiRequest, Transport } from '../../../client/src/cluster/http';
import { parseInventoryId } from '../../../client/src/cluster/inventory';
import { fetchLive, renderedAgainstLive } from '../../../client/src/cluster/liveInventory';
import { diffDocuments, pairObjects, renderedObjects, type LiveState } from '../../../client/src/cluster/renderedLive';
import type { KObject } from '../../../client/src/cluster/types';

const entry = (id: string, v = 'v1') => parseInventoryId(id, v)!;

const RENDERED = `# Kustomization apps: ./apps
# Rendered by kustomize (3 objects), read-only; it follows your edits.
---
# Source: apps/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: main
          image: web:1.1
---
# Source: apps/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
data:
  token: <redacted>
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
`;

/** A Deployment as the API server keeps it after kustomize-controller applied image web:1.0 and no `paused`. */
function liveDeployment(image = 'web:1.0'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7', generation: 2, creationTimestamp: '2026-12-01T00:00:00Z',
      labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
      annotations: { 'deployment.kubernetes.io/revision': '2' },
      managedFields: [
        {
          manager: 'kustomize-controller', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:kustomize.toolkit.fluxcd.io/name': {}, 'f:kustomize.toolkit.fluxcd.io/namespace': {} } },
            'f:spec': {
              'f:replicas': {}, 'f:selector': {}, 'f:paused': {},
              'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
            },
          },
        },
        { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': {} } },
      ],
    },
    spec: {
      replicas: 2,
      paused: true,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', resources: {} }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
        },
      },
    },
    status: { replicas: 2 },
  } as unknown as KObject;
}

test('the rendered output\'s text gives its objects with group, kind, namespace and name', () => {
  const objects = renderedObjects(RENDERED);
  assert.deepEqual(objects.map((o) => `${o.group}/${o.kind}|${o.namespace ?? ''}|${o.name}`), ['apps/Deployment|shop|web', '/Secret|shop|creds', '/ConfigMap||settings']);
  assert.deepEqual(renderedObjects('# Rendered by kustomize (failed)\n# Error: boom\n'), []);
});

test('inventory ids pair with rendered objects; a rendered object without a namespace takes its one namesake\'s', () => {
  const entries = [entry('shop_web_apps_Deployment'), entry('shop_settings__ConfigMap'), entry('shop_old__ConfigMap'), entry('shop_creds__Secret')];
  const pairs = pairObjects(entries, renderedObjects(RENDERED));
  assert.deepEqual(pairs.map((p) => `${p.key} ${p.entry ? 'I' : '-'}${p.rendered ? 'R' : '-'}`), [
    '/ConfigMap|shop|old I-',
    '/ConfigMap|shop|settings IR',
    'apps/Deployment|shop|web IR',
    '/Secret|shop|creds IR',
  ]);
});

test('the live object keeps what the render sets and what Flux applied before; defaults and others\' fields go', () => {
  const rendered = renderedObjects(RENDERED)[0]!.object;
  const seen = asApplied(liveDeployment(), rendered) as unknown as { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } }; metadata: Record<string, unknown> };
  assert.deepEqual(Object.keys(seen.spec).sort(), ['paused', 'replicas', 'selector', 'template'], 'paused was applied by Flux and is no longer rendered: the next apply removes it');
  assert.deepEqual(seen.spec.template.spec.containers, [{ name: 'main', image: 'web:1.0' }]);
  assert.deepEqual(Object.keys(seen.spec.template.spec), ['containers']);
  assert.equal(seen.metadata['annotations'], undefined, 'an annotation the controller manager wrote');
  assert.ok(appliedFieldSet(liveDeployment()), 'the field set of kustomize-controller\'s apply');
});

test('a Namespace\'s applied empty spec does not bring the API server\'s finalizers along', () => {
  const live = {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', 'kustomize.toolkit.fluxcd.io/name': 'apps' }, managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:kustomize.toolkit.fluxcd.io/name': {} } }, 'f:spec': {} } }] },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  } as unknown as KObject;
  const docs = diffDocuments(pairObjects([entry('_shop__Namespace')], renderedObjects('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n')), () => live, { title: 'Kustomization flux-system/apps', context: 'prod' });
  assert.equal(docs.changed, 0, docs.live);
  assert.equal(docs.live, docs.rendered);
});

test('the documents differ only where the objects do: a change, an object only live, a Secret as a placeholder', () => {
  const entries = [entry('shop_web_apps_Deployment'), entry('shop_settings__ConfigMap'), entry('shop_old__ConfigMap'), entry('shop_creds__Secret')];
  const asked: string[] = [];
  const live = (e: ReturnType<typeof entry>): LiveState => {
    asked.push(e.id);
    if (e.kind === 'Secret') return 'secret';
    if (e.name === 'web') return liveDeployment('web:1.0');
    if (e.name === 'old') return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old', namespace: 'shop', managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:data': { 'f:x': {} } } }] }, data: { x: '1' } } as unknown as KObject;
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop', uid: 'u' }, data: { a: 'b' } } as unknown as KObject;
  };
  const docs = diffDocuments(pairObjects(entries, renderedObjects(RENDERED)), live, { title: 'Kustomization flux-system/apps', context: 'prod', notes: ['Cut: nothing'] });
  const left = docs.live.split('\n');
  const right = docs.rendered.split('\n');
  assert.deepEqual(left.slice(0, 3), right.slice(0, 3), 'the same header on both sides');
  assert.match(left[0]!, /^# Kustomization flux-system\/apps: live in prod \(left\)/);
  assert.equal(left[2], '# Cut: nothing');
  // Lines of the live side the rendered side has nowhere: the object only live, the old image, the dropped field.
  assert.deepEqual(left.filter((l) => !right.includes(l)), ['# ConfigMap shop/old', '  name: old', '  x: "1"', '          image: web:1.0', '  paused: true']);
  assert.ok(right.includes('          image: web:1.1'));
  assert.ok(!docs.live.includes('token') && !docs.rendered.includes('<redacted>'), 'a Secret is a placeholder on both sides');
  assert.equal(docs.live.match(/Secret shop\/creds\n# \(a Secret: never read/g)?.length, 1);
  assert.equal(docs.changed, 2);
  assert.equal(docs.onlyLive, 1);
  assert.ok(!docs.live.includes('imagePullPolicy') && !docs.live.includes('uid:'), 'defaults and bookkeeping are left out');
});

/** A transport over in-memory collections: list with labelSelector, limit and continue; everything else fails. */
function memoryTransport(collections: Record<string, KObject[]>, forbidden: string[] = []): Transport & { asked: string[] } {
  const asked: string[] = [];
  const discovery: Record<string, { resources: { name: string; kind: string; namespaced: boolean }[] }> = {
    '/api/v1': { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }, { name: 'secrets', kind: 'Secret', namespaced: true }, { name: 'namespaces', kind: 'Namespace', namespaced: false }] },
    '/apis/apps/v1': { resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true }] },
  };
  return {
    context: 'mem',
    server: 'mem://',
    asked,
    async request<T>(req: ApiRequest): Promise<T> {
      asked.push(`${req.path}${req.query?.continue ? `?continue=${req.query.continue}` : ''}`);
      if (discovery[req.path]) return discovery[req.path] as T;
      if (forbidden.includes(req.path)) throw new ApiError('deployments is forbidden: cannot list', 'forbidden', 403, 'mem');
      const all = (collections[req.path] ?? []).filter((o) => o.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'] === 'apps');
      const from = Number(req.query?.continue ?? 0);
      const limit = Number(req.query?.limit ?? all.length);
      const next = from + limit < all.length ? String(from + limit) : undefined;
      return { items: all.slice(from, from + limit), metadata: { continue: next } } as T;
    },
    async stream() {
      throw new Error('no streams');
    },
  };
}

const labelled = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }, data: { n: name } });

test('the fetch lists each collection with the Kustomization\'s labels, pages, and never asks for a Secret', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
  const t = memoryTransport({ '/api/v1/namespaces/shop/configmaps': names.map(labelled) }, ['/apis/apps/v1/namespaces/shop/deployments']);
  const entries = [...names.map((n) => entry(`shop_${n}__ConfigMap`)), entry('shop_creds__Secret'), entry('shop_web_apps_Deployment')];
  const live = await fetchLive(t, entries, 'kustomize.toolkit.fluxcd.io/name=apps,kustomize.toolkit.fluxcd.io/namespace=flux-system', { pageSize: 5 });
  assert.equal(live.found.size, 12);
  assert.equal(live.requests, 3, 'three pages of five');
  assert.deepEqual([...live.errors.values()], ['deployments is forbidden: cannot list']);
  assert.ok(!t.asked.some((p) => p.includes('secrets')), t.asked.join(', '));
});

test('5,000 inventory entries: capped, the objects past the cap neither fetched nor shown, and the documents say so', async () => {
  const names = Array.from({ length: 5000 }, (_, i) => `cm-${String(i).padStart(5, '0')}`);
  const t = memoryTransport({ '/api/v1/namespaces/shop/configmaps': names.map(labelled) });
  const ks = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, status: { inventory: { entries: names.map((n) => ({ id: `shop_${n}__ConfigMap`, v: 'v1' })) } } } as unknown as KObject;
  const rendered = names.slice(0, 10).map((n) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n  namespace: shop\ndata:\n  n: ${n}\n`).join('');
  const started = performance.now();
  const result = await renderedAgainstLive(t, ks, rendered, { cap: 2000 });
  const ms = performance.now() - started;
  assert.equal(result.cut, 3000);
  assert.match(result.live, /# Cut: only the first 2000 of 5000 objects/);
  assert.equal(result.requests, 4, 'pages of 500 until the 2,000 kept names were seen');
  assert.equal(result.changed, 1990, 'the ten rendered ones are equal; the rest exist only in the cluster');
  assert.ok(!result.live.includes('cm-02000'), 'nothing past the cap');
  assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
});

// Every kind of the pinned Kubernetes OpenAPI is checked (the common ones always loaded, the rest on first use),
// and the items of a `kind: List` each against its own kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCatalog } from '../../../server/src/core/schema/profiles';
import { loadCatalog } from '../../../server/src/node/schemas';
import { openDoc, yaml } from '../helpers';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const codes = async (text: string) => {
  const { service, uri } = await openDoc(text);
  return service.diagnostics(uri).map((d) => `${d.code}@${d.range.start.line}`);
};

test('a ReplicationController with replicas: asd" is a type error', async () => {
  const rc = yaml`
    apiVersion: v1
    kind: ReplicationController
    metadata:
      name: web
    spec:
      replicas: asd"
      selector:
        app: web
  `;
  assert.deepEqual(await codes(rc), ['wrong-type@5']);
  assert.deepEqual(await codes(rc.replace('asd"', '3')), []);
});

test('kinds beyond the common ones: a Lease and an EndpointSlice', async () => {
  assert.deepEqual(await codes('apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: x\nspec:\n  leaseDurationSeconds: forever\n'), ['wrong-type@5']);
  assert.deepEqual(await codes('apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: x\naddressType: IPv4\nendpoints: []\nportz: []\n'), ['unknown-field@6']);
});

test('the items of a List are each checked against their own kind', async () => {
  const list = yaml`
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          key: value
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: b
        spec:
          replicas: many
          selector: {}
          template: {}
      - apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: c
        spec:
          interval: 1m
          url: https://example.com/x.git
          reff: {}
  `;
  assert.deepEqual(await codes(list), ['wrong-type@14', 'unknown-field@24']);
});

test('the other Kubernetes kinds are read only when a document names one', () => {
  const dir = path.resolve(__dirname, '../../../generated/schemas');
  const base = JSON.parse(readFileSync(path.join(dir, 'flux-2.9.json'), 'utf8'));
  let reads = 0;
  const catalog = createCatalog(base, undefined, () => { throw new Error('no variants here'); }, () => {
    reads++;
    return JSON.parse(readFileSync(path.join(dir, 'flux-2.9.extra.json'), 'utf8'));
  });
  const registry = catalog.registry('flux-2.9');
  assert.ok(registry.lookup('apps/v1', 'Deployment'));
  assert.equal(registry.lookup('example.com/v1', 'Widget'), undefined);
  assert.equal(reads, 0, 'common kinds and unknown ones read nothing');
  assert.ok(registry.lookup('v1', 'ReplicationController'));
  assert.ok(registry.lookup('storage.k8s.io/v1', 'CSIDriver'));
  assert.equal(reads, 1);
  assert.ok(base.extraKinds.length >= 60, `${base.extraKinds.length} extra kinds`);
  assert.ok(loadCatalog().registry('flux-2.9+eso-1.3').lookup('v1', 'PodTemplate'), 'variants share them');
});

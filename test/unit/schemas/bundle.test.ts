// Checks the real bundle that `npm run schemas` writes (the unit tier runs it first). A missing bundle fails
// with the command to run; it never skips.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { OBJECT_META, checkBundle } from '../../../tools/schemas/convert.mjs';
import type { KindSchema, SchemaBundle, SchemaNode } from '../../../tools/schemas/format';

const FILE = path.resolve(__dirname, '../../../generated/schemas/flux-2.9.json');

function loadBundle(): SchemaBundle {
  assert.ok(existsSync(FILE), `${FILE} is missing; run: npm run schemas`);
  return JSON.parse(readFileSync(FILE, 'utf8')) as SchemaBundle;
}

function kind(bundle: SchemaBundle, apiVersion: string, name: string): KindSchema {
  const found = bundle.kinds.find((k) => k.apiVersion === apiVersion && k.kind === name);
  assert.ok(found, `${apiVersion} ${name} is not in the bundle`);
  return found;
}

function prop(node: SchemaNode | undefined, ...names: string[]): SchemaNode {
  let cur = node;
  for (const n of names) cur = cur?.properties?.[n];
  assert.ok(cur, `no property ${names.join('.')}`);
  return cur;
}

function deref(bundle: SchemaBundle, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const def = bundle.definitions[node.$ref];
  assert.ok(def, `dangling $ref ${node.$ref}`);
  return def;
}

describe('generated flux-2.9 bundle', () => {
  const bundle = loadBundle();

  test('is consistent and names its pinned inputs', () => {
    assert.equal(bundle.profile, 'flux-2.9');
    assert.deepEqual(checkBundle(bundle), []);
    assert.equal(bundle.generatedFrom['github.com/fluxcd/source-controller'], 'v1.9.5');
    assert.equal(bundle.generatedFrom['k8s.io/kubernetes'], 'v1.36.3');
    assert.equal(bundle.generatedFrom['sigs.k8s.io/controller-tools'], 'v0.21.0');
    assert.ok(bundle.definitions[OBJECT_META]?.properties?.name, 'ObjectMeta has name');
  });

  test('has every Flux, ESO and core kind group the profile promises', () => {
    const ids = new Set(bundle.kinds.map((k) => `${k.apiVersion}/${k.kind}`));
    for (const id of [
      'source.toolkit.fluxcd.io/v1/GitRepository', 'source.toolkit.fluxcd.io/v1/OCIRepository',
      'source.toolkit.fluxcd.io/v1/HelmRepository', 'source.toolkit.fluxcd.io/v1/HelmChart',
      'source.toolkit.fluxcd.io/v1/Bucket', 'source.toolkit.fluxcd.io/v1/ExternalArtifact',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization', 'helm.toolkit.fluxcd.io/v2/HelmRelease',
      'notification.toolkit.fluxcd.io/v1beta3/Alert', 'notification.toolkit.fluxcd.io/v1beta3/Provider',
      'notification.toolkit.fluxcd.io/v1/Receiver', 'image.toolkit.fluxcd.io/v1/ImageRepository',
      'image.toolkit.fluxcd.io/v1/ImagePolicy', 'image.toolkit.fluxcd.io/v1/ImageUpdateAutomation',
      'source.extensions.fluxcd.io/v1beta1/ArtifactGenerator', 'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/ClusterSecretStore', 'external-secrets.io/v1alpha1/PushSecret',
      'generators.external-secrets.io/v1alpha1/Password', 'v1/Secret', 'apps/v1/Deployment',
      'apiextensions.k8s.io/v1/CustomResourceDefinition',
    ]) {
      assert.ok(ids.has(id), `${id} missing`);
    }
  });

  test('keeps CRD field details (GitRepository url, Kustomization interval, ExternalSecret refreshInterval)', () => {
    const git = kind(bundle, 'source.toolkit.fluxcd.io/v1', 'GitRepository');
    assert.equal(prop(git.schema, 'spec', 'url').type, 'string');
    assert.ok(prop(git.schema, 'spec').required?.includes('url'));
    assert.equal(git.plural, 'gitrepositories');
    const ks = kind(bundle, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
    assert.ok(prop(ks.schema, 'spec', 'interval').pattern, 'interval has a duration pattern');
    const es = kind(bundle, 'external-secrets.io/v1', 'ExternalSecret');
    assert.equal(prop(es.schema, 'spec', 'refreshInterval').type, 'string');
    const hr = kind(bundle, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease');
    assert.equal(prop(hr.schema, 'spec', 'values').preserveUnknownFields, true);
  });

  test('marks ESO v1beta1 and core Endpoints as deprecated, v1 as not', () => {
    assert.equal(kind(bundle, 'external-secrets.io/v1beta1', 'ExternalSecret').deprecated, true);
    assert.equal(kind(bundle, 'external-secrets.io/v1beta1', 'ExternalSecret').storage, false);
    assert.equal(kind(bundle, 'external-secrets.io/v1', 'ExternalSecret').deprecated, false);
    assert.equal(kind(bundle, 'v1', 'Endpoints').deprecated, true);
  });

  test('resolves core structure through definitions (Deployment containers)', () => {
    const dep = kind(bundle, 'apps/v1', 'Deployment');
    assert.deepEqual([dep.group, dep.plural, dep.namespaced], ['apps', 'deployments', true]);
    const spec = deref(bundle, prop(dep.schema, 'spec'));
    const podSpec = deref(bundle, prop(deref(bundle, prop(spec, 'template')), 'spec'));
    const containers = prop(podSpec, 'containers');
    assert.equal(containers.type, 'array');
    const container = deref(bundle, containers.items as SchemaNode);
    assert.equal(prop(container, 'image').type, 'string');
    assert.equal(kind(bundle, 'v1', 'Namespace').namespaced, false);
  });
});

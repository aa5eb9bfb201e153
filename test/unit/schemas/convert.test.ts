import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  OBJECT_META,
  applyOverrides,
  checkBundle,
  collectRefs,
  convertCoreKind,
  convertCrd,
  convertNode,
  isIntOrStringUnion,
  locateCoreKind,
  parseGvk,
  reachableDefinitions,
} from '../../../tools/schemas/convert.mjs';
import type { KindSchema, SchemaBundle } from '../../../tools/schemas/format';

// A two-version CRD in the shape controller-gen writes, trimmed to the features under test.
function widgetCrd(): unknown {
  const schema = (extra: Record<string, unknown>) => ({
    type: 'object',
    description: 'Widget is a test resource.',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema.' },
      kind: { type: 'string', description: 'Kind is a string value.' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        required: ['interval'],
        properties: {
          interval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          suspend: { type: 'boolean', nullable: true },
          values: { 'x-kubernetes-preserve-unknown-fields': true },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
          mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
          ...extra,
        },
        'x-kubernetes-validations': [{ rule: 'self.interval != ""', message: 'interval is required' }],
      },
    },
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.io' },
    spec: {
      group: 'example.io',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema({}) } },
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          deprecated: true,
          deprecationWarning: 'example.io/v1beta1 Widget is deprecated',
          schema: { openAPIV3Schema: schema({ legacy: { type: 'string' } }) },
        },
      ],
    },
  };
}

function kindOf(kinds: KindSchema[], version: string): KindSchema {
  const found = kinds.find((k) => k.version === version);
  assert.ok(found, `version ${version} missing`);
  return found;
}

describe('convertNode', () => {
  test('maps Kubernetes extensions to flags and keeps plain keywords', () => {
    const node = convertNode({
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true, minLength: 1, maxLength: 5, format: 'uri' },
        b: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        c: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        d: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        e: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 9 }, minItems: 1, maxItems: 3 },
      },
    });
    assert.deepEqual(node.properties?.a, { type: 'string', nullable: true, minLength: 1, maxLength: 5, format: 'uri' });
    assert.deepEqual(node.properties?.b, { intOrString: true });
    assert.deepEqual(node.properties?.c, { type: 'object', preserveUnknownFields: true });
    assert.deepEqual(node.properties?.d, { type: 'object', embeddedResource: true, preserveUnknownFields: true });
    assert.deepEqual(node.properties?.e, {
      type: 'array', minItems: 1, maxItems: 3, items: { type: 'integer', minimum: 1, maximum: 9 },
    });
  });

  test('unwraps allOf-$ref wrappers and keeps the wrapper description and default', () => {
    const node = convertNode(
      { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }], description: 'Pod spec.', default: {} },
      { refPrefix: '#/components/schemas/' },
    );
    assert.deepEqual(node, { $ref: 'io.k8s.api.core.v1.PodSpec', description: 'Pod spec.', default: {} });
  });

  test('strips the prefix from a bare $ref, e.g. in array items', () => {
    const node = convertNode(
      { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' } },
      { refPrefix: '#/components/schemas/' },
    );
    assert.deepEqual(node.items, { $ref: 'io.k8s.api.core.v1.Container' });
  });

  test('collapses the core IntOrString and Quantity unions into intOrString', () => {
    const intOrString = convertNode({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
    const quantity = convertNode({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    assert.deepEqual(intOrString, { format: 'int-or-string', intOrString: true });
    assert.deepEqual(quantity, { intOrString: true });
  });

  test('keeps other oneOf/anyOf lists as converted schemas', () => {
    const node = convertNode({ oneOf: [{ required: ['a'] }, { required: ['b'] }] });
    assert.deepEqual(node, { oneOf: [{ required: ['a'] }, { required: ['b'] }] });
    assert.equal(isIntOrStringUnion([{ type: 'string' }, { type: 'boolean' }]), false);
    assert.equal(isIntOrStringUnion([{ type: 'integer', minimum: 0 }, { type: 'string' }]), false);
  });

  test('keeps CEL validations as rule/message pairs', () => {
    const node = convertNode({
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'has(self.a)', message: 'a is required', reason: 'FieldValueRequired' }, { rule: 'true' }],
    });
    assert.deepEqual(node.validations, [{ rule: 'has(self.a)', message: 'a is required' }, { rule: 'true' }]);
  });

  test('drops list/patch hints silently and counts keywords the format cannot carry', () => {
    const dropped = new Map<string, number>();
    const node = convertNode(
      {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-strategy': 'merge',
        items: { type: 'object', minProperties: 1 },
      },
      { dropped },
    );
    assert.deepEqual(node, { type: 'array', items: { type: 'object' } });
    assert.deepEqual([...dropped.entries()], [['minProperties', 1]]);
  });

  test('marks free-form core objects (no properties) as preserving unknown fields only when asked', () => {
    assert.deepEqual(convertNode({ type: 'object' }, { freeFormObjects: true }), { type: 'object', preserveUnknownFields: true });
    assert.deepEqual(convertNode({ type: 'object' }), { type: 'object' });
    assert.deepEqual(
      convertNode({ type: 'object', additionalProperties: { type: 'string' } }, { freeFormObjects: true }),
      { type: 'object', additionalProperties: { type: 'string' } },
    );
  });

  test('copies default and enum values instead of sharing them with the source', () => {
    const src = { type: 'object', default: { a: [1] } };
    const node = convertNode(src);
    (src.default.a as number[]).push(2);
    assert.deepEqual(node.default, { a: [1] });
  });
});

describe('convertCrd', () => {
  const kinds = convertCrd(widgetCrd(), 'example.com/widgets@v1.0.0 config/crd/bases/example.io_widgets.yaml');

  test('emits one kind per version with identity, scope and plural', () => {
    assert.equal(kinds.length, 2);
    const v1 = kindOf(kinds, 'v1');
    assert.equal(v1.apiVersion, 'example.io/v1');
    assert.equal(v1.group, 'example.io');
    assert.equal(v1.kind, 'Widget');
    assert.equal(v1.plural, 'widgets');
    assert.equal(v1.namespaced, true);
    assert.equal(v1.origin, 'example.com/widgets@v1.0.0 config/crd/bases/example.io_widgets.yaml');
  });

  test('carries served, storage and deprecation flags per version', () => {
    const v1 = kindOf(kinds, 'v1');
    const beta = kindOf(kinds, 'v1beta1');
    assert.deepEqual([v1.served, v1.storage, v1.deprecated, v1.deprecationWarning], [true, true, false, undefined]);
    assert.deepEqual(
      [beta.served, beta.storage, beta.deprecated, beta.deprecationWarning],
      [true, false, true, 'example.io/v1beta1 Widget is deprecated'],
    );
    assert.ok(beta.schema.properties?.spec?.properties?.legacy, 'each version keeps its own schema');
    assert.equal(v1.schema.properties?.spec?.properties?.legacy, undefined);
  });

  test('replaces metadata with the ObjectMeta reference and keeps apiVersion/kind descriptions', () => {
    const v1 = kindOf(kinds, 'v1');
    assert.deepEqual(v1.schema.properties?.metadata, { $ref: OBJECT_META });
    assert.equal(v1.schema.properties?.apiVersion?.description, 'APIVersion defines the versioned schema.');
    assert.equal(v1.schema.properties?.kind?.description, 'Kind is a string value.');
  });

  test('converts the nested schema features', () => {
    const spec = kindOf(kinds, 'v1').schema.properties?.spec;
    assert.deepEqual(spec?.required, ['interval']);
    assert.equal(spec?.properties?.interval?.pattern, '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$');
    assert.equal(spec?.properties?.port?.intOrString, true);
    assert.equal(spec?.properties?.suspend?.nullable, true);
    assert.equal(spec?.properties?.values?.preserveUnknownFields, true);
    assert.equal(spec?.properties?.template?.embeddedResource, true);
    assert.deepEqual(spec?.properties?.mode, { type: 'string', enum: ['a', 'b'], default: 'a' });
    assert.deepEqual(spec?.validations, [{ rule: 'self.interval != ""', message: 'interval is required' }]);
  });

  test('treats Cluster scope as not namespaced and ignores documents that are not CRDs', () => {
    const crd = widgetCrd() as { spec: { scope: string } };
    crd.spec.scope = 'Cluster';
    assert.equal(convertCrd(crd, 'x')[0]?.namespaced, false);
    assert.deepEqual(convertCrd({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' }, 'x'), []);
  });
});

// A tiny OpenAPI v3 document in the layout of Kubernetes' api/openapi-spec/v3 files.
function coreDoc(): unknown {
  const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }], default: {} });
  return {
    paths: {
      '/apis/apps/v1/deployments': {
        get: { 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'Deployment' } },
      },
      '/apis/apps/v1/namespaces/{namespace}/deployments': {
        post: { 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'Deployment' } },
      },
    },
    components: {
      schemas: {
        'io.k8s.api.apps.v1.Deployment': {
          type: 'object',
          description: 'Deployment enables declarative updates.',
          'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
          properties: {
            apiVersion: { type: 'string', description: 'APIVersion.' },
            kind: { type: 'string', description: 'Kind.' },
            metadata: { ...ref(OBJECT_META), description: 'Standard object metadata.' },
            spec: { ...ref('io.k8s.api.apps.v1.DeploymentSpec'), description: 'Spec.' },
          },
        },
        'io.k8s.api.apps.v1.DeploymentSpec': {
          type: 'object',
          properties: { replicas: { type: 'integer', format: 'int32' }, maxSurge: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString') },
        },
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
        [OBJECT_META]: { type: 'object', properties: { name: { type: 'string' }, creationTimestamp: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time') } },
        'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
        'io.k8s.api.core.v1.Unused': { type: 'object', properties: { x: { type: 'string' } } },
      },
    },
  };
}

describe('core kinds from OpenAPI v3', () => {
  test('parseGvk splits core and grouped ids', () => {
    assert.deepEqual(parseGvk('v1/Pod'), { group: '', version: 'v1', kind: 'Pod' });
    assert.deepEqual(parseGvk('apps/v1/Deployment'), { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.throws(() => parseGvk('Deployment'), /bad kind id/);
  });

  test('locates the schema, plural and scope from the create path', () => {
    assert.deepEqual(locateCoreKind(coreDoc(), { group: 'apps', version: 'v1', kind: 'Deployment' }), {
      name: 'io.k8s.api.apps.v1.Deployment',
      plural: 'deployments',
      namespaced: true,
    });
    assert.equal(locateCoreKind(coreDoc(), { group: 'apps', version: 'v1', kind: 'StatefulSet' }), undefined);
  });

  test('converts a kind with refs into definitions and keeps metadata as the ObjectMeta ref', () => {
    const kind = convertCoreKind(coreDoc(), 'apps/v1/Deployment', 'k8s.io/kubernetes@v1.36.3 api/openapi-spec/v3/apis__apps__v1_openapi.json');
    assert.equal(kind.apiVersion, 'apps/v1');
    assert.deepEqual([kind.served, kind.storage, kind.deprecated], [true, true, false]);
    assert.deepEqual(kind.schema.properties?.metadata, { $ref: OBJECT_META, description: 'Standard object metadata.' });
    assert.deepEqual(kind.schema.properties?.spec, { $ref: 'io.k8s.api.apps.v1.DeploymentSpec', description: 'Spec.', default: {} });
    assert.throws(() => convertCoreKind(coreDoc(), 'apps/v1/StatefulSet', 'o'), /kind apps\/v1\/StatefulSet not found/);
  });

  test('includes only reachable definitions, always with ObjectMeta and its closure', () => {
    const doc = coreDoc() as { components: { schemas: Record<string, unknown> } };
    const kind = convertCoreKind(doc, 'apps/v1/Deployment', 'o');
    const defs = reachableDefinitions([kind], doc.components.schemas);
    assert.deepEqual(Object.keys(defs), [
      'io.k8s.api.apps.v1.DeploymentSpec',
      OBJECT_META,
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]);
    assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.intOrString, true);
    assert.throws(() => reachableDefinitions([kind], {}), /definition ".*" is referenced but not present/);
  });

  test('collectRefs ignores "$ref" keys inside default and enum data', () => {
    const refs = collectRefs({ $ref: 'A', properties: { x: { default: { $ref: 'B' } }, y: { items: { $ref: 'C' } } } }, new Set());
    assert.deepEqual([...refs].sort(), ['A', 'C']);
  });
});

describe('bundle assembly', () => {
  const kinds = convertCrd(widgetCrd(), 'o');

  test('overrides set flags on matching kinds and reject overrides that match nothing', () => {
    const out = applyOverrides(kinds, [{ apiVersion: 'example.io/v1', kind: 'Widget', deprecated: true, deprecationWarning: 'use v2' }]);
    const v1 = kindOf(out, 'v1');
    assert.equal(v1.deprecated, true);
    assert.equal(v1.deprecationWarning, 'use v2');
    assert.equal(kindOf(kinds, 'v1').deprecated, false, 'input kinds are not mutated');
    assert.throws(() => applyOverrides(kinds, [{ apiVersion: 'example.io/v9', deprecated: true }]), /matches no kind/);
  });

  test('checkBundle accepts a consistent bundle and reports dangling refs, duplicates and missing ObjectMeta', () => {
    const good: SchemaBundle = { profile: 't', generatedFrom: {}, kinds, definitions: { [OBJECT_META]: { type: 'object' } } };
    assert.deepEqual(checkBundle(good), []);
    const bad: SchemaBundle = {
      profile: 't',
      generatedFrom: {},
      kinds: [...kinds, { ...kinds[0]!, schema: { type: 'object', properties: { metadata: { $ref: 'Nope' } } } }],
      definitions: {},
    };
    const problems = checkBundle(bad);
    assert.ok(problems.includes(`definitions lack ${OBJECT_META}`), problems.join('\n'));
    assert.ok(problems.includes('duplicate kind example.io/v1/Widget'), problems.join('\n'));
    assert.ok(problems.includes('dangling $ref Nope'), problems.join('\n'));
    assert.ok(problems.includes(`dangling $ref ${OBJECT_META}`), problems.join('\n'));
  });
});

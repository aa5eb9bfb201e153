// A live cluster's CRDs (sent by the client's "Use Schemas of <context>") check the files under one folder, over
// the pinned profiles for the kinds the cluster serves; other folders, and kinds it does not serve, are unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CLUSTER_CRDS } from '../../../server/src/core/schema/clusterCrds';
import { CARET, caret, uriOf, workspace, yaml } from '../helpers';

const widgetCrd = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.io', resourceVersion: '41' },
  spec: {
    group: 'example.io',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer' }, colour: { type: 'string', description: 'The colour.' } } },
            },
          },
        },
      },
    ],
    ...extra,
  },
});

const WIDGET = yaml`
  apiVersion: example.io/v1
  kind: Widget
  metadata:
    name: w
  spec:
    size: big
`;

const CLUSTER = uriOf('flux/clusters/staging');

async function opened(rel: string, text: string) {
  const { text: clean, offset } = text.includes(CARET) ? caret(text) : { text, offset: 0 };
  const service = await workspace({ [rel]: clean, 'flux/clusters/production/w.yaml': WIDGET });
  const uri = uriOf(rel);
  service.open(uri, 1, clean);
  return { service, uri, position: service.parsed(uri)!.lines.positionAt(offset) };
}

test('a kind only the cluster serves gets a type error and completion under the folder, nowhere else', async () => {
  const { service, uri } = await opened('flux/clusters/staging/w.yaml', WIDGET);
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), [], 'unknown kinds pass silently before');
  const result = service.setClusterSchemas({ folderUri: CLUSTER, context: 'staging-ctx', crds: [widgetCrd()] });
  assert.deepEqual(result, { crds: 1, kinds: 1, problems: [] });
  assert.deepEqual(service.diagnostics(uri).map((d) => `${d.code}@${d.range.start.line}`), ['wrong-type@5']);
  const other = uriOf('flux/clusters/production/w.yaml');
  service.open(other, 1, WIDGET);
  assert.deepEqual(service.diagnostics(other).map((d) => d.code), [], 'another folder keeps its schemas');
  const hover = JSON.stringify(service.hover(uri, { line: 5, character: 4 }));
  assert.ok(hover.includes('integer'), hover);
  const origin = JSON.stringify(service.hover(uri, { line: 1, character: 7 }));
  assert.ok(origin.includes('CRD widgets.example.io of context staging-ctx (resourceVersion 41)'), origin);
});

test('completion offers the fields of the cluster schema', async () => {
  const { service, uri, position } = await opened('flux/clusters/staging/w.yaml', WIDGET.replace('  size: big\n', `  ${CARET}\n`));
  service.setClusterSchemas({ folderUri: CLUSTER, context: 'staging-ctx', crds: [widgetCrd()] });
  const labels = service.completion(uri, position, { clientHasSnippets: true }).map((i) => i.label);
  assert.ok(labels.includes('colour') && labels.includes('size'), labels.join());
});

test('the cluster schema goes over the pinned profile for a kind both know; stopping restores the profile', async () => {
  const ks = yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: apps
      namespace: flux-system
    spec:
      interval: 10m
      prune: true
      sourceRef:
        kind: GitRepository
        name: flux-system
      onlyInThisCluster: true
  `;
  const { service, uri } = await opened('flux/clusters/staging/ks.yaml', ks);
  assert.ok(service.diagnostics(uri).some((d) => d.code === 'unknown-field'), 'the pinned Flux schema rejects the field');
  const crd = {
    metadata: { name: 'kustomizations.kustomize.toolkit.fluxcd.io', resourceVersion: '7' },
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'kustomize.toolkit.fluxcd.io',
      names: { kind: 'Kustomization', plural: 'kustomizations' },
      versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }],
    },
  };
  service.setClusterSchemas({ folderUri: CLUSTER, context: 'c', crds: [crd] });
  assert.ok(!service.diagnostics(uri).some((d) => d.code === 'unknown-field'), JSON.stringify(service.diagnostics(uri)));
  service.setClusterSchemas({ folderUri: CLUSTER, context: 'c', crds: null });
  assert.ok(service.diagnostics(uri).some((d) => d.code === 'unknown-field'));
});

test('hostile input: a huge CRD, a malformed one and too many are refused with a reason, the rest used', async () => {
  const { service, uri } = await opened('flux/clusters/staging/w.yaml', WIDGET);
  const huge = widgetCrd({ names: { kind: 'Huge', plural: 'huges' }, padding: 'x'.repeat(2 * 1024 * 1024 + 10) });
  const many = Array.from({ length: MAX_CLUSTER_CRDS + 3 }, (_, i) => (i === 0 ? widgetCrd() : i === 1 ? huge : i === 2 ? { spec: 'nope' } : { metadata: { name: `x${i}` } }));
  const t0 = performance.now();
  const result = service.setClusterSchemas({ folderUri: CLUSTER, context: 'c', crds: many });
  assert.ok(performance.now() - t0 < 2000, 'bounded work');
  assert.equal(result.crds, 1);
  assert.ok(result.problems.some((p) => p.includes('over 2 MiB')), result.problems[0]);
  assert.ok(result.problems.some((p) => p.includes('not a CustomResourceDefinition')));
  assert.ok(result.problems.at(-1)!.includes('3 CRDs over the limit'), result.problems.at(-1));
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), ['wrong-type']);
});

test('hostile input: schemas nested thousands of levels deep neither crash nor hang the service', async () => {
  const { service, uri } = await opened('flux/clusters/staging/w.yaml', WIDGET);
  const nested = (depth: number) => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < depth; i++) node = { type: 'object', properties: { size: node } };
    return widgetCrd({ versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: node } } } }] });
  };
  for (const depth of [5_000, 200_000]) {
    const t0 = performance.now();
    const result = service.setClusterSchemas({ folderUri: CLUSTER, context: 'c', crds: [nested(depth)] });
    const codes = service.diagnostics(uri).map((d) => d.code);
    assert.ok(performance.now() - t0 < 5000, `depth ${depth}: bounded work`);
    // Under the size limit, whether a schema this deep converts depends on the stack left; either way, no throw.
    if (depth === 5_000) assert.ok(codes.every((c) => c === 'wrong-type'), codes.join());
    else assert.ok(result.problems.some((p) => p.includes('over 2 MiB')) && codes.length === 0, result.problems.join(' '));
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDoc, yaml } from '../helpers';

async function complete(text: string, clientHasSnippets = true) {
  const { service, uri, position } = await openDoc(text);
  return service.completion(uri, position, { clientHasSnippets });
}

const labels = (items: { label: string }[]) => items.map((i) => i.label);

test('keys under spec of a Kustomization: required first, documented, present ones left out', async () => {
  const items = await complete(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: apps
    spec:
      interval: 10m
      §
  `);
  const names = labels(items);
  for (const k of ['sourceRef', 'path', 'prune', 'dependsOn', 'postBuild']) assert.ok(names.includes(k), k);
  assert.ok(!names.includes('interval'), 'present keys are not offered again');
  const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.equal(sorted[0].label, 'prune', 'required fields sort first');
  const sourceRef = items.find((i) => i.label === 'sourceRef')!;
  assert.match(String((sourceRef.documentation as { value: string }).value), /source/i);
  assert.match(sourceRef.detail!, /required/);
});

test('keys inside a nested object and inside sequence items', async () => {
  const nested = await complete(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      sourceRef:
        §
  `);
  assert.deepEqual(labels(nested).sort(), ['apiVersion', 'kind', 'name', 'namespace']);
  const inSeq = await complete(yaml`
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
            - name: app
              §
  `);
  assert.ok(labels(inSeq).includes('image'));
  assert.ok(!labels(inSeq).includes('name'));
});

test('enum, boolean and default values', async () => {
  const kinds = await complete(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      sourceRef:
        kind: §
  `);
  assert.deepEqual(labels(kinds).sort(), ['Bucket', 'ExternalArtifact', 'GitRepository', 'OCIRepository']);
  const bools = await complete(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      prune: §
  `);
  assert.deepEqual(labels(bools).sort(), ['false', 'true']);
});

test('apiVersion offers only current versions; kind follows the apiVersion', async () => {
  const versions = labels(await complete('apiVersion: §\n'));
  assert.ok(versions.includes('source.toolkit.fluxcd.io/v1'));
  assert.ok(versions.includes('external-secrets.io/v1'));
  assert.ok(versions.includes('notification.toolkit.fluxcd.io/v1beta3'));
  assert.ok(!versions.some((v) => v.endsWith('v1beta2')));
  const kinds = labels(await complete('apiVersion: external-secrets.io/v1\nkind: §\n'));
  assert.ok(kinds.includes('ExternalSecret') && kinds.includes('ClusterSecretStore'));
  assert.ok(!kinds.includes('GitRepository'));
});

test('an empty document offers the basic keys, and kind snippets when the client has none', async () => {
  const withSnippets = await complete('§', false);
  const snippetLabels = withSnippets.filter((i) => i.kind === 15).map((i) => i.label);
  assert.ok(snippetLabels.includes('flux-kustomization'));
  assert.ok(snippetLabels.includes('eso-externalsecret'));
  const plain = await complete('§', true);
  assert.ok(labels(plain).includes('apiVersion'));
  assert.ok(!plain.some((i) => i.kind === 15));
});

test('object keys insert a nested block; scalar keys with a default offer it', async () => {
  const items = await complete(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      §
  `);
  const sourceRef = items.find((i) => i.label === 'sourceRef')!;
  assert.equal((sourceRef.textEdit as { newText: string }).newText, 'sourceRef:\n    $0');
});

test('kind snippets come only where a document can start: an empty document, column 0, never nested', async () => {
  const snippets = async (text: string) => (await complete(text, false)).filter((i) => i.kind === 15).length;
  assert.ok((await snippets('§')) > 20, 'an empty file');
  assert.ok((await snippets('flux-k§')) > 20, 'a prefix typed in an empty file');
  assert.ok((await snippets('apiVersion: v1\nkind: ConfigMap\n---\n§\n')) > 20, 'a new document after ---');
  assert.ok((await snippets('# a comment\n§')) > 20, 'below a comment');
  assert.equal(await snippets('apiVersion: v1\n§'), 0, 'a document that has begun');
  assert.equal(await snippets('spec:\n  §'), 0, 'inside spec');
  assert.equal(await snippets('apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  fl§'), 0, 'inside a Kustomization spec');
  assert.equal(await snippets('  §'), 0, 'indented');
});

// CustomResourceDefinitions in the workspace give schemas to their kinds, after the pinned profiles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARET, caret, uriOf, workspace, yaml } from '../helpers';

const CRD = yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata:
    name: certificates.cert-manager.io
  spec:
    group: cert-manager.io
    names:
      kind: Certificate
      plural: certificates
    scope: Namespaced
    versions:
      - name: v1
        served: true
        storage: true
        schema:
          openAPIV3Schema:
            type: object
            properties:
              apiVersion:
                type: string
              kind:
                type: string
              metadata:
                type: object
              spec:
                type: object
                required: [secretName]
                properties:
                  secretName:
                    type: string
                    description: Name of the Secret the certificate is stored in.
                  duration:
                    type: string
                  isCA:
                    type: boolean
                  renewBefore:
                    type: string
`;

const CERT = yaml`
  apiVersion: cert-manager.io/v1
  kind: Certificate
  metadata:
    name: web
    namespace: apps
  spec:
    secretName: web-tls
    isCA: nope
`;

async function open(files: Record<string, string>, rel: string) {
  const { text, offset } = files[rel].includes(CARET) ? caret(files[rel]) : { text: files[rel], offset: 0 };
  const service = await workspace({ ...files, [rel]: text });
  const uri = uriOf(rel);
  service.open(uri, 1, text);
  return { service, uri, position: service.parsed(uri)!.lines.positionAt(offset) };
}

test('a vendored CRD kind gets a type error and a missing-required', async () => {
  const { service, uri } = await open({ 'crds/cert-manager.yaml': CRD, 'apps/cert.yaml': CERT.replace('  secretName: web-tls\n', '') }, 'apps/cert.yaml');
  const found = service.diagnostics(uri).map((d) => `${d.code}@${d.range.start.line}`);
  assert.deepEqual(found.sort(), ['missing-required@5', 'wrong-type@6']);
});

test('without the CRD the kind passes silently, as before', async () => {
  const { service, uri } = await open({ 'apps/cert.yaml': CERT }, 'apps/cert.yaml');
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), []);
});

test('a vendored CRD kind gets completion and hover from its schema', async () => {
  const text = CERT.replace('  isCA: nope\n', '  §\n');
  const { service, uri, position } = await open({ 'crds/cert-manager.yaml': CRD, 'apps/cert.yaml': text }, 'apps/cert.yaml');
  const labels = service.completion(uri, position, { clientHasSnippets: true }).map((i) => i.label);
  assert.ok(labels.includes('duration') && labels.includes('renewBefore'), labels.join());
  const hov = await open({ 'crds/cert-manager.yaml': CRD, 'apps/cert.yaml': CERT.replace('secretName: web', 'secret§Name: web') }, 'apps/cert.yaml');
  assert.match(JSON.stringify(hov.service.hover(hov.uri, hov.position)?.contents), /Name of the Secret the certificate is stored in/);
});

test('editing the CRD changes what its kind is checked against', async () => {
  const files = { 'crds/cert-manager.yaml': CRD, 'apps/cert.yaml': CERT };
  const { service, uri } = await open(files, 'apps/cert.yaml');
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), ['wrong-type']);
  service.fileChanged(uriOf('crds/cert-manager.yaml'), CRD.replace('type: boolean', 'type: string'));
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), []);
});

test('pinned schemas come first: a CRD of a Flux kind does not replace it', async () => {
  const fake = CRD.replace('group: cert-manager.io', 'group: source.toolkit.fluxcd.io').replace('kind: Certificate', 'kind: GitRepository');
  const git = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: x\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/x.git\n';
  const { service, uri } = await open({ 'crds/fake.yaml': fake, 'apps/git.yaml': git }, 'apps/git.yaml');
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), []);
});

test('a CRD too large to use says so on its name and checks nothing', async () => {
  const huge = CRD.replace('description: Name of the Secret the certificate is stored in.', `description: ${'x'.repeat(2 * 1024 * 1024)}`);
  const crd = await open({ 'crds/huge.yaml': huge, 'apps/cert.yaml': CERT }, 'crds/huge.yaml');
  const notes = crd.service.diagnostics(crd.uri).filter((d) => d.code === 'crd-schema');
  assert.equal(notes.length, 1);
  assert.match(String(notes[0].message), /over 2 MiB; its schema is not used to check Certificate manifests/);
  const cert = await open({ 'crds/huge.yaml': huge, 'apps/cert.yaml': CERT }, 'apps/cert.yaml');
  assert.deepEqual(cert.service.diagnostics(cert.uri).map((d) => d.code), []);
});

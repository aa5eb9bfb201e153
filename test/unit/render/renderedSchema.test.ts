// The rendered objects checked against their schemas, with the real kustomize (WebAssembly) behind the render:
// a value a substitution made wrong is reported where it is written, a patch-made one on the Kustomization, and
// what the file's own check says is not said twice.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ks } from '../refs/fixtures';
import { renderedWorkspace as rendered, stopRenderedWorkspaces, diagnosticsOf } from './helpers';

after(stopRenderedWorkspaces);

/** The findings that come from a render (the per-file check's messages never name a Kustomization). */
const fromRender = (ds: Diagnostic[]) => ds.filter((d) => /rendered output|After substitution/.test(String(d.message)));

const deployment = (extra = '') => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: default',
  'spec:',
  '  replicas: ${REPLICAS}',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  extra,
].join('\n');

const substituting = (replicas: string) => ks('apps', `  postBuild:\n    substitute:\n      REPLICAS: "${replicas}"\n`, './apps');

test('a substitution that makes replicas "abc" is reported on the ${REPLICAS} line, after substitution', async () => {
  const files = { 'clusters/main/apps.yaml': substituting('abc'), 'apps/web.yaml': deployment() };
  const found = fromRender(diagnosticsOf(await rendered(files), files, 'apps/web.yaml'));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].code, 'wrong-type');
  assert.equal(found[0].range.start.line, 6);
  assert.match(String(found[0].message), /^After substitution by Kustomization flux-system\/apps: Deployment\.spec\.replicas should be an integer, but "abc" is a string/);
});

test('a substitution that gives a valid value leaves the file clean', async () => {
  const files = { 'clusters/main/apps.yaml': substituting('3'), 'apps/web.yaml': deployment() };
  const service = await rendered(files);
  assert.deepEqual(diagnosticsOf(service, files, 'apps/web.yaml'), []);
  assert.deepEqual(fromRender(diagnosticsOf(service, files, 'clusters/main/apps.yaml')), []);
});

test('a problem the file itself has is reported once, by the per-file check', async () => {
  const files = { 'clusters/main/apps.yaml': substituting('3'), 'apps/web.yaml': deployment().replace('          image: nginx\n', '          image: nginx\n      bogus: 1\n') };
  const found = diagnosticsOf(await rendered(files), files, 'apps/web.yaml');
  assert.deepEqual(found.map((d) => d.code), ['unknown-field']);
  assert.doesNotMatch(String(found[0].message), /rendered/);
});

test('a parent\'s patch that gives its children an unknown field is reported once, on the parent', async () => {
  const patch = [
    '  patches:',
    '    - target:',
    '        group: kustomize.toolkit.fluxcd.io',
    '        kind: Kustomization',
    '      patch: |-',
    '        apiVersion: kustomize.toolkit.fluxcd.io/v1',
    '        kind: Kustomization',
    '        metadata:',
    '          name: not-used',
    '        spec:',
    '          retryIntervall: 1m',
    '',
  ].join('\n');
  const files = {
    'clusters/main/apps.yaml': ks('apps', patch, './clusters/main/apps'),
    'clusters/main/apps/podinfo.yaml': ks('podinfo', '', './apps/podinfo'),
    'apps/podinfo/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo\n  namespace: default\ndata:\n  a: b\n',
  };
  const service = await rendered(files);
  const all = Object.keys(files).flatMap((f) => fromRender(diagnosticsOf(service, files, f)).map((d) => ({ file: f, d })));
  assert.equal(all.length, 1, JSON.stringify(all));
  assert.equal(all[0].file, 'clusters/main/apps.yaml');
  assert.equal(all[0].d.code, 'unknown-field');
  assert.match(String(all[0].d.message), /Kustomization flux-system\/podinfo \(from clusters\/main\/apps\/podinfo\.yaml\).*Unknown field "retryIntervall"/);
  // It is on the parent's path, where its build is named.
  assert.equal(all[0].d.range.start.line, 7);
});

test('a kustomization.yaml patch that changes a written value is reported on the Flux Kustomization, not on the value', async () => {
  const files = {
    'clusters/main/apps.yaml': ks('apps', '', './apps'),
    'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        replicas: two\n',
    'apps/web.yaml': deployment().replace('${REPLICAS}', '1'),
  };
  const service = await rendered(files);
  assert.deepEqual(fromRender(diagnosticsOf(service, files, 'apps/web.yaml')), []);
  const found = fromRender(diagnosticsOf(service, files, 'clusters/main/apps.yaml'));
  assert.deepEqual(found.map((d) => d.code), ['wrong-type']);
  assert.match(String(found[0].message), /Deployment default\/web \(from apps\/web\.yaml\).*"two" is a string/);
});

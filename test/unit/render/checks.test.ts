// The render engine decides where the fast index would guess: each false-error class of a hand-made model,
// with the real kustomize (WebAssembly) behind the checks, and a real error of the same kind still found.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { uriOf, workspace } from '../helpers';
import { ks } from '../refs/fixtures';
import { renderedWorkspace as rendered, stopRenderedWorkspaces, diagnosticsOf } from './helpers';

after(stopRenderedWorkspaces);

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));

const fluxKs = (name: string, path: string, extra = '') => ks(name, extra, path);

const placeholderNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: _\n';
const appFolder = (ns: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n  - namespace.yaml\n`;

test('a placeholder Namespace renamed by each folder\'s namespace: is no duplicate once rendered', async () => {
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './apps'),
    'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./a\n  - ./b\n',
    'apps/a/kustomization.yaml': appFolder('app-a'),
    'apps/a/namespace.yaml': placeholderNs,
    'apps/b/kustomization.yaml': appFolder('app-b'),
    'apps/b/namespace.yaml': placeholderNs,
  };
  const service = await rendered(files);
  assert.deepEqual(codes(diagnosticsOf(service, files, 'apps/a/namespace.yaml')), []);
  // The GitRepository flux-system comes from bootstrap (a warning that says so); nothing else.
  assert.deepEqual(codes(diagnosticsOf(service, files, 'clusters/main/apps.yaml')), ['unresolved-external']);
  // Two placeholders that land in one namespace are one Namespace twice: kustomize says so.
  const clash = { ...files, 'apps/kustomization.yaml': files['apps/kustomization.yaml'] + '  - ./c\n', 'apps/c/kustomization.yaml': appFolder('app-a'), 'apps/c/namespace.yaml': placeholderNs };
  const failed = diagnosticsOf(await rendered(clash), clash, 'clusters/main/apps.yaml').find((d) => d.code === 'render-failed');
  assert.match(String(failed?.message), /app-a/);
});

test('a real duplicate in a build is still an error: kustomize\'s own, on the Kustomization\'s path', async () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\ndata:\n  a: b\n';
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './apps'),
    'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - one.yaml\n  - two.yaml\n',
    'apps/one.yaml': cm,
    'apps/two.yaml': cm,
  };
  const service = await rendered(files);
  const ks = diagnosticsOf(service, files, 'clusters/main/apps.yaml');
  const failed = ks.find((d) => d.code === 'render-failed');
  assert.ok(failed, `expected render-failed, got ${JSON.stringify(codes(ks))}`);
  assert.match(String(failed.message), /same/);
});

const parentPatch = [
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
  '          postBuild:',
  '            substitute:',
  '              CLUSTER: main',
  '',
].join('\n');

test('a parent\'s patches give its children postBuild.substitute: no undefined variable once rendered; a real one still found', async () => {
  const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n';
  const child = fluxKs('podinfo', './apps/podinfo', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: settings\n');
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './clusters/main/apps', parentPatch),
    'clusters/main/apps/podinfo.yaml': child,
    'clusters/main/apps/settings.yaml': settings,
    'apps/podinfo/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo\n  namespace: default\ndata:\n  cluster: ${CLUSTER}\n  domain: ${DOMAIN}\n  other: ${MISSING}\n',
  };
  const before = await workspace(files);
  const guessed = diagnosticsOf(before, files, 'apps/podinfo/cm.yaml').filter((d) => d.code === 'undefined-variable').map((d) => String(d.message).slice(0, 12));
  assert.ok(guessed.some((m) => m.includes('CLUSTER')), `the fast index alone guesses \${CLUSTER} undefined: ${guessed}`);
  const service = await rendered(files);
  const found = diagnosticsOf(service, files, 'apps/podinfo/cm.yaml').filter((d) => d.code === 'undefined-variable');
  assert.deepEqual(found.map((d) => /\$\{(\w+)\}/.exec(String(d.message))?.[1]), ['MISSING']);
});

test('rendered output and lenses: the objects with their sources, or why there is nothing', async () => {
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './apps', '  targetNamespace: web\n  namePrefix: p-\n'),
    'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: site\ndata:\n  a: b\n',
  };
  const service = await rendered(files);
  const out = await service.renderedOutput(uriOf('clusters/main/apps.yaml'));
  assert.equal(out.objects, 1);
  assert.match(out.text, /# Source: apps\/cm\.yaml/);
  assert.match(out.text, /name: p-site/);
  assert.match(out.text, /namespace: web/);
  service.open(uriOf('clusters/main/apps.yaml'), 1, files['clusters/main/apps.yaml']);
  assert.deepEqual(service.codeLenses(uriOf('clusters/main/apps.yaml')).map((l) => l.command?.title), ['$(file-code) 1 objects rendered']);
  const folder = await service.renderedOutput(uriOf('apps'));
  assert.match(folder.text, /name: site/);
});

test('folders and files with spaces, plus signs and non-Latin letters render like any other', async () => {
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './my apps/c++', '  namePrefix: p-\n'),
    'my apps/c++/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./site ä.yaml\n',
    'my apps/c++/site ä.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: site\ndata:\n  a: b\n',
  };
  const service = await rendered(files);
  const out = await service.renderedOutput(uriOf('clusters/main/apps.yaml'));
  assert.equal(out.error, undefined, out.text);
  assert.match(out.text, /# Source: my apps\/c\+\+\/site ä\.yaml/);
  assert.match(out.text, /name: p-site/);
});

test('rendered output never shows a Secret\'s values, only its keys', async () => {
  const files = {
    'clusters/main/apps.yaml': fluxKs('apps', './apps'),
    'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - secret.yaml\nsecretGenerator:\n  - name: generated\n    literals:\n      - password=hunter2-literal\n',
    'apps/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  token: hunter2-manifest\n',
  };
  const out = await (await rendered(files)).renderedOutput(uriOf('clusters/main/apps.yaml'));
  assert.equal(out.objects, 2, out.text);
  assert.doesNotMatch(out.text, /hunter2|aHVudGVy/);
  assert.match(out.text, /password: <redacted>/);
  assert.match(out.text, /token: <redacted>/);
});

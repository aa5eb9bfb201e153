// References resolved against the names a build really produces (the real kustomize in WebAssembly behind the
// render): a namePrefix'ed or hash-suffixed name that a Flux field names resolves, the written name that
// kustomize left behind does not, and a name nothing produces is still reported.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LanguageService } from '../../../server/src/core/service';
import { uriOf, workspace } from '../helpers';
import { ks } from '../refs/fixtures';
import { renderedWorkspace as rendered, stopRenderedWorkspaces } from './helpers';

after(stopRenderedWorkspaces);

const UNRESOLVED = new Set(['unresolved-reference', 'unresolved-external', 'reference-namespace']);

/** The unresolved-reference findings of a file, as `line: code`. */
function unresolved(service: LanguageService, files: Record<string, string>, path: string): string[] {
  service.open(uriOf(path), 1, files[path]);
  return service.diagnostics(uriOf(path)).filter((d: Diagnostic) => UNRESOLVED.has(String(d.code))).map((d) => `${d.range.start.line}: ${d.code} ${String(d.message).slice(0, 60)}`);
}

const release = (name: string, values: string) => [
  'apiVersion: helm.toolkit.fluxcd.io/v2',
  'kind: HelmRelease',
  'metadata:',
  `  name: ${name}`,
  '  namespace: default',
  'spec:',
  '  interval: 10m',
  '  chartRef:',
  '    kind: OCIRepository',
  '    name: podinfo',
  '  valuesFrom:',
  '    - kind: ConfigMap',
  `      name: ${values}`,
  '',
].join('\n');

const oci = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: podinfo\n  namespace: default\nspec:\n  interval: 10m\n  url: oci://ghcr.io/stefanprodan/charts/podinfo\n  ref:\n    tag: 6.9.0\n';
const values = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\n  namespace: default\ndata:\n  values.yaml: |\n    replicaCount: 2\n';

test('namePrefix: a valuesFrom naming the prefixed name resolves; the written name kustomize left behind is an error', async () => {
  const files = {
    'clusters/main/apps.yaml': ks('apps', '  namePrefix: p-\n', './apps'),
    'apps/oci.yaml': oci,
    'apps/values.yaml': values,
    'apps/prefixed.yaml': release('prefixed', 'p-values'),
    'apps/written.yaml': release('written', 'values'),
    'apps/nothing.yaml': release('nothing', 'no-such-values'),
  };
  const before = await workspace(files);
  assert.equal(unresolved(before, files, 'apps/prefixed.yaml').length, 1, 'the fast index alone does not know p-values');
  assert.deepEqual(unresolved(before, files, 'apps/written.yaml'), [], 'nor that values is renamed');
  const service = await rendered(files);
  assert.deepEqual(unresolved(service, files, 'apps/prefixed.yaml'), []);
  const written = unresolved(service, files, 'apps/written.yaml');
  assert.deepEqual(written.map((w) => w.split(' ').slice(0, 2).join(' ')), ['12: unresolved-reference']);
  service.open(uriOf('apps/written.yaml'), 2, files['apps/written.yaml']);
  const message = String(service.diagnostics(uriOf('apps/written.yaml')).find((d) => d.code === 'unresolved-reference')?.message);
  assert.match(message, /ConfigMap "values" in namespace default is not in the rendered output: kustomize names it "p-values"/);
  // A name nothing produces is reported as before.
  assert.equal(unresolved(service, files, 'apps/nothing.yaml').length, 1);
});

test('a secretGenerator\'s hashed name: a secretRef on the written name is an error, unless the hash is off', async () => {
  const git = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: infra\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://git.example.com/infra.git\n  ref:\n    branch: main\n  secretRef:\n    name: git-auth\n';
  const kustomization = (options: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - git.yaml\nsecretGenerator:\n  - name: git-auth\n    literals:\n      - bearerToken=unused\n${options}`;
  const files = {
    'clusters/main/sources.yaml': ks('sources', '', './sources'),
    'sources/kustomization.yaml': kustomization(''),
    'sources/git.yaml': git,
  };
  const hashed = await rendered(files);
  const found = unresolved(hashed, files, 'sources/git.yaml');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /^11: unresolved-reference Secret "git-auth" in namespace flux-system is not/);
  const plain = { ...files, 'sources/kustomization.yaml': kustomization('generatorOptions:\n  disableNameSuffixHash: true\n') };
  assert.deepEqual(unresolved(await rendered(plain), plain, 'sources/git.yaml'), []);
});

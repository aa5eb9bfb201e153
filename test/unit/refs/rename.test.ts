import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { caret, uriOf, workspace, yaml } from '../helpers';
import { GIT, ks, STORE, TOKEN } from './fixtures';

/** A workspace with `rel` opened at the caret (§); returns the service, its uri and the caret's position. */
async function at(files: Record<string, string>, rel: string) {
  const { text, offset } = caret(files[rel]);
  const service = await workspace({ ...files, [rel]: text });
  service.open(uriOf(rel), 1, text);
  return { service, uri: uriOf(rel), position: service.parsed(uriOf(rel))!.lines.positionAt(offset), text };
}

function applied(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
    const l = lines[e.range.start.line];
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join('\n');
}

const base = () => ({
  'clusters/prod/flux-system/git.yaml': GIT,
  'clusters/prod/flux-system/token.yaml': TOKEN,
  'clusters/prod/flux-system/store.yaml': STORE,
  'clusters/prod/flux-system/apps.yaml': ks('apps'),
  'clusters/prod/flux-system/infra.yaml': ks('infra'),
  'clusters/staging/flux-system/git.yaml': GIT,
  'clusters/staging/flux-system/apps.yaml': ks('apps'),
});

test('renaming a GitRepository at its name changes it and every reference of its cluster, not the other cluster\'s', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/git.yaml': GIT.replace('name: flux-system', 'name: flux-sy§stem') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/git.yaml');
  assert.deepEqual((service.prepareRename(uri, position) as { placeholder: string }).placeholder, 'flux-system');
  const result = service.rename(uri, position, 'fleet');
  assert.ok('edit' in result, JSON.stringify(result));
  const changes = result.edit.changes!;
  assert.deepEqual(Object.keys(changes).sort(), ['apps.yaml', 'git.yaml', 'infra.yaml'].map((f) => uriOf(`clusters/prod/flux-system/${f}`)).sort());
  const apps = applied(files['clusters/prod/flux-system/apps.yaml'], changes[uriOf('clusters/prod/flux-system/apps.yaml')]);
  assert.match(apps, /sourceRef:\n {4}kind: GitRepository\n {4}name: fleet\n/);
  assert.match(apps, /metadata:\n {2}name: apps\n {2}namespace: flux-system\n/, 'the Kustomization\'s own namespace is untouched');
});

test('renaming from a reference renames the object it resolves to; quotes around a name stay', async () => {
  const git = GIT.replace('name: flux-system\n  namespace', 'name: "flux-system"\n  namespace');
  const files = { ...base(), 'clusters/prod/flux-system/git.yaml': git, 'clusters/prod/flux-system/apps.yaml': ks('apps').replace('name: flux-system\n', 'name: flux-§system\n') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/apps.yaml');
  const result = service.rename(uri, position, 'fleet');
  assert.ok('edit' in result);
  const renamed = applied(git, result.edit.changes![uriOf('clusters/prod/flux-system/git.yaml')]);
  assert.match(renamed, /name: "fleet"/);
});

test('a Secret made by an ExternalSecret with another target name is renamed there, not here; bad names are refused', async () => {
  const token = TOKEN.replace('spec:\n', 'spec:\n  target:\n    name: git-credentials\n');
  const files = { ...base(), 'clusters/prod/flux-system/token.yaml': token, 'clusters/prod/flux-system/git.yaml': GIT.replace('name: gitea-token', 'name: git-§credentials') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/git.yaml');
  const refused = service.prepareRename(uri, position);
  assert.ok(refused && 'error' in refused && /made by ExternalSecret gitea-token/.test(refused.error), JSON.stringify(refused));
  const named = await at({ ...base(), 'clusters/prod/flux-system/git.yaml': GIT.replace('name: flux-system', 'name: flux-§system') }, 'clusters/prod/flux-system/git.yaml');
  const bad = named.service.rename(named.uri, named.position, 'Not_Valid');
  assert.ok('error' in bad && /not a valid object name/.test(bad.error));
});

test('renaming an ImagePolicy rewrites the name in `$imagepolicy` markers and keeps their namespace', async () => {
  const policy = yaml`
    apiVersion: image.toolkit.fluxcd.io/v1
    kind: ImagePolicy
    metadata:
      name: podi§nfo
      namespace: flux-system
    spec:
      imageRepositoryRef:
        name: podinfo
      policy:
        semver:
          range: 6.x
  `;
  const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "flux-system:podinfo"}\n';
  const files = { 'clusters/prod/flux-system/policy.yaml': policy, 'clusters/prod/apps/deploy.yaml': deploy };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/policy.yaml');
  const result = service.rename(uri, position, 'web-image');
  assert.ok('edit' in result, JSON.stringify(result));
  assert.match(applied(deploy, result.edit.changes![uriOf('clusters/prod/apps/deploy.yaml')]), /"\$imagepolicy": "flux-system:web-image"/);
});

test('symbols: a file\'s objects for the outline; the workspace\'s objects by name, namespace/name or Kind/name', async () => {
  const service = await workspace(base());
  const uri = uriOf('clusters/prod/flux-system/git.yaml');
  service.open(uri, 1, GIT);
  assert.deepEqual(service.documentSymbols(uri).map((s) => [s.name, s.detail]), [['flux-system', 'GitRepository · flux-system']]);
  const found = service.workspaceSymbols('gitrepo/flux');
  assert.equal(found.length, 2);
  assert.ok(found.every((s) => s.name === 'flux-system' && s.containerName?.startsWith('GitRepository')));
  assert.deepEqual(service.workspaceSymbols('infr').map((s) => s.name), ['infra']);
});

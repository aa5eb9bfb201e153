import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caret, uriOf, workspace, yaml } from '../helpers';
import { GIT, ks, TOKEN } from './fixtures';

/** A workspace whose file `rel` is opened from a fixture with a caret (§); returns the service and position. */
async function at(files: Record<string, string>, rel: string) {
  const { text, offset } = caret(files[rel]);
  const service = await workspace({ ...files, [rel]: text });
  service.open(uriOf(rel), 1, text);
  const file = service.parsed(uriOf(rel))!;
  return { service, uri: uriOf(rel), position: file.lines.positionAt(offset) };
}

const base = () => ({
  'clusters/prod/flux-system/git.yaml': GIT,
  'clusters/prod/flux-system/token.yaml': TOKEN,
  'clusters/prod/flux-system/infra.yaml': ks('infra', '', './clusters/prod/infra'),
  'clusters/prod/infra/kustomization.yaml': 'resources:\n  - cm.yaml\n',
  'clusters/prod/infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: x\n',
});

test('definition of a sourceRef name goes to the GitRepository; of a secretRef to its ExternalSecret', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/apps.yaml': ks('apps').replace('name: flux-system', 'name: flux-sy§stem') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/apps.yaml');
  const [loc] = service.definition(uri, position);
  assert.equal(loc.uri, uriOf('clusters/prod/flux-system/git.yaml'));
  assert.equal(loc.range.start.line, 3);
  const git = await at({ ...base(), 'clusters/prod/flux-system/git.yaml': GIT.replace('name: gitea-token', 'name: gitea-to§ken') }, 'clusters/prod/flux-system/git.yaml');
  assert.equal(git.service.definition(git.uri, git.position)[0].uri, uriOf('clusters/prod/flux-system/token.yaml'));
});

test('find references from a definition lists every referrer (and the declaration when asked)', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/apps.yaml': ks('apps'), 'clusters/prod/flux-system/git.yaml': GIT.replace('name: flux-system', 'name: flux-§system') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/git.yaml');
  const refs = service.references(uri, position, false).map((l) => l.uri.split('/').pop()).sort();
  assert.deepEqual(refs, ['apps.yaml', 'infra.yaml']);
  assert.equal(service.references(uri, position, true).length, 3);
});

test('hover on a sourceRef shows the GitRepository chain and where the path lands (Gitea and local)', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/apps.yaml': ks('apps', '', './clusters/prod/infra').replace('name: flux-system', 'name: flux-sys§tem') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/apps.yaml');
  const hover = service.hover(uri, position);
  const text = (hover!.contents as { value: string }).value;
  assert.match(text, /GitRepository `flux-system\/flux-system`/);
  assert.match(text, /git\.yaml:4\]\(file:\/\/\/ws\/clusters\/prod\/flux-system\/git\.yaml#L4\)/);
  assert.match(text, /branch `main`/);
  assert.match(text, /interval: `1m`/);
  assert.match(text, /secret: `gitea-token` \(from ExternalSecret/);
  assert.match(text, /https:\/\/gitea\.example\.com\/platform\/fleet\/src\/branch\/main\/clusters\/prod\/infra/);
  assert.match(text, /local folder: \[clusters\/prod\/infra\/\]\(file:\/\/\/ws\/clusters\/prod\/infra\/kustomization\.yaml\)/);
  assert.match(text, /built from its \[kustomization\.yaml\]\(file:\/\/\/ws\/clusters\/prod\/infra\/kustomization\.yaml\): 1 file — \[cm\.yaml\]\(file:\/\/\/ws\/clusters\/prod\/infra\/cm\.yaml\)/);
});

test('hover on a GitRepository url lists its users', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/git.yaml': GIT.replace('url: https://gitea', 'url: https://gi§tea') };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/git.yaml');
  const text = (service.hover(uri, position)!.contents as { value: string }).value;
  assert.match(text, /Used by/);
  assert.match(text, /Kustomization \[clusters\/prod\/flux-system\/infra\.yaml:4\].*path `\.\/clusters\/prod\/infra`/);
});

test('document links: Kustomization path to its folder, url to the web, kustomization.yaml entries to files', async () => {
  const service = await workspace(base());
  const infra = uriOf('clusters/prod/flux-system/infra.yaml');
  service.open(infra, 1, base()['clusters/prod/flux-system/infra.yaml']);
  assert.deepEqual(service.documentLinks(infra).map((l) => l.target), [uriOf('clusters/prod/infra/kustomization.yaml')]);
  const git = uriOf('clusters/prod/flux-system/git.yaml');
  service.open(git, 1, GIT);
  assert.deepEqual(service.documentLinks(git).map((l) => l.target), ['https://gitea.example.com/platform/fleet/src/branch/main']);
  const k = uriOf('clusters/prod/infra/kustomization.yaml');
  service.open(k, 1, 'resources:\n  - cm.yaml\n');
  assert.deepEqual(service.documentLinks(k).map((l) => l.target), [uriOf('clusters/prod/infra/cm.yaml')]);
});

test('completion of reference names: the kind written next to the name and the namespace first', async () => {
  const files = {
    ...base(),
    'clusters/prod/flux-system/oci.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: charts\n  namespace: flux-system\nspec:\n  url: oci://x\n',
    'clusters/prod/flux-system/apps.yaml': yaml`
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata:
        name: apps
        namespace: flux-system
      spec:
        dependsOn:
          - name: §
        sourceRef:
          kind: OCIRepository
          name: x
    `,
  };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/apps.yaml');
  const items = service.completion(uri, position, { clientHasSnippets: true });
  assert.ok(items.some((i) => i.label === 'infra' && /Kustomization/.test(i.detail ?? '')), 'dependsOn offers Kustomizations');
  assert.ok(!items.some((i) => i.label === 'apps'), 'not itself');
  const src = files['clusters/prod/flux-system/apps.yaml'].replace('- name: §', '- name: infra').replace('name: x', 'name: §');
  const second = await at({ ...files, 'clusters/prod/flux-system/apps.yaml': src }, 'clusters/prod/flux-system/apps.yaml');
  const names = second.service.completion(second.uri, second.position, { clientHasSnippets: true }).map((i) => i.label);
  assert.ok(names.includes('charts'), 'the written kind (OCIRepository) is used');
  assert.ok(!names.includes('flux-system'), 'GitRepositories are not offered for kind OCIRepository');
});

test('dependents: renaming an object re-checks the files that referenced the old name', async () => {
  const files = { ...base(), 'clusters/prod/flux-system/apps.yaml': ks('apps') };
  const service = await workspace(files);
  const git = uriOf('clusters/prod/flux-system/git.yaml');
  service.open(git, 1, GIT);
  service.open(git, 2, GIT.replace('name: flux-system', 'name: renamed'));
  const deps = service.dependents(git).map((u) => u.split('/').pop()).sort();
  assert.ok(deps.includes('apps.yaml') && deps.includes('infra.yaml'), deps.join(','));
  assert.ok(deps.includes('token.yaml'), 'the producer of its secret');
  assert.ok(!deps.includes('cm.yaml'));
});

test('a GitRepository on the workspace\'s own git remote is this repository, whatever its name', async () => {
  const own = GIT.replace('name: flux-system\n  namespace', 'name: fleet\n  namespace');
  const files = {
    '.git/config': '[remote "origin"]\n\turl = git@gitea.example.com:platform/fleet.git\n',
    'clusters/prod/flux-system/git.yaml': own,
    'clusters/prod/infra/kustomization.yaml': 'resources:\n  - cm.yaml\n',
    'clusters/prod/infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
    'clusters/prod/flux-system/apps.yaml': ks('apps', '', './clusters/prod/infra').replace('name: flux-system\n', 'name: fle§et\n'),
  };
  const { service, uri, position } = await at(files, 'clusters/prod/flux-system/apps.yaml');
  const text = (service.hover(uri, position)!.contents as { value: string }).value;
  assert.match(text, /this workspace's own repository/);
  assert.match(text, /local folder: \[clusters\/prod\/infra\/\]/);
});

test('findObject and objectsIn name the cluster folder a manifest belongs to (for the live features)', async () => {
  const files = { ...base(), 'clusters/staging/flux-system/git.yaml': GIT };
  const service = await workspace(files);
  const found = service.findObject({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' });
  assert.deepEqual(found.map((l) => l.clusters).sort(), [['prod'], ['staging']]);
  assert.deepEqual(service.findObject({ kind: 'GitRepository', name: 'flux-system', namespace: 'elsewhere' }), []);
  const uri = uriOf('clusters/prod/flux-system/git.yaml');
  service.open(uri, 1, GIT);
  assert.deepEqual(service.objectsIn(uri).map((o) => [o.kind, o.namespaces, o.clusters, o.line]), [['GitRepository', ['flux-system'], ['prod'], 0]]);
});

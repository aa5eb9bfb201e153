// Hover on where a path lands: a Flux Kustomization's spec.path and a kustomization.yaml's resources/components.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caret, uriOf, workspace } from '../helpers';
import { GIT, ks } from './fixtures';

/** The hover text at the caret (§) of file `rel`. */
async function hoverAt(files: Record<string, string>, rel: string): Promise<string> {
  const { text, offset } = caret(files[rel]);
  const service = await workspace({ ...files, [rel]: text });
  service.open(uriOf(rel), 1, text);
  const position = service.parsed(uriOf(rel))!.lines.positionAt(offset);
  const hover = service.hover(uriOf(rel), position);
  return hover ? (hover.contents as { value: string }).value : '';
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: x\n`;
const GIT_DIR = { '.git/config': '[remote "origin"]\n\turl = https://gitea.example.com/lab/home-ops.git\n', '.git/HEAD': 'ref: refs/heads/main\n' };
const withPath = (path: string) => ks('apps', '', path).replace(`path: ${path}`, `path: ${path.slice(0, 3)}§${path.slice(3)}`);

test('spec.path with the bootstrap source: the folder on the workspace\'s remote at the checked-out branch, the local folder, what its kustomization.yaml builds', async () => {
  const files: Record<string, string> = {
    ...GIT_DIR,
    'kubernetes/flux/apps.yaml': withPath('./kubernetes/apps'),
    'kubernetes/apps/kustomization.yaml': `resources:\n${['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `  - ${n}.yaml\n`).join('')}`,
  };
  for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) files[`kubernetes/apps/${n}.yaml`] = cm(n);
  const text = await hoverAt(files, 'kubernetes/flux/apps.yaml');
  assert.match(text, /`\.\/kubernetes\/apps` on this workspace's remote \(branch `main`, checked out here\): \[https:\/\/gitea\.example\.com\/lab\/home-ops\/src\/branch\/main\/kubernetes\/apps\]/);
  assert.match(text, /local folder: \[kubernetes\/apps\/\]\(file:\/\/\/ws\/kubernetes\/apps\/kustomization\.yaml\)/);
  assert.match(text, /built from its \[kustomization\.yaml\]\(file:\/\/\/ws\/kubernetes\/apps\/kustomization\.yaml\): 7 files — \[a\.yaml\]\(file:\/\/\/ws\/kubernetes\/apps\/a\.yaml\), \[b\.yaml\]/);
  assert.match(text, /\[e\.yaml\]\(file:\/\/\/ws\/kubernetes\/apps\/e\.yaml\) and 2 more/);
});

test('spec.path on a folder without kustomization.yaml: the files kustomize-controller would take', async () => {
  const text = await hoverAt({
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/apps.yaml': withPath('./apps/web'),
    'apps/web/deploy.yaml': cm('deploy'),
    'apps/web/sub/svc.yaml': cm('svc'),
  }, 'clusters/prod/apps.yaml');
  assert.match(text, /`\.\/apps\/web` in the source: \[https:\/\/gitea\.example\.com\/platform\/fleet\/src\/branch\/main\/apps\/web\]/);
  assert.match(text, /no kustomization\.yaml: kustomize-controller generates one from the 2 files below it — \[deploy\.yaml\]\(file:\/\/\/ws\/apps\/web\/deploy\.yaml\), \[sub\/svc\.yaml\]/);
});

test('spec.path that lands nowhere says so; a folder name with a space reads as written', async () => {
  const missing = await hoverAt({ ...GIT_DIR, 'clusters/prod/apps.yaml': withPath('./clusters/prod/gone'), 'clusters/prod/cm.yaml': cm('a') }, 'clusters/prod/apps.yaml');
  assert.match(missing, /`\.\/clusters\/prod\/gone` does not exist in this repository/);
  const spaced = await hoverAt({ 'clusters/prod/apps.yaml': withPath('./my apps'), 'my apps/cm.yaml': cm('a') }, 'clusters/prod/apps.yaml');
  assert.match(spaced, /local folder: \[my apps\/\]\(file:\/\/\/ws\/my%20apps\/cm\.yaml\)/);
});

test('spec.path of another repository: its web folder, and not this workspace', async () => {
  const other = GIT.replace('platform/fleet', 'platform/other').replace('name: flux-system\n  namespace', 'name: other\n  namespace');
  const text = await hoverAt({ ...GIT_DIR, 'clusters/prod/other.yaml': other, 'clusters/prod/apps.yaml': withPath('./deploy').replace('name: flux-system\n', 'name: other\n'), 'deploy/cm.yaml': cm('a') }, 'clusters/prod/apps.yaml');
  assert.match(text, /in the source: \[https:\/\/gitea\.example\.com\/platform\/other\/src\/branch\/main\/deploy\]/);
  assert.match(text, /the source is another repository: `\.\/deploy` is not in this workspace/);
  assert.doesNotMatch(text, /local folder/);
});

test('kustomization.yaml entries: a file and what it defines, a folder and its build, a missing one, a remote one, with the web link of the source that builds it', async () => {
  const k = 'resources:\n  - cm.yaml\n  - ./base\n  - ./plain\n  - gone.yaml\n  - https://github.com/org/repo//deploy?ref=v1\n';
  const base: Record<string, string> = {
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/apps.yaml': ks('apps', '', './apps/web'),
    'apps/web/cm.yaml': cm('settings'),
    'apps/web/base/kustomization.yaml': 'resources:\n  - one.yaml\n',
    'apps/web/base/one.yaml': cm('one'),
    'apps/web/plain/two.yaml': cm('two'),
  };
  const at = (needle: string) => hoverAt({ ...base, 'apps/web/kustomization.yaml': k.replace(needle, `${needle.slice(0, 2)}§${needle.slice(2)}`) }, 'apps/web/kustomization.yaml');
  const file = await at('cm.yaml');
  assert.match(file, /\*\*resources\*\* → `cm\.yaml`/);
  assert.match(file, /`cm\.yaml` in the source: \[https:\/\/gitea\.example\.com\/platform\/fleet\/src\/branch\/main\/apps\/web\/cm\.yaml\]/);
  assert.match(file, /local file: \[apps\/web\/cm\.yaml\]\(file:\/\/\/ws\/apps\/web\/cm\.yaml\)/);
  assert.match(file, /defines ConfigMap settings/);
  assert.match(await at('./base'), /built from its \[kustomization\.yaml\]\(file:\/\/\/ws\/apps\/web\/base\/kustomization\.yaml\): 1 file — \[one\.yaml\]/);
  assert.match(await at('./plain'), /no kustomization\.yaml in it: kustomize cannot build this entry/);
  assert.match(await at('gone.yaml'), /`gone\.yaml` does not exist: no file or folder of manifests at `apps\/web\/gone\.yaml`/);
  assert.match(await at('https://github'), /a remote resource: kustomize fetches it/);
});

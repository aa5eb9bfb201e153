import assert from 'node:assert/strict';
import { messageOf } from './fixtures';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { workspace, yaml } from '../helpers';
import { codes, diagnosticsOf, GIT, ks, remember, TOKEN } from './fixtures';

async function ws(files: Record<string, string>) {
  return remember(await workspace(files), files);
}

const dep = (...names: string[]) => `  dependsOn:\n${names.map((n) => `    - name: ${n}\n`).join('')}`;

test('a dependsOn cycle is reported on every member with its path and related information', async () => {
  const s = await ws({
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/a.yaml': ks('a', dep('b'), './clusters/prod'),
    'clusters/prod/b.yaml': ks('b', dep('c'), './clusters/prod'),
    'clusters/prod/c.yaml': ks('c', dep('a'), './clusters/prod'),
    'clusters/prod/d.yaml': ks('d', dep('a'), './clusters/prod'),
  });
  const [a] = diagnosticsOf(s, 'clusters/prod/a.yaml', 'dependency-cycle');
  assert.equal(a.severity, DiagnosticSeverity.Error);
  assert.match(messageOf(a), /a → b → c → a/);
  assert.deepEqual(a.relatedInformation!.map((r) => r.location.uri.split('/').pop()).sort(), ['a.yaml', 'b.yaml', 'c.yaml']);
  assert.match(messageOf(diagnosticsOf(s, 'clusters/prod/c.yaml', 'dependency-cycle')[0]), /c → a → b → c/);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/d.yaml', 'dependency-cycle'), [], 'depending on a cycle is not being in it');
});

test('HelmRelease self-dependency is a cycle; two clusters with opposite orders are not', async () => {
  const hr = (name: string, on: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: x\nspec:\n  dependsOn:\n    - name: ${on}\n`;
  const s = await ws({
    'clusters/staging/a.yaml': hr('a', 'b'),
    'clusters/staging/b.yaml': hr('b', 'b'),
    'clusters/production/a.yaml': hr('a', 'c'),
    'clusters/production/c.yaml': hr('c', 'a').replace('name: c\n', 'name: c\n'),
  });
  assert.match(messageOf(diagnosticsOf(s, 'clusters/staging/b.yaml', 'dependency-cycle')[0]), /b → b/);
  assert.deepEqual(diagnosticsOf(s, 'clusters/staging/a.yaml', 'dependency-cycle'), []);
  assert.equal(diagnosticsOf(s, 'clusters/production/a.yaml', 'dependency-cycle').length, 1, 'a ↔ c within production');
});

test('duplicates: within one cluster tree yes; across clusters and overlays of one base no', async () => {
  const cm = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${ns}\n`;
  const s = await ws({
    'clusters/prod/a/cm.yaml': cm('apps'),
    'clusters/prod/b/cm.yaml': cm('apps'),
    'clusters/prod/c/cm.yaml': cm('other'),
    'clusters/staging/a/cm.yaml': cm('apps'),
    'apps/base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
    'apps/base/cm.yaml': cm('web'),
    'apps/staging/kustomization.yaml': 'resources:\n  - ../base\n',
    'apps/production/kustomization.yaml': 'resources:\n  - ../base\n  - extra.yaml\n',
    'apps/production/extra.yaml': cm('web'),
  });
  const [d] = diagnosticsOf(s, 'clusters/prod/a/cm.yaml', 'duplicate-object');
  assert.match(messageOf(d), /ConfigMap settings is defined again/);
  assert.equal(d.relatedInformation!.length, 1);
  assert.match(d.relatedInformation![0].location.uri, /clusters\/prod\/b\/cm.yaml$/);
  assert.deepEqual(diagnosticsOf(s, 'clusters/staging/a/cm.yaml', 'duplicate-object'), []);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/c/cm.yaml', 'duplicate-object'), []);
  assert.equal(diagnosticsOf(s, 'apps/production/extra.yaml', 'duplicate-object').length, 1, 'the production overlay adds it twice');
  assert.deepEqual(codes(diagnosticsOf(s, 'apps/base/cm.yaml', 'duplicate-object')), ['duplicate-object']);
});

test('two ExternalSecrets owning one Secret in one build is an error on both', async () => {
  const other = TOKEN.replace('name: gitea-token\n  namespace', 'name: token-copy\n  namespace').replace('spec:\n', 'spec:\n  target:\n    name: gitea-token\n');
  const s = await ws({ 'clusters/prod/t1.yaml': TOKEN, 'clusters/prod/t2.yaml': other, 'clusters/staging/t1.yaml': TOKEN });
  const [d] = diagnosticsOf(s, 'clusters/prod/t1.yaml', 'duplicate-secret-owner');
  assert.match(messageOf(d), /Secret gitea-token is owned by this ExternalSecret and by token-copy/);
  assert.equal(diagnosticsOf(s, 'clusters/prod/t2.yaml', 'duplicate-secret-owner').length, 1);
  assert.deepEqual(diagnosticsOf(s, 'clusters/staging/t1.yaml', 'duplicate-secret-owner'), []);
});

test('${VAR} under a Kustomization path must be defined by substitute / substituteFrom', async () => {
  const post = yaml`
      postBuild:
        substitute:
          CLUSTER: prod
        substituteFrom:
          - kind: ConfigMap
            name: cluster-vars
  `.replace(/^/gm, '  ');
  const s = await ws({
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/apps.yaml': ks('apps', post, './apps/prod'),
    'clusters/prod/vars.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  REGION: eu\n',
    'apps/prod/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: apps\ndata:\n  a: ${CLUSTER}-${REGION}\n  b: ${ZONE:=a}\n  c: $${ESCAPED}\n  d: ${MISSING}\n  # ${IN_COMMENT}\n',
    'other/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  namespace: apps\ndata:\n  a: ${NOT_BUILT}\n',
  });
  const ds = diagnosticsOf(s, 'apps/prod/cm.yaml', 'undefined-variable');
  assert.deepEqual(ds.map((d) => messageOf(d).slice(0, 10)), ['${MISSING}']);
  assert.match(messageOf(ds[0]), /Kustomization apps/);
  assert.equal(ds[0].relatedInformation![0].location.uri, 'file:///ws/clusters/prod/apps.yaml');
  assert.deepEqual(diagnosticsOf(s, 'other/cm.yaml', 'undefined-variable'), []);
});

test('a Kustomization path that is missing in this repository is an error; one from another repository is not', async () => {
  const s = await ws({
    'apps/staging/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/apps.yaml': ks('apps', '', './apps/prod'),
    'clusters/prod/infra.yaml': ks('infra', '', './clusters/prod'),
    'clusters/prod/tenant.yaml': ks('tenant', '', './deploy').replace('name: flux-system', 'name: tenant-repo'),
  });
  const [d] = diagnosticsOf(s, 'clusters/prod/apps.yaml', 'path-not-found');
  assert.match(messageOf(d), /\.\/apps\/prod/);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/infra.yaml', 'path-not-found'), []);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/tenant.yaml', 'path-not-found'), []);
});

test('without a git remote, a path whose first folder is not in the workspace is not reported (partial checkouts)', async () => {
  const files = { 'clusters/prod/git.yaml': GIT, 'clusters/prod/apps.yaml': ks('apps', '', './apps/prod') };
  assert.deepEqual(diagnosticsOf(await ws(files), 'clusters/prod/apps.yaml', 'path-not-found'), []);
  const withRemote = await ws({ ...files, '.git/config': '[remote "origin"]\n\turl = https://gitea.example.com/platform/fleet.git\n' });
  assert.equal(diagnosticsOf(withRemote, 'clusters/prod/apps.yaml', 'path-not-found').length, 1, 'the remote marks the repository root');
});

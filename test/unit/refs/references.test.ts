import assert from 'node:assert/strict';
import { messageOf } from './fixtures';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { workspace, yaml } from '../helpers';
import { codes, diagnosticsOf, GIT, ks, remember, STORE, TOKEN } from './fixtures';

const REF_CODES = ['unresolved-reference', 'unresolved-external', 'reference-namespace'];

async function ws(files: Record<string, string>, layer?: Parameters<typeof workspace>[1]) {
  return remember(await workspace(files, layer), files);
}

test('a sourceRef, a secretRef produced by an ExternalSecret and a ClusterSecretStore resolve', async () => {
  const s = await ws({
    'clusters/prod/flux-system/git.yaml': GIT,
    'clusters/prod/flux-system/token.yaml': TOKEN,
    'clusters/prod/flux-system/store.yaml': STORE,
    'clusters/prod/flux-system/apps.yaml': ks('apps'),
    'apps/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
  });
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/flux-system/git.yaml', ...REF_CODES), []);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/flux-system/token.yaml', ...REF_CODES), []);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/flux-system/apps.yaml', ...REF_CODES), []);
});

test('a Secret nobody produces is a warning that says it must come from outside; external: silences it', async () => {
  const files = { 'clusters/prod/git.yaml': GIT };
  const s = await ws(files);
  const [d] = diagnosticsOf(s, 'clusters/prod/git.yaml', ...REF_CODES);
  assert.equal(d.code, 'unresolved-external');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.match(messageOf(d), /Secret "gitea-token" in namespace flux-system/);
  assert.match(messageOf(d), /outside/);
  assert.equal(d.range.start.line, 11, 'on the secret name');
  const silenced = await ws(files, { external: [{ kind: 'Secret', name: 'gitea-*' }] });
  assert.deepEqual(diagnosticsOf(silenced, 'clusters/prod/git.yaml', ...REF_CODES), []);
});

test('the bootstrap GitRepository missing is a warning naming flux bootstrap, never an error', async () => {
  const s = await ws({ 'clusters/prod/apps.yaml': ks('apps', '', './clusters/prod'), 'clusters/prod/infra.yaml': ks('infra', '', './clusters/prod') });
  const ds = diagnosticsOf(s, 'clusters/prod/apps.yaml', ...REF_CODES);
  assert.deepEqual(codes(ds), ['unresolved-external']);
  assert.match(messageOf(ds[0]), /flux bootstrap/);
});

test('a dependsOn typo among the Kustomizations of one cluster tree is an error with a suggestion', async () => {
  const s = await ws({
    'clusters/prod/git.yaml': GIT,
    'clusters/prod/infra.yaml': ks('infrastructure', '', './clusters/prod'),
    'clusters/prod/apps.yaml': ks('apps', '  dependsOn:\n    - name: infrastructur\n', './clusters/prod'),
  });
  const ds = diagnosticsOf(s, 'clusters/prod/apps.yaml', ...REF_CODES);
  assert.deepEqual(codes(ds), ['unresolved-reference']);
  assert.equal(ds[0].severity, DiagnosticSeverity.Error);
  assert.match(messageOf(ds[0]), /Did you mean "infrastructure"/);
});

test('namespaces come from the including kustomization.yaml, and a reference defaults to its referrer\'s', async () => {
  const release = (ns: string) => yaml`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: podinfo
    spec:
      interval: 10m
      chart:
        spec:
          chart: podinfo
          sourceRef:
            kind: HelmRepository
            name: podinfo
            namespace: ${ns}
  `;
  const repo = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\nspec:\n  url: https://stefanprodan.github.io/podinfo\n';
  const s = await ws({
    'apps/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\nresources:\n  - repo.yaml\n  - release.yaml\n  - wrong.yaml\n',
    'apps/base/repo.yaml': repo,
    'apps/base/release.yaml': release('podinfo'),
    'apps/base/wrong.yaml': release('default').replace('name: podinfo\nspec', 'name: other\nspec'),
  });
  assert.deepEqual(diagnosticsOf(s, 'apps/base/release.yaml', ...REF_CODES), []);
  const wrong = diagnosticsOf(s, 'apps/base/wrong.yaml', ...REF_CODES);
  assert.deepEqual(codes(wrong), ['reference-namespace']);
  assert.match(messageOf(wrong[0]), /namespace podinfo/);
});

test('kustomize patch files define nothing', async () => {
  const s = await ws({
    'apps/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\npatches:\n  - path: patch.yaml\n',
    'apps/prod/patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\n  namespace: apps\ndata:\n  a: b\n',
    'apps/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - release.yaml\n',
    'apps/base/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: r\n  namespace: apps\nspec:\n  valuesFrom:\n    - kind: ConfigMap\n      name: values\n',
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'apps/base/release.yaml', ...REF_CODES)), ['unresolved-external']);
  assert.deepEqual(diagnosticsOf(s, 'apps/prod/patch.yaml', 'duplicate-object'), []);
});

test('Alert providerRef, eventSources wildcards, ImagePolicy markers and PushSecret selector secrets', async () => {
  const s = await ws({
    'n/provider.yaml': 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: slack\n  namespace: flux-system\nspec:\n  type: slack\n',
    'n/alert.yaml': yaml`
      apiVersion: notification.toolkit.fluxcd.io/v1beta3
      kind: Alert
      metadata:
        name: all
        namespace: flux-system
      spec:
        providerRef:
          name: slak
        eventSources:
          - kind: Kustomization
            name: '*'
    `,
    'n/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/x/web:1.0.0 # {"$imagepolicy": "flux-system:web"}\n',
    'n/push.yaml': 'apiVersion: external-secrets.io/v1alpha1\nkind: PushSecret\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  secretStoreRefs:\n    - kind: ClusterSecretStore\n      name: openbao\n  selector:\n    secret:\n      name: db-credentials\n',
  });
  const alert = diagnosticsOf(s, 'n/alert.yaml', ...REF_CODES);
  assert.deepEqual(codes(alert), ['unresolved-external'], 'the wildcard eventSource is not checked');
  assert.match(messageOf(alert[0]), /Provider "slak"/);
  const marker = diagnosticsOf(s, 'n/deploy.yaml', ...REF_CODES);
  assert.equal(marker.length, 1);
  assert.match(messageOf(marker[0]), /ImagePolicy "web" in namespace flux-system/);
  const push = diagnosticsOf(s, 'n/push.yaml', ...REF_CODES).map((d) => messageOf(d)).join('\n');
  assert.match(push, /ClusterSecretStore "openbao"/);
  assert.match(push, /Secret "db-credentials" in namespace apps/);
});

test('valuesFrom a kustomize configMapGenerator and secrets of a ClusterExternalSecret resolve', async () => {
  const s = await ws({
    'apps/kustomization.yaml': 'namespace: web\nresources:\n  - release.yaml\nconfigMapGenerator:\n  - name: web-values\n    files:\n      - values.yaml=values.txt\n',
    'apps/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\nspec:\n  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n    - kind: Secret\n      name: registry\n',
    'infra/ces.yaml': 'apiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata:\n  name: registry\nspec:\n  externalSecretSpec:\n    secretStoreRef:\n      kind: ClusterSecretStore\n      name: openbao\n',
    'infra/store.yaml': STORE,
  });
  assert.deepEqual(diagnosticsOf(s, 'apps/release.yaml', ...REF_CODES), []);
});

test('hover on a HelmRelease chart sourceRef shows the HelmRepository and its url', async () => {
  const files: Record<string, string> = {
    'r.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  url: https://stefanprodan.github.io/podinfo\n',
    'hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n',
  };
  const s = await ws(files);
  s.open('file:///ws/hr.yaml', 1, files['hr.yaml']);
  const text = (s.hover('file:///ws/hr.yaml', { line: 11, character: 16 })!.contents as { value: string }).value;
  assert.match(text, /spec\.chart\.spec\.sourceRef\*\* → HelmRepository `apps\/podinfo`/);
  assert.match(text, /url: `https:\/\/stefanprodan\.github\.io\/podinfo`/);
  assert.match(text, /\[r\.yaml:4\]\(file:\/\/\/ws\/r\.yaml#L4\)/);
});

// Profiles per cluster folder: each cluster is checked with the Flux and ESO releases its own manifests
// declare, else the profile setting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SettingsLayer } from '../../../server/src/core/settings';
import { chooseRelease } from '../../../server/src/core/schema/profileChoice';
import { loadCatalog } from '../../../server/src/node/schemas';
import { CARET, caret, uriOf, workspace, yaml } from '../helpers';

const STORE = yaml`
  apiVersion: external-secrets.io/v1
  kind: ClusterSecretStore
  metadata:
    name: onepassword
  spec:
    provider:
      onepasswordSDK:
        vault: platform
        auth:
          serviceAccountSecretRef:
            name: op-token
            key: token
`;

const esoRelease = (version: string) => yaml`
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: external-secrets
    namespace: external-secrets
  spec:
    interval: 10m
    chart:
      spec:
        chart: external-secrets
        version: "${version}"
        sourceRef:
          kind: HelmRepository
          name: external-secrets
`;

const IMAGE_POLICY = 'apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImagePolicy\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  imageRepositoryRef:\n    name: app\n  policy:\n    semver:\n      range: 1.x\n';

async function open(files: Record<string, string>, rel: string, layer?: SettingsLayer) {
  const hasCaret = files[rel].includes(CARET);
  const { text, offset } = hasCaret ? caret(files[rel]) : { text: files[rel], offset: 0 };
  const service = await workspace({ ...files, [rel]: text }, layer);
  const uri = uriOf(rel);
  service.open(uri, 1, text);
  return { service, uri, position: service.parsed(uri)!.lines.positionAt(offset) };
}

async function codesOf(files: Record<string, string>, rel: string, layer?: SettingsLayer) {
  const { service, uri } = await open(files, rel, layer);
  // References to objects these small fixtures leave out are not what these tests are about.
  return service.diagnostics(uri).filter((d) => d.source === 'flux-gitops' && d.code !== 'unresolved-external').map((d) => String(d.code));
}

describe('releases from versions and ranges', () => {
  const catalog = loadCatalog();
  const pick = (c: 'flux' | 'eso', v: string) => {
    const r = chooseRelease(catalog.releases(c), v);
    return r && `${r.release.minor}:${r.fit}`;
  };
  test('exact versions, ranges and the newest matching profile', () => {
    assert.equal(pick('flux', 'v2.6.1'), '2.6:match');
    assert.equal(pick('flux', '2.x'), '2.9:match');
    assert.equal(pick('eso', '>=0.19.0 <0.20.0'), '0.19:match');
    assert.equal(pick('eso', '~1.3.0'), '1.3:match');
    assert.equal(pick('eso', '0.16.2'), '0.16:match');
  });
  test('newer than every profile takes the newest; older the oldest; not a version nothing', () => {
    assert.equal(pick('eso', '2.1.0'), '1.3:newer');
    assert.equal(pick('flux', '2.12.x'), '2.9:newer');
    assert.equal(pick('flux', 'v2.3.0'), '2.6:older');
    assert.equal(pick('eso', 'latest'), undefined);
    assert.equal(pick('eso', '0.20.4'), '0.19:between', 'between two profiles: the nearest older one');
  });
});

describe('detection per cluster folder', () => {
  test('an external-secrets HelmRelease chart 1.3.1: onepasswordSDK is clean there, reported under 0.16 elsewhere', async () => {
    const files = {
      'flux/clusters/new/infra/eso.yaml': esoRelease('1.3.1'),
      'flux/clusters/new/infra/store.yaml': STORE,
      'flux/clusters/old/infra/eso.yaml': esoRelease('0.16.2'),
      'flux/clusters/old/infra/store.yaml': STORE,
    };
    assert.deepEqual(await codesOf(files, 'flux/clusters/new/infra/store.yaml'), []);
    const { service, uri } = await open(files, 'flux/clusters/old/infra/store.yaml');
    const [d] = service.diagnostics(uri).filter((x) => x.code === 'unknown-field');
    assert.ok(d, 'onepasswordSDK is unknown to ESO 0.16');
    assert.match(String(d.message), /onepasswordSDK.*exists in github.com\/external-secrets\/external-secrets@v(0\.19\.2|1\.3\.2)/);
    assert.equal((d.data as { replacement?: string } | undefined)?.replacement, undefined, 'no "did you mean" replacement');
    const titles = service.codeActions(uri, [d]).map((a) => a.title);
    assert.ok(!titles.some((t) => t.startsWith('Change to')), titles.join());
  });

  test('a real typo still gets its quick fix', async () => {
    const typo = STORE.replace('vault: platform', 'vaultt: platform');
    const { service, uri } = await open({ 'flux/clusters/new/infra/eso.yaml': esoRelease('1.3.1'), 'flux/clusters/new/infra/store.yaml': typo }, 'flux/clusters/new/infra/store.yaml');
    const d = service.diagnostics(uri).find((x) => x.code === 'unknown-field');
    assert.equal((d?.data as { replacement?: string } | undefined)?.replacement, 'vault');
  });

  test('the OCIRepository of the external-secrets chart declares ESO by its tag', async () => {
    const oci = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: external-secrets\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: oci://ghcr.io/external-secrets/charts/external-secrets\n  ref:\n    tag: 1.3.2\n';
    assert.deepEqual(await codesOf({ 'flux/clusters/a/infra/oci.yaml': oci, 'flux/clusters/a/infra/store.yaml': STORE }, 'flux/clusters/a/infra/store.yaml'), []);
  });

  test('the gotk-components.yaml header declares Flux: v1beta2 image APIs are current under Flux 2.6', async () => {
    const gotk = '# This manifest was generated by flux. DO NOT EDIT.\n# Flux Version: v2.6.4\n# Components: source-controller,kustomize-controller\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n';
    const files = { 'flux/clusters/old/flux-system/gotk-components.yaml': gotk, 'flux/clusters/old/apps/policy.yaml': IMAGE_POLICY, 'flux/clusters/new/apps/policy.yaml': IMAGE_POLICY };
    assert.deepEqual(await codesOf(files, 'flux/clusters/old/apps/policy.yaml'), []);
    assert.deepEqual(await codesOf(files, 'flux/clusters/new/apps/policy.yaml'), ['api-removed']);
  });

  test('a FluxInstance distribution.version range and the flux-instance chart values declare Flux', async () => {
    const instance = 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.6.x"\n    registry: ghcr.io/fluxcd\n';
    assert.deepEqual(await codesOf({ 'flux/clusters/a/flux-system/instance.yaml': instance, 'flux/clusters/a/apps/policy.yaml': IMAGE_POLICY }, 'flux/clusters/a/apps/policy.yaml'), []);
    const hr = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      distribution:\n        version: ">=2.6.0 <2.7.0"\n';
    assert.deepEqual(await codesOf({ 'flux/clusters/b/flux-system/instance.yaml': hr, 'flux/clusters/b/apps/policy.yaml': IMAGE_POLICY }, 'flux/clusters/b/apps/policy.yaml'), []);
  });

  test('a repository without cluster folders takes the declarations made anywhere in it', async () => {
    const files = { 'infrastructure/eso/release.yaml': esoRelease('1.3.1'), 'infrastructure/stores/store.yaml': STORE };
    assert.deepEqual(await codesOf(files, 'infrastructure/stores/store.yaml'), []);
    const { service, uri, position } = await open({ ...files, 'infrastructure/stores/store.yaml': STORE.replace('external-secrets.io/v1', 'external-§secrets.io/v1') }, 'infrastructure/stores/store.yaml');
    assert.match(JSON.stringify(service.hover(uri, position)?.contents), /ESO 1\.3 \(v1\.3\.2\)\*\* — from the HelmRelease external-secrets, chart 1\.3\.1\./);
  });

  test('without a declaration the setting decides', async () => {
    const files = { 'flux/clusters/a/infra/store.yaml': STORE };
    assert.deepEqual(await codesOf(files, 'flux/clusters/a/infra/store.yaml', { profile: 'flux-2.9+eso-1.3' }), []);
    assert.deepEqual(await codesOf(files, 'flux/clusters/a/infra/store.yaml'), ['unknown-field']);
  });

  test('ESO 2.x uses the newest ESO profile: one info diagnostic on the version, and the hover says so', async () => {
    const files = { 'flux/clusters/a/infra/eso.yaml': esoRelease('2.0.1'), 'flux/clusters/a/infra/store.yaml': STORE.replace('external-secrets.io/v1', 'external-§secrets.io/v1') };
    const eso = await open(files, 'flux/clusters/a/infra/eso.yaml');
    const infos = eso.service.diagnostics(eso.uri).filter((d) => d.code === 'profile-version');
    assert.equal(infos.length, 1);
    assert.equal(infos[0].severity, 3);
    assert.match(String(infos[0].message), /ESO 2\.0\.1 is newer than every schema profile here; the manifests it covers are checked with ESO 1\.3 \(v1\.3\.2\)/);
    const store = await open(files, 'flux/clusters/a/infra/store.yaml');
    assert.deepEqual(store.service.diagnostics(store.uri).map((d) => d.code), []);
    const hover = JSON.stringify(store.service.hover(store.uri, store.position)?.contents);
    assert.match(hover, /ESO 1\.3 \(v1\.3\.2\)\*\* — from the HelmRelease external-secrets, chart 2\.0\.1 \(cluster a\)/);
    assert.match(hover, /newer than every profile/);
  });

  test('a version that is not semver is said once and the setting is used', async () => {
    const files = { 'flux/clusters/a/infra/eso.yaml': esoRelease('stable'), 'flux/clusters/a/infra/store.yaml': STORE };
    const eso = await open(files, 'flux/clusters/a/infra/eso.yaml');
    assert.deepEqual(eso.service.diagnostics(eso.uri).map((d) => d.code).filter((c) => c !== 'unresolved-external'), ['profile-version']);
    assert.deepEqual(await codesOf(files, 'flux/clusters/a/infra/store.yaml'), ['unknown-field']);
  });

  test('hover on a Flux apiVersion names the setting when nothing is declared', async () => {
    const { service, uri, position } = await open({ 'flux/clusters/a/apps/policy.yaml': IMAGE_POLICY.replace('v1beta2', 'v§1') }, 'flux/clusters/a/apps/policy.yaml');
    assert.match(JSON.stringify(service.hover(uri, position)?.contents), /Flux 2\.9 \(v1\.9\.5\)\*\* — the profile setting \(flux-2\.9\)/);
  });
});

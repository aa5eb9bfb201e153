// The Flux Operator: a FluxInstance's sync (or the flux-instance chart's values) defines the source and the
// root Kustomization the operator creates, and its path is checked like a Kustomization's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspace, yaml } from '../helpers';
import { codes, diagnosticsOf, ks, messageOf, remember } from './fixtures';

async function ws(files: Record<string, string>) {
  return remember(await workspace(files), files);
}

const instance = (path: string, extra = '') => yaml`
  apiVersion: fluxcd.controlplane.io/v1
  kind: FluxInstance
  metadata:
    name: flux
    namespace: flux-system
  spec:
    distribution:
      version: "2.x"
      registry: ghcr.io/fluxcd
    sync:
      kind: GitRepository
      url: https://gitea.example.com/platform/fleet.git
      ref: refs/heads/main
      path: ${path}
` + extra;

const APP = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: app
    namespace: apps
`;

test('a FluxInstance sync defines the flux-system GitRepository and Kustomization', async () => {
  const s = await ws({
    'clusters/prod/flux-system/instance.yaml': instance('clusters/prod'),
    'clusters/prod/apps.yaml': ks('apps', '  dependsOn:\n    - name: flux-system\n', './apps'),
    'apps/cm.yaml': APP,
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/apps.yaml')), []);
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/flux-system/instance.yaml')), []);
});

test('without the instance the same reference is an unresolved-external warning', async () => {
  const s = await ws({ 'clusters/prod/apps.yaml': ks('apps', '', './apps'), 'apps/cm.yaml': APP });
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/apps.yaml')), ['unresolved-external']);
});

test('sync.name overrides the name, and the objects live in the instance namespace', async () => {
  const named = instance('clusters/prod').replace('kind: GitRepository\n', 'kind: GitRepository\n    name: fleet\n');
  const s = await ws({
    'clusters/prod/flux-system/instance.yaml': named,
    'clusters/prod/apps.yaml': ks('apps', '', './apps').replace('name: flux-system', 'name: fleet'),
    'clusters/prod/other.yaml': ks('other', '', './apps'),
    'apps/cm.yaml': APP,
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/apps.yaml')), []);
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/other.yaml')), ['unresolved-external'], 'flux-system is no longer created');
});

test('a wrong sync path is reported on the path', async () => {
  const s = await ws({
    'clusters/prod/flux-system/instance.yaml': instance('clusters/prdo'),
    'apps/cm.yaml': APP,
  });
  const [d] = diagnosticsOf(s, 'clusters/prod/flux-system/instance.yaml', 'path-not-found');
  assert.ok(d, 'the wrong path is reported');
  assert.match(messageOf(d), /clusters\/prdo/);
  assert.match(messageOf(d), /Kustomization "flux-system"/);
  assert.equal(d.range.start.line, 13, 'on the path value');
});

test('an OCI sync defines an OCIRepository, and its path is not a folder of this repository', async () => {
  const oci = instance('./').replace('kind: GitRepository', 'kind: OCIRepository').replace('https://gitea.example.com/platform/fleet.git', 'oci://ghcr.io/org/fleet');
  const s = await ws({
    'clusters/prod/flux-system/instance.yaml': oci.replace('path: ./', 'path: nowhere'),
    'clusters/prod/apps.yaml': ks('apps', '', './apps').replace('kind: GitRepository', 'kind: OCIRepository'),
    'apps/cm.yaml': APP,
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/flux-system/instance.yaml')), []);
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/apps.yaml')), []);
});

test('a HelmRelease of the flux-instance chart defines the sync objects from its values', async () => {
  const hr = yaml`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: flux
      namespace: flux-system
    spec:
      interval: 10m
      chartRef:
        kind: OCIRepository
        name: flux-instance
      values:
        instance:
          distribution:
            version: 2.6.x
          sync:
            kind: GitRepository
            url: https://gitea.example.com/platform/fleet.git
            ref: refs/heads/main
            path: clusters/prod
  `;
  const chart = yaml`
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata:
      name: flux-instance
      namespace: flux-system
    spec:
      interval: 10m
      url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance
      ref:
        semver: "*"
  `;
  const s = await ws({
    'clusters/prod/flux-system/instance.yaml': `${hr}---\n${chart}`,
    'clusters/prod/apps.yaml': ks('apps', '', './apps'),
    'apps/cm.yaml': APP,
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/apps.yaml')), []);
  assert.deepEqual(codes(diagnosticsOf(s, 'clusters/prod/flux-system/instance.yaml')), []);
  const wrong = await ws({ 'clusters/prod/flux-system/instance.yaml': hr.replace('path: clusters/prod', 'path: clusters/none'), 'apps/cm.yaml': APP });
  assert.deepEqual(codes(diagnosticsOf(wrong, 'clusters/prod/flux-system/instance.yaml', 'path-not-found')), ['path-not-found']);
});

test('FluxInstance fields are schema-checked: a wrong sync kind and an unknown field', async () => {
  const s = await ws({ 'clusters/prod/flux-system/instance.yaml': instance('clusters/prod').replace('kind: GitRepository', 'kind: GitRepo').replace('  sync:', '  synk: {}\n  sync:') });
  const found = codes(diagnosticsOf(s, 'clusters/prod/flux-system/instance.yaml'));
  assert.ok(found.includes('enum'), found.join());
  assert.ok(found.includes('unknown-field'), found.join());
});

test('FluxInstance gets completion and hover from its schema', async () => {
  const { openDoc } = await import('../helpers');
  const text = instance('clusters/prod').replace('  sync:\n', '  §\n  sync:\n');
  const { service, uri, position } = await openDoc(text);
  const labels = service.completion(uri, position, { clientHasSnippets: true }).map((i) => i.label);
  assert.ok(labels.includes('components') && labels.includes('cluster'), labels.join());
  const clean = text.replace('§', '');
  const at = await openDoc(clean.replace('  sync:', '  sy§nc:'));
  const hover = at.service.hover(at.uri, at.position);
  assert.match(JSON.stringify(hover?.contents), /source/i);
});

// The fleet's "repository" column: what each cluster folder declares (from the language server's index), the
// row's text, and the cells whose live object differs from their own cluster folder's manifest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFleet, type FleetSource } from '../../../client/src/cluster/fleet';
import type { FleetLayout } from '../../../client/src/cluster/fleetColumns';
import { withRow } from '../../../client/src/cluster/fleetUpdates';
import { declaredIndex, declaredOf, repositoryDrift, repositoryText } from '../../../client/src/cluster/fleetRepository';
import { imagesOf } from '../../../server/src/shared/images';
import type { KObject } from '../../../client/src/cluster/types';

const LAYOUT: FleetLayout = {
  categories: ['security'],
  environments: { staging: 'staging', production: 'production' },
  clusters: ['production', 'staging'],
  placements: [],
  declared: [
    { kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager', cluster: 'staging', chartVersion: '1.16.0' },
    { kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager', cluster: 'production', chartVersion: '1.15.3' },
    { kind: 'Kustomization', namespace: 'flux-system', name: 'apps', cluster: 'staging', path: './flux/apps/staging', images: ['podinfo:6.7.1'] },
    { kind: 'Kustomization', namespace: 'flux-system', name: 'apps', cluster: 'production', path: './flux/apps/production', images: ['podinfo:6.7.1'] },
  ],
};

const hr = (version: string): KObject => ({
  kind: 'HelmRelease',
  metadata: { name: 'cert-manager', namespace: 'cert-manager', generation: 1 },
  spec: { chart: { spec: { chart: 'cert-manager', version } } },
  status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded' }], history: [{ chartVersion: version }] },
});
const ks = (path: string, tag: string): KObject => ({
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 1 },
  spec: { path, images: [{ name: 'podinfo', newTag: tag }] },
  status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }], lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567' },
});

function source(context: string, objects: KObject[]): FleetSource {
  return {
    context,
    phase: 'ready',
    objects: (kind) => objects.filter((o) => o.kind === kind),
    get: (kind, ns, name) => objects.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name),
  };
}

describe('fleet repository column', () => {
  it('says what each cluster folder declares, once when they agree', () => {
    const idx = declaredIndex(LAYOUT.declared);
    assert.equal(repositoryText(declaredOf(idx, 'HelmRelease', 'cert-manager', 'cert-manager')), 'production: chart 1.15.3 · staging: chart 1.16.0');
    assert.equal(repositoryText([{ kind: 'HelmRelease', name: 'x', cluster: 'a', chartVersion: '1.0.0' }, { kind: 'HelmRelease', name: 'x', cluster: 'b', chartVersion: '1.0.0' }]), 'chart 1.0.0');
    assert.equal(repositoryText([]), undefined);
  });

  it('marks cells that run something other than their own cluster folder declares', () => {
    const fleet = buildFleet(
      [source('staging', [hr('1.15.3'), ks('./flux/apps/staging', '6.7.1')]), source('production', [hr('1.15.3'), ks('./flux/apps/production', '6.7.0')])],
      LAYOUT,
    );
    const rows = fleet.groups.flatMap((g) => g.rows);
    const cert = rows.find((r) => r.kind === 'HelmRelease')!;
    const apps = rows.find((r) => r.kind === 'Kustomization')!;
    const at = (row: typeof cert, ctx: string) => row.cells[fleet.columns.findIndex((c) => c.context === ctx)];
    assert.equal(cert.repository, 'production: chart 1.15.3 · staging: chart 1.16.0');
    assert.equal(at(cert, 'staging')?.drift, 'chart 1.15.3, the repository declares 1.16.0.');
    assert.equal(at(cert, 'production')?.drift, undefined);
    assert.equal(at(apps, 'staging')?.drift, undefined);
    assert.equal(at(apps, 'production')?.drift, 'images podinfo:6.7.0, the repository declares podinfo:6.7.1.');
  });

  it('keeps the mark when a single row is rebuilt after a watch event', () => {
    const objects = [hr('1.15.3')];
    const sources = [source('staging', objects)];
    const fleet = buildFleet(sources, LAYOUT);
    objects[0] = hr('1.16.0');
    const next = withRow(fleet, sources, 'HelmRelease/cert-manager/cert-manager', new Map([['staging', { canaries: new Map(), declared: declaredIndex(LAYOUT.declared) }]]));
    assert.equal(next?.changes.length, 1);
    assert.equal(next?.changes[0].cell?.drift, undefined);
    assert.equal(next?.changes[0].cell?.revision, '1.16.0');
  });

  it('compares only what can be compared', () => {
    const d = { kind: 'HelmRelease', name: 'x', cluster: 'a', chartVersion: '1.x' };
    assert.equal(repositoryDrift('HelmRelease', hr('1.2.0'), '1.2.0', d), undefined, 'a range is not a version');
    assert.equal(repositoryDrift('HelmRelease', hr('1.2.0'), 'v1.2.0', { ...d, chartVersion: '1.2.0' }), undefined, 'v prefix');
    assert.equal(repositoryDrift('Kustomization', ks('flux/apps/staging/', '6.7.1'), undefined, LAYOUT.declared![2]), undefined, 'paths are compared without ./ and /');
    assert.deepEqual(imagesOf([{ name: 'podinfo', newTag: '6.7.1' }, { name: 'nginx', newName: 'reg/nginx', digest: 'sha256:ab' }, { newTag: 'x' }]), ['podinfo:6.7.1', 'reg/nginx@sha256:ab']);
  });
});

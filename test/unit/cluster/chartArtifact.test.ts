// Where a release's chart artifact is read from: the source object of a HelmRelease, and the Service that the
// API server's proxy reaches for an artifact URL as source-controller advertises it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartSourceOf, storageServiceOf } from '../../../client/src/cluster/chartArtifact';
import type { KObject } from '../../../client/src/cluster/types';

const release = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KObject => ({ metadata: { name: 'podinfo', namespace: 'apps' }, spec, status });

test('the source of a release: its chartRef, else the HelmChart helm-controller generated', () => {
  assert.deepEqual(chartSourceOf(release({ chartRef: { kind: 'OCIRepository', name: 'podinfo' } })), { kind: 'OCIRepository', namespace: 'apps', name: 'podinfo' });
  assert.deepEqual(chartSourceOf(release({ chartRef: { kind: 'HelmChart', name: 'c', namespace: 'flux-system' } })), { kind: 'HelmChart', namespace: 'flux-system', name: 'c' });
  assert.deepEqual(chartSourceOf(release({ chart: { spec: { chart: 'podinfo' } } }, { helmChart: 'flux-system/apps-podinfo' })), { kind: 'HelmChart', namespace: 'flux-system', name: 'apps-podinfo' });
  assert.equal(chartSourceOf(release({ chart: { spec: { chart: 'podinfo' } } })), undefined);
});

test('the Service an artifact URL names, or source-controller in the Flux namespace', () => {
  assert.deepEqual(storageServiceOf('http://source-controller.flux-system.svc.cluster.local./helmchart/apps/apps-podinfo/podinfo-6.5.0.tgz', 'other'), {
    service: 'source-controller', namespace: 'flux-system', port: 'http', path: '/helmchart/apps/apps-podinfo/podinfo-6.5.0.tgz',
  });
  assert.deepEqual(storageServiceOf('http://source-ctl.flux.svc/ocirepository/apps/podinfo/sha256:abc.tar.gz', 'flux-system'), {
    service: 'source-ctl', namespace: 'flux', port: 'http', path: '/ocirepository/apps/podinfo/sha256%3Aabc.tar.gz',
  });
  assert.deepEqual(storageServiceOf('http://127.0.0.1:18082/helmchart/flux-system/x/a%20b.tgz', 'fluxcd'), {
    service: 'source-controller', namespace: 'fluxcd', port: 'http', path: '/helmchart/flux-system/x/a%20b.tgz',
  });
});

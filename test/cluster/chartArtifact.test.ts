// The chart a HelmRelease runs, downloaded the way the explorer does it: from source-controller's storage
// through the API server's service proxy (`services/source-controller:http/proxy/<artifact path>`), as the
// explorer's user (which has `get` on services/proxy in flux-system, and no Secret access). The archive's
// sha256 equals the artifact digest that source-controller wrote in the source's status, for a HelmChart
// (a chart from the Helm repository) and an OCIRepository (a chart from the OCI registry); a user without
// the permission is told which one is missing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { clusterChartParams, downloadArtifact, downloadReleaseChart, isDownloader, type ClusterChart } from '../../client/src/cluster/chartArtifact';
import { ClusterChartRequest } from '../../server/src/shared/protocol';
import { fileUri, startServer } from '../lsp/lspClient';
import { isApiError } from '../../client/src/cluster/errors';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { unpackChart } from '../../server/src/node/charts/unpack';
import { TESTBED, ensureTestbed, testbedInfo, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { certificateUser, userKubeconfig } from './kubeconfigs';

const NS = TESTBED.fluxNamespace;
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const EXPLORER = 'testbed-explorer-charts';

let admin: CustomObjectsApi;
let managers: ClusterManager[] = [];

function connect(kubeconfig: string, context: string): ClusterManager {
  const m = new ClusterManager({ kubeconfig, contexts: [context], fluxNamespace: NS, requestTimeoutSeconds: 10 }, undefined, {}, { backoffInitialMs: 100, backoffMaxMs: 2000 });
  managers.push(m);
  return m;
}

async function ready(m: ClusterManager, context: string): Promise<ClusterSession> {
  m.load();
  const session = m.session(context)!;
  await until((cb) => session.onEvent(cb), () => session.phase === 'ready' && session.count(HR) > 0, 30_000, `${context} ready with its HelmReleases`);
  return session;
}

/** What source-controller wrote: status.artifact of the source, read by the admin. */
async function statusArtifact(plural: string, name: string): Promise<{ digest: string; url: string }> {
  const obj = (await admin.getNamespacedCustomObject({ group: 'source.toolkit.fluxcd.io', version: 'v1', namespace: NS, plural, name })) as { status: { artifact: { digest: string; url: string } } };
  return obj.status.artifact;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

before(async () => {
  const kc = await ensureTestbed();
  admin = kc.makeApiClient(CustomObjectsApi);
});

after(() => {
  for (const m of managers) m.dispose();
  managers = [];
});

describe('with the explorer connected to the testbed', () => {
  let session: ClusterSession;

  before(async () => {
    session = await ready(connect(userKubeconfig(EXPLORER, certificateUser('explorer')), EXPLORER), EXPLORER);
  });

  async function releaseChart(name: string): Promise<ClusterChart> {
    const release = session.get(HR, NS, name);
    assert.ok(release, `the explorer sees HelmRelease ${name}`);
    assert.ok(isDownloader(session.transport));
    return downloadReleaseChart(session.transport, release, NS);
  }

  it("downloads a HelmRelease's chart (a HelmChart artifact) through the service proxy, equal to the artifact's digest", async () => {
    const got = await releaseChart('values-demo');
    assert.deepEqual(got.source, { kind: 'HelmChart', namespace: NS, name: `${NS}-values-demo` });
    const written = await statusArtifact('helmcharts', `${NS}-values-demo`);
    assert.equal(sha256(got.archive), written.digest);
    assert.equal(got.artifact.digest, written.digest);
    const files = await unpackChart(got.archive);
    assert.match(files['Chart.yaml'] ?? '', /name: testbed-values/);
    assert.match(files['values.yaml'] ?? '', /# -- How many greeters to run/);
  });

  it("downloads a chartRef's OCIRepository artifact (the chart pushed to the testbed's registry)", async () => {
    const got = await releaseChart('oci-values');
    assert.deepEqual(got.source, { kind: 'OCIRepository', namespace: NS, name: 'testbed-oci' });
    assert.equal(sha256(got.archive), (await statusArtifact('ocirepositories', 'testbed-oci')).digest);
    assert.match((await unpackChart(got.archive))['Chart.yaml'] ?? '', /name: testbed-oci/);
  });

  it("hands the charts to the language server's chart cache: a workspace without network then checks their values", async () => {
    const { ports } = testbedInfo();
    const dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cluster-chart-'));
    const cache = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cluster-chart-cache-'));
    const release = (name: string, chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: ${NS}\nspec:\n  interval: 10m\n${chart}  values:\n    replicaCount: 11\n`;
    const files: Record<string, string> = {
      'sources.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: testbed-charts\n  namespace: ${NS}\nspec:\n  interval: 10m\n  url: http://127.0.0.1:${ports.fixtures}/charts\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: testbed-oci\n  namespace: ${NS}\nspec:\n  interval: 10m\n  url: oci://127.0.0.1:${ports.registry}/charts/testbed-oci\n  ref:\n    tag: 0.2.0\n`,
      'apps/values-demo.yaml': release('values-demo', '  chart:\n    spec:\n      chart: testbed-values\n      version: "1.x"\n      sourceRef:\n        kind: HelmRepository\n        name: testbed-charts\n'),
      'apps/oci-values.yaml': release('oci-values', '  chartRef:\n    kind: OCIRepository\n    name: testbed-oci\n'),
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    // Untrusted: the server never uses the network, so only the cluster's charts can make values known.
    const server = await startServer(dir, { initializationOptions: { chartCacheDir: cache, trusted: false } });
    try {
      await server.waitForLog(/Indexed/, 30_000);
      assert.ok(isDownloader(session.transport));
      const sources: string[] = [];
      for (const name of ['values-demo', 'oci-values']) {
        const params = await clusterChartParams(session.transport, await releaseChart(name));
        const result = (await server.connection.sendRequest(ClusterChartRequest.method, params)) as ClusterChartRequest.Result;
        assert.ok('source' in result, JSON.stringify(result));
        sources.push(result.source);
      }
      assert.deepEqual(sources, [`helm|http://127.0.0.1:${ports.fixtures}/charts|testbed-values`, `oci|oci://127.0.0.1:${ports.registry}/charts/testbed-oci`]);
      for (const name of ['values-demo', 'oci-values']) {
        const ds = await server.diagnosticsWhen(fileUri(path.join(dir, 'apps', `${name}.yaml`)), (d) => d.some((x) => x.code === 'maximum'), 30_000);
        const line = files[`apps/${name}.yaml`].split('\n').indexOf('    replicaCount: 11');
        assert.deepEqual(ds.find((d) => d.code === 'maximum')!.range, { start: { line, character: 18 }, end: { line, character: 20 } });
      }
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('refuses an archive that does not match the digest it was asked for', async () => {
    const written = await statusArtifact('helmcharts', `${NS}-values-demo`);
    assert.ok(isDownloader(session.transport));
    await assert.rejects(downloadArtifact(session.transport, { ...written, digest: `sha256:${'0'.repeat(64)}` }, NS), /does not match its digest/);
  });

  it('refuses an artifact larger than the size limit', async () => {
    const written = await statusArtifact('helmcharts', `${NS}-values-demo`);
    assert.ok(isDownloader(session.transport));
    await assert.rejects(downloadArtifact(session.transport, written, NS, { maxBytes: 64, totalMs: 10_000 }), /larger than 64 bytes/);
  });
});

it('says which permission is missing when the user may not use the service proxy', async () => {
  const context = TESTBED.contexts.restricted;
  const session = await ready(connect(testbedKubeconfigPath(), context), context);
  assert.ok(isDownloader(session.transport));
  const written = await statusArtifact('helmcharts', `${NS}-values-demo`);
  const err = await downloadArtifact(session.transport, written, NS).then(() => undefined, (e: unknown) => e);
  assert.ok(isApiError(err, 'forbidden'), String(err));
  assert.match((err as Error).message, /may not get services\/proxy in namespace flux-system/);
});

// The language server asks the cluster for a chart by itself: a HelmRelease of a cluster folder whose chart is in
// no cache gets its values completed and checked once the explorer (here its plain-Node half, ClusterCharts, on a
// session connected to the testbed) answers the server's ChartFromClusterRequest with source-controller's
// artifact, downloaded through the service proxy; no command is run. A user without `get` on services/proxy gets
// a hover naming that permission, and the cluster is not asked again and again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterCharts } from '../../client/src/cluster/clusterCharts';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { ChartFromClusterRequest, ClusterConnectedNotification } from '../../server/src/shared/protocol';
import { fileUri, startServer, type LspSession } from '../lsp/lspClient';
import { TESTBED, ensureTestbed, testbedInfo, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { certificateUser, userKubeconfig } from './kubeconfigs';

const NS = TESTBED.fluxNamespace;
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const EXPLORER = 'testbed-explorer-fromcluster';
const managers: ClusterManager[] = [];
const dirs: string[] = [];

async function connected(kubeconfig: string, context: string): Promise<ClusterSession> {
  const m = new ClusterManager({ kubeconfig, contexts: [context], fluxNamespace: NS, requestTimeoutSeconds: 10 }, undefined, {}, { backoffInitialMs: 100, backoffMaxMs: 2000 });
  managers.push(m);
  m.load();
  const session = m.session(context)!;
  await until((cb) => session.onEvent(cb), () => session.phase === 'ready' && session.count(HR) > 0, 30_000, `${context} ready with its HelmReleases`);
  return session;
}

const RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: values-demo\n  namespace: ${NS}\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: testbed-values\n      version: "1.x"\n      sourceRef:\n        kind: HelmRepository\n        name: testbed-charts\n  values:\n    replicaCount: 11\n    \n`;

/** A workspace whose cluster folder `flux/clusters/testbed` holds the release and its HelmRepository. */
function workspace(): { dir: string; cache: string; release: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fgt-chart-from-cluster-'));
  const cache = mkdtempSync(path.join(tmpdir(), 'fgt-chart-from-cluster-cache-'));
  dirs.push(dir, cache);
  const folder = path.join(dir, 'flux/clusters/testbed');
  mkdirSync(folder, { recursive: true });
  const repo = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: testbed-charts\n  namespace: ${NS}\nspec:\n  interval: 10m\n  url: http://127.0.0.1:${testbedInfo().ports.fixtures}/charts\n`;
  writeFileSync(path.join(folder, 'sources.yaml'), repo);
  writeFileSync(path.join(folder, 'values-demo.yaml'), RELEASE);
  return { dir, cache, release: fileUri(path.join(folder, 'values-demo.yaml')) };
}

/** The server, with the explorer's answers behind its ChartFromClusterRequest (counted). */
async function serverWith(charts: ClusterCharts, ws: ReturnType<typeof workspace>, trusted: boolean): Promise<{ lsp: LspSession; asked: ChartFromClusterRequest.Params[] }> {
  const lsp = await startServer(ws.dir, { initializationOptions: { chartCacheDir: ws.cache, trusted, clusterCharts: true } });
  const asked: ChartFromClusterRequest.Params[] = [];
  lsp.connection.onRequest(ChartFromClusterRequest.method, (p: ChartFromClusterRequest.Params) => {
    asked.push(p);
    return charts.answer(p);
  });
  return { lsp, asked };
}

async function hoverText(lsp: LspSession, uri: string, line: number, character: number): Promise<string> {
  const h = await lsp.connection.sendRequest<{ contents: { value: string } | string } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  return !h ? '' : typeof h.contents === 'string' ? h.contents : h.contents.value;
}

before(async () => {
  await ensureTestbed();
});

after(() => {
  for (const m of managers) m.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the server asks the cluster for a chart by itself', () => {
  let session: ClusterSession;

  before(async () => {
    session = await connected(userKubeconfig(EXPLORER, certificateUser('explorer')), EXPLORER);
  });

  it('values completion and checks appear with no command: the chart came from the mapped context through the service proxy', async () => {
    const ws = workspace();
    const charts = new ClusterCharts({ sessions: () => [session], mapping: () => ({ testbed: EXPLORER }), trusted: () => true });
    const { lsp, asked } = await serverWith(charts, ws, true);
    try {
      const t0 = performance.now();
      lsp.open(ws.release, RELEASE);
      const line = RELEASE.split('\n').indexOf('    replicaCount: 11');
      const diags = await lsp.diagnosticsWhen(ws.release, (d) => d.some((x) => x.code === 'maximum'), 60_000);
      console.log(`chart from the cluster checked the values ${(performance.now() - t0).toFixed(0)} ms after the open`);
      assert.equal(diags.find((d) => d.code === 'maximum')!.range.start.line, line, 'the schema violation is at replicaCount');
      assert.equal(asked.length, 1, 'the cluster was asked once');
      assert.deepEqual(asked[0].release, { name: 'values-demo', namespaces: [NS] });
      assert.deepEqual(asked[0].clusters, ['testbed']);
      assert.equal(charts.downloads, 1);

      const completion = await lsp.connection.sendRequest<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: ws.release }, position: { line: line + 1, character: 4 } });
      const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
      assert.ok(labels.includes('greeting'), `values keys of the chart are completed: ${labels.join(', ')}`);
      assert.match(await hoverText(lsp, ws.release, 9, 14), /from context testbed-explorer-fromcluster \(source-controller's artifact 1\./);

      // The same artifact is not downloaded again for another question.
      const again = await charts.answer(asked[0]);
      assert.ok('chart' in again);
      assert.equal(charts.downloads, 1, 'one download per artifact per session');
    } finally {
      await lsp.stop();
    }
  });
});

describe('an umbrella chart from the cluster', () => {
  it('completes and checks the keys of its sub-chart under the sub-chart\'s name', async () => {
    const session = await connected(userKubeconfig(`${EXPLORER}-umbrella`, certificateUser('explorer')), `${EXPLORER}-umbrella`);
    const ws = workspace();
    const text = RELEASE.replace('name: values-demo', 'name: umbrella').replace('chart: testbed-values', 'chart: testbed-umbrella').replace('version: "1.x"', 'version: 1.0.0')
      .replace('    replicaCount: 11\n    \n', '    testbed-sub:\n      levell: 2\n      \n');
    const file = ws.release.replace('values-demo.yaml', 'umbrella.yaml');
    writeFileSync(new URL(file), text);
    const charts = new ClusterCharts({ sessions: () => [session], mapping: () => ({ testbed: session.name }), trusted: () => true });
    const { lsp, asked } = await serverWith(charts, ws, false);
    try {
      lsp.open(file, text);
      const line = text.split('\n').indexOf('      levell: 2');
      const diags = await lsp.diagnosticsWhen(file, (d) => d.some((x) => x.code === 'unknown-value' && x.range.start.line === line), 60_000);
      assert.match(String(diags.find((d) => d.code === 'unknown-value')!.message), /no value "levell" in spec\.values\.testbed-sub.*Did you mean "level"\?/);
      assert.equal(asked.filter((p) => p.release.name === 'umbrella').length, 1);
      const completion = await lsp.connection.sendRequest<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: file }, position: { line: line + 1, character: 6 } });
      const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label).sort();
      assert.deepEqual(labels, ['level', 'message']);
    } finally {
      await lsp.stop();
    }
  });
});

describe('the explorer connecting after the file was opened', () => {
  it('the server asks again when told a context connected, and the values get checked', async () => {
    const session = await connected(userKubeconfig(`${EXPLORER}-late`, certificateUser('explorer')), `${EXPLORER}-late`);
    const sessions: ClusterSession[] = [];
    const ws = workspace();
    const charts = new ClusterCharts({ sessions: () => sessions, mapping: () => ({ testbed: `${EXPLORER}-late` }), trusted: () => true });
    // Untrusted on the server's side, so that only the cluster can bring the chart.
    const { lsp, asked } = await serverWith(charts, ws, false);
    try {
      lsp.open(ws.release, RELEASE);
      let text = await hoverText(lsp, ws.release, 9, 14);
      for (let i = 0; i < 10 && !/connected to no context/.test(text); i++) {
        await Promise.race([lsp.nextDiagnostics(ws.release), new Promise((r) => setTimeout(r, 5000))]);
        text = await hoverText(lsp, ws.release, 9, 14);
      }
      assert.match(text, /the cluster explorer is connected to no context/);
      assert.equal(asked.length, 1);
      sessions.push(session);
      const params: ClusterConnectedNotification.Params = { context: session.name };
      void lsp.connection.sendNotification(ClusterConnectedNotification.method, params);
      const line = RELEASE.split('\n').indexOf('    replicaCount: 11');
      const diags = await lsp.diagnosticsWhen(ws.release, (d) => d.some((x) => x.code === 'maximum'), 60_000);
      assert.equal(diags.find((d) => d.code === 'maximum')!.range.start.line, line);
      assert.equal(asked.length, 2, 'asked once more, after the connection');
    } finally {
      await lsp.stop();
    }
  });
});

describe('a user without get on services/proxy', () => {
  it('gets a hover naming the missing permission, and the cluster is asked once', async () => {
    const context = TESTBED.contexts.restricted;
    const restricted = await connected(testbedKubeconfigPath(), context);
    const ws = workspace();
    const charts = new ClusterCharts({ sessions: () => [restricted], mapping: () => ({ testbed: context }), trusted: () => true });
    // Untrusted on the server's side: the network is not used, so the cluster's answer is the whole story.
    const { lsp, asked } = await serverWith(charts, ws, false);
    try {
      lsp.open(ws.release, RELEASE);
      // Each state change of the chart publishes the release's diagnostics again: hover after each publication.
      let text = await hoverText(lsp, ws.release, 9, 14);
      for (let i = 0; i < 10 && !/services\/proxy/.test(text); i++) {
        await Promise.race([lsp.nextDiagnostics(ws.release), new Promise((r) => setTimeout(r, 5000))]);
        text = await hoverText(lsp, ws.release, 9, 14);
      }
      console.log(`hover: ${JSON.stringify(text)}`);
      assert.match(text, /may not get services\/proxy in namespace flux-system/);
      assert.match(text, /It would come from `testbed-values` `1\.x` from the Helm repository/);
      for (let i = 0; i < 3; i++) await hoverText(lsp, ws.release, 9, 14);
      assert.equal(asked.length, 1, 'a refusal is not asked again on every hover');
      assert.equal(charts.downloads, 1, 'one attempt');
    } finally {
      await lsp.stop();
    }
  });
});

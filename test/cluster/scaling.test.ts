// The fleet's scaling plan on the testbed: with more contexts than a small setup, a context nobody expands
// opens no watch and shows a summary (from one list per fleet kind, then from a FluxReport once the cluster has
// one); expanding it in the tree starts its watches; collapsing it stops them after the quiet period (shortened
// here to 1.5 s) and leaves the last watch state as its summary. Every context points at the testbed's one API
// server (see manyContextsKubeconfig), and the FluxReport CRD is the pinned flux-operator module's own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ApiRequest, StreamRequest, Transport } from '../../client/src/cluster/http';
import { ClusterManager, defaultTransport } from '../../client/src/cluster/manager';
import { summaryText } from '../../client/src/cluster/summary';
import type { KObject } from '../../client/src/cluster/types';
import { TreeModel } from '../../client/src/tree/model';
import { downloadModules } from '../../tools/schemas/gomod.mjs';
import { TESTBED, ensureTestbed, testbedKubeconfigPath, waitFor } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { manyContextsKubeconfig } from './kubeconfigs';

const OPERATOR = 'github.com/controlplaneio-fluxcd/flux-operator';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const REPORT_CRD = 'fluxreports.fluxcd.controlplane.io';
const ID = Date.now().toString(36);
const NS = `fgt-scale-${ID}`;
const NAMES = ['a', 'b', 'c'].map((x) => `fgt-scale-${ID}-${x}`);
const [A, B, C] = NAMES;
const QUIET_MS = 1500;

async function reportCrd(): Promise<Record<string, unknown>> {
  type Pin = { module: string; version: string; sum: string };
  const pins = JSON.parse(readFileSync(join(__dirname, '../../tools/schemas/pins.json'), 'utf8')) as { profiles: Record<string, { sources?: Pin[] }> };
  const pin = Object.values(pins.profiles).flatMap((p) => p.sources ?? []).find((p) => p.module === OPERATOR);
  assert.ok(pin, 'pins.json pins the flux-operator module');
  const dirs = await downloadModules([pin]);
  return parse(readFileSync(join(dirs.get(OPERATOR)!, 'config/crd/bases/fluxcd.controlplane.io_fluxreports.yaml'), 'utf8')) as Record<string, unknown>;
}

/** Counts the list requests and watch streams each context sends. */
const counts = new Map<string, { requests: number; watches: number }>();
function counted(t: Transport): Transport {
  const c = { requests: 0, watches: 0 };
  counts.set(t.context, c);
  return {
    context: t.context,
    server: t.server,
    request: <T>(req: ApiRequest) => {
      c.requests++;
      return t.request<T>(req);
    },
    stream: (req: StreamRequest) => {
      if (req.query?.watch) c.watches++;
      return t.stream(req);
    },
    dispose: () => (t as { dispose?: () => void }).dispose?.(),
  } as Transport;
}

describe('watches only where someone looks, a summary for the rest', () => {
  let admin: ClusterManager;
  let m: ClusterManager;
  let tree: TreeModel;
  let createdCrd = false;
  const adminRequest = <T>(method: 'POST' | 'DELETE' | 'GET', path: string, body?: unknown) =>
    admin.session(TESTBED.contexts.admin)!.transport.request<T>({ method, path, body });

  before(async () => {
    const kc = await ensureTestbed();
    admin = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    admin.load();
    await adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    const existed = await adminRequest('GET', `${CRD_PATH}/${REPORT_CRD}`).then(() => true, () => false);
    if (!existed) {
      await adminRequest('POST', CRD_PATH, await reportCrd());
      createdCrd = true;
    }
    await waitFor(kc, { path: CRD_PATH, name: REPORT_CRD }, (o) => !!(o as unknown as KObject).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'), { timeoutMs: 30_000 });
    m = new ClusterManager(
      { kubeconfig: manyContextsKubeconfig(NAMES), contexts: [], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 },
      (info, config, timeoutMs) => {
        const t = defaultTransport(info, config, timeoutMs);
        return t && counted(t);
      },
      process.env,
      {},
      // Three contexts stand for a large fleet: past one context only what is looked at is watched.
      { allUpTo: 1, quietMs: QUIET_MS, concurrency: 2, minAgeMs: 0 },
    );
    tree = new TreeModel(m, { flushMs: 5 });
    m.load();
  });

  after(async () => {
    tree?.dispose();
    m?.dispose();
    await adminRequest('DELETE', `/api/v1/namespaces/${NS}`).catch(() => undefined);
    if (createdCrd) await adminRequest('DELETE', `${CRD_PATH}/${REPORT_CRD}`).catch(() => undefined);
    admin?.dispose();
  });

  const contextRow = (name: string) => tree.view(tree.contextNode(name));

  it('opens no watch for a context nobody expanded, and shows its summary from the lists', async () => {
    await until((cb) => m.onEvent(cb), () => NAMES.every((n) => m.summary(n) !== undefined), 30_000, 'the summaries of every context');
    for (const name of NAMES) {
      const s = m.session(name)!;
      assert.equal(s.phase, 'idle');
      assert.equal(s.kinds.size, 0);
      assert.equal(counts.get(name)?.watches, 0, `${name} opened no watch`);
      const read = m.summary(name)!;
      assert.equal(read.summary.error, undefined, read.summary.error);
      assert.equal(read.summary.source, 'lists', 'the testbed has no FluxReport yet');
      assert.ok(read.summary.kinds.find((k) => k.kind === 'Kustomization')!.total > 0, 'the testbed has Kustomizations');
      const row = contextRow(name);
      assert.equal(row.description, summaryText(read.summary));
      assert.match(row.description ?? '', /^\d+ ready/);
      assert.match(row.tooltip.join('\n'), /Not watched: summary from one list per kind/);
      assert.equal(row.collapsible, 'collapsed');
    }
    // One FluxReport list, then one list per fleet kind: a handful of requests, no discovery.
    assert.ok(counts.get(A)!.requests <= 4, `requests of ${A}: ${counts.get(A)!.requests}`);
  });

  it('reads the FluxReport when the cluster has one', async () => {
    await adminRequest('POST', `/apis/fluxcd.controlplane.io/v1/namespaces/${NS}/fluxreports`, {
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'FluxReport',
      metadata: { name: 'flux', namespace: NS },
      spec: {
        distribution: { entitlement: 'Unknown', status: 'Installed', version: 'v2.9.0' },
        reconcilers: [
          { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', stats: { running: 31, failing: 2, suspended: 1 } },
          { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', stats: { running: 14, failing: 1, suspended: 0 } },
        ],
      },
    });
    const before = counts.get(C)!.requests;
    await m.refresh(C);
    await until((cb) => m.onEvent(cb), () => m.summary(C)?.summary.source === 'FluxReport', 20_000, 'the FluxReport summary');
    assert.equal(contextRow(C).description, '42 ready, 3 failing, 1 suspended');
    assert.equal(counts.get(C)!.requests - before, 1, 'one GET of the reports, no list');
    assert.equal(counts.get(C)!.watches, 0);
  });

  it('starts the watches of a context when it is expanded, and only of that one', async () => {
    const node = tree.contextNode(A);
    tree.children(node);
    const s = m.session(A)!;
    await until((cb) => s.onEvent(cb), () => s.phase === 'ready' && [...s.kinds.values()].every((k) => k.phase === 'watching'), 30_000, `the watches of ${A}`);
    assert.ok(counts.get(A)!.watches >= 5, `${A} watches its kinds (${counts.get(A)!.watches})`);
    assert.ok(s.kinds.size >= 5);
    assert.ok(tree.children(node).some((n) => tree.view(n).label === 'Kustomizations'));
    assert.ok(m.isWatched(A));
    assert.equal(counts.get(B)!.watches, 0, `${B} still opens no watch`);
    assert.equal(m.session(B)!.phase, 'idle');
  });

  it('stops the watches and drops the caches of a collapsed context after the quiet period', async () => {
    const s = m.session(A)!;
    const collapsedAt = Date.now();
    tree.collapsed(tree.contextNode(A));
    assert.equal(s.phase, 'ready', 'still watched during the quiet period');
    await until((cb) => s.onEvent(cb), () => s.phase === 'idle', QUIET_MS + 10_000, `${A} parked`);
    assert.ok(Date.now() - collapsedAt >= QUIET_MS - 50, `parked after ${Date.now() - collapsedAt} ms`);
    assert.equal(s.kinds.size, 0, 'no watch left');
    assert.equal(s.list('kustomize.toolkit.fluxcd.io/Kustomization').length, 0, 'the cache is dropped');
    const read = m.summary(A)!;
    assert.equal(read.summary.source, 'watch', 'the last watch state is the summary: no request');
    assert.match(contextRow(A).tooltip.join('\n'), /summary from the last watch/);
  });
});

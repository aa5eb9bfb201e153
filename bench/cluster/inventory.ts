// Inventory benchmark on the testbed: a Kustomization whose inventory holds 5,000 ConfigMaps (which exist,
// with kustomize-controller's labels), expanded in the tree model as the view would:
//   1. first paint: from the expand (children of the Kustomization) through its kind groups to the first page
//      of entries rendered (target <= 500 ms); the health of those entries may still be loading;
//   2. health: until every entry of the first page shows its health (one labelled list of 5,000 objects);
//   3. before the expand, no inventory is watched, and 5 s of idleness with the Kustomization shown make no
//      request about its inventory (the context's own Flux watches may renew; they are counted apart).
// The Kustomization is suspended and its status written by the benchmark, so no controller applies anything.
// Usage: node --import tsx bench/cluster/inventory.ts [--count 5000] [--keep]
import { KubeTransport } from '../../client/src/cluster/http';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { renderedAgainstLive } from '../../client/src/cluster/liveInventory';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed, testbedKubeconfigPath } from '../../test/testbed/helper';

const args = process.argv.slice(2);
const at = args.indexOf('--count');
const COUNT = at >= 0 ? Number(args[at + 1]) : 5000;
const KEEP = args.includes('--keep');
const NS = 'bench-inventory';
const NAME = 'bench-inventory';
const FLUX_NS = TESTBED.fluxNamespace;
const KS_PATH = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${FLUX_NS}/kustomizations`;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const log = (msg: string) => process.stderr.write(`[bench:inventory] ${msg}\n`);
const cm = (i: number) => `cm-${String(i).padStart(5, '0')}`;

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const ignoreConflict = (err: { kind?: string }) => {
  if (err.kind !== 'conflict') throw err;
};

async function seed(t: KubeTransport): Promise<void> {
  await t.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } }).catch(ignoreConflict);
  const labels = { 'kustomize.toolkit.fluxcd.io/name': NAME, 'kustomize.toolkit.fluxcd.io/namespace': FLUX_NS };
  const have = await t.request<{ items?: unknown[] }>({ path: `/api/v1/namespaces/${NS}/configmaps`, query: { labelSelector: `kustomize.toolkit.fluxcd.io/name=${NAME}` }, timeoutMs: 60_000 });
  const started = Date.now();
  if ((have.items?.length ?? 0) < COUNT) {
    await pool(Array.from({ length: COUNT }, (_, i) => i), 24, async (i) => {
      await t.request({ method: 'POST', path: `/api/v1/namespaces/${NS}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm(i), namespace: NS, labels }, data: { i: String(i) } } }).catch(ignoreConflict);
    });
    log(`created ${COUNT} ConfigMaps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await t.request({
    method: 'POST',
    path: KS_PATH,
    body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: NAME, namespace: FLUX_NS }, spec: { interval: '60m', path: './bench', prune: false, suspend: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } } },
  }).catch(ignoreConflict);
  const entries = Array.from({ length: COUNT }, (_, i) => ({ id: `${NS}_${cm(i)}__ConfigMap`, v: 'v1' }));
  await t.request({
    method: 'PATCH',
    path: `${KS_PATH}/${NAME}/status`,
    contentType: 'application/merge-patch+json',
    body: { status: { inventory: { entries }, lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567', conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'bench', lastTransitionTime: new Date().toISOString() }] } },
    timeoutMs: 60_000,
  });
}

function waitFor(subscribe: (cb: () => void) => { dispose(): void }, check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => (sub.dispose(), reject(new Error(`timed out waiting for ${what}`))), ms);
    const sub = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

const IDLE_MS = 5000;

/** Counts the requests and streams the session's transport starts until `stop()`, which returns their paths. */
function countRequests(s: ClusterSession): { stop(): string[] } {
  const t = s.transport as unknown as { request: (r: { path: string }) => Promise<unknown>; stream: (r: { path: string }) => Promise<unknown> };
  const paths: string[] = [];
  const [request, stream] = [t.request, t.stream];
  t.request = (r) => (paths.push(r.path), request.call(t, r));
  t.stream = (r) => (paths.push(r.path), stream.call(t, r));
  return {
    stop: () => {
      t.request = request;
      t.stream = stream;
      return paths;
    },
  };
}

/** Requests during `ms` of idleness; those outside the Flux groups are the inventory's. */
async function idleRequests(s: ClusterSession, ms: number): Promise<{ all: number; inventory: number }> {
  const counter = countRequests(s);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const paths = counter.stop();
  return { all: paths.length, inventory: paths.filter((p) => !/^\/apis\/[^/]*\.fluxcd\.io\//.test(p)).length };
}

async function main(): Promise<void> {
  await ensureTestbed();
  const kc = loadKubeconfig(testbedKubeconfigPath()).forContext(TESTBED.contexts.admin)!;
  const admin = new KubeTransport(TESTBED.contexts.admin, kc, 60_000);
  await seed(admin);
  const manager = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: FLUX_NS, requestTimeoutSeconds: 10 });
  const tree = new TreeModel(manager, { flushMs: 30 });
  manager.load();
  const s: ClusterSession = manager.session(TESTBED.contexts.admin)!;
  await waitFor((cb) => s.onEvent(cb), () => s.phase === 'error' || (s.phase === 'ready' && s.kinds.size > 0 && [...s.kinds.values()].every((k) => k.synced)), 60_000, 'every kind listed');
  if (s.phase === 'error') throw s.error;
  await waitFor((cb) => s.onEvent(cb), () => ((s.get(KS, FLUX_NS, NAME)?.status?.['inventory'] as { entries?: unknown[] } | undefined)?.entries?.length ?? 0) === COUNT, 30_000, 'the inventory');
  const node = tree.objectNode({ context: s.name, kindKey: KS, namespace: FLUX_NS, name: NAME }, 'Kustomizations');
  tree.view(node);
  // Idle with the 5,000-entry Kustomization shown but not expanded: every request the context makes is counted.
  const idle = await idleRequests(s, IDLE_MS);
  const watchedBefore = tree.depth.watchedOwners();
  const expandCounter = countRequests(s);
  const t0 = performance.now();
  const kinds = tree.children(node);
  for (const k of kinds) tree.view(k);
  const group = kinds.find((k) => k.type === 'kind')!;
  const page = tree.children(group);
  for (const n of page) tree.view(n);
  const paint = performance.now() - t0;
  const loaded = (n: TreeNode) => tree.view(n).icon !== 'loading';
  await waitFor((cb) => tree.onDidChange(cb), () => page.slice(0, -1).every(loaded), 60_000, 'the health of the first page');
  const health = performance.now() - t0;
  // The same counter sees the expand's requests: an idle count of 0 is not a counter that never counts.
  const expandRequests = expandCounter.stop().length;
  const views = page.slice(0, -1).map((n) => tree.view(n).icon);
  // Diff Rendered Output against Live Cluster on the same inventory, with an empty render: every object is
  // only in the cluster, the first DIFF_CAP are fetched by labelled list pages and written, the rest cut.
  const d0 = performance.now();
  const diff = await renderedAgainstLive(s.transport, s.get(KS, FLUX_NS, NAME)!, '');
  const diffMs = performance.now() - d0;
  const rows = [
    ['entries in the inventory', String(COUNT), '', ''],
    ['expand to first paint (kinds + first page of 200 rendered)', `${paint.toFixed(1)} ms`, '≤ 500 ms', paint <= 500 ? '✓' : '✗'],
    ['expand to the health of the first page (one labelled list)', `${health.toFixed(0)} ms`, '', ''],
    ['first page entries with a health', `${views.filter((i) => i === 'applied').length}/${page.length - 1} applied`, '', ''],
    ['inventories watched before the expand', String(watchedBefore), '0', watchedBefore === 0 ? '✓' : '✗'],
    [`idle ${IDLE_MS / 1000} s, nothing expanded: requests about the inventory (any non-Flux path)`, String(idle.inventory), '0', idle.inventory === 0 ? '✓' : '✗'],
    [`idle ${IDLE_MS / 1000} s, nothing expanded: requests of any kind (watch renewals included)`, String(idle.all), '', ''],
    [`Diff Rendered Output against Live Cluster: ${COUNT} entries, ${COUNT - diff.cut} fetched and written`, `${diffMs.toFixed(0)} ms, ${diff.requests} list requests, ${(diff.live.length / 1024).toFixed(0)} KiB`, '', ''],
    ['requests from the expand to the health of the first page (the same counter)', String(expandRequests), '≥ 1', expandRequests >= 1 ? '✓' : '✗'],
  ];
  process.stdout.write(`| metric | value | target | |\n|---|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
  tree.collapsed(node);
  tree.dispose();
  manager.dispose();
  if (!KEEP) {
    await admin.request({ method: 'DELETE', path: `${KS_PATH}/${NAME}` }).catch(() => undefined);
    await admin.request({ method: 'DELETE', path: `/api/v1/namespaces/${NS}` }).catch(() => undefined);
    log('deletion of the bench Kustomization and namespace requested');
  }
  admin.dispose();
  if (paint > 500 || idle.inventory > 0 || expandRequests === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});

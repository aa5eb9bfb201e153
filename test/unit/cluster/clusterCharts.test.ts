// The explorer's answers to the server's ChartFromClusterRequest, bounded: only a connected context a cluster
// folder maps to is asked, an untrusted workspace asks none, an artifact is downloaded once per session, a
// refusal is remembered instead of asked again, and at most two downloads run at once.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ClusterCharts } from '../../../client/src/cluster/clusterCharts';
import { ApiError } from '../../../client/src/cluster/errors';
import type { ApiRequest, DownloadRequest } from '../../../client/src/cluster/http';
import type { ClusterSession } from '../../../client/src/cluster/session';
import type { KObject } from '../../../client/src/cluster/types';
import type { ChartFromClusterRequest } from '../../../server/src/shared/protocol';

const ARCHIVE = Buffer.from('chart bytes');
const DIGEST = `sha256:${createHash('sha256').update(ARCHIVE).digest('hex')}`;
const RELEASE: KObject = { metadata: { name: 'web', namespace: 'apps' }, spec: { chart: { spec: { chart: 'demo' } } }, status: { helmChart: 'flux-system/apps-web' } };

interface Fake {
  session: ClusterSession;
  downloads: DownloadRequest[];
  requests: string[];
  /** Resolves the downloads waiting, when `hold` is set. */
  release(): void;
}

function fakeSession(name: string, options: { phase?: string; forbidden?: boolean; hold?: boolean; digest?: string } = {}): Fake {
  const downloads: DownloadRequest[] = [];
  const requests: string[] = [];
  const waiting: (() => void)[] = [];
  const transport = {
    context: name,
    request: async <T>(req: ApiRequest): Promise<T> => {
      requests.push(req.path);
      if (req.path.endsWith('/helmcharts/apps-web')) {
        return { metadata: { name: 'apps-web', namespace: 'flux-system' }, spec: { chart: 'demo', sourceRef: { kind: 'HelmRepository', name: 'charts' } }, status: { artifact: { url: 'http://source-controller.flux-system.svc/helmchart/x.tgz', digest: options.digest ?? DIGEST, revision: '1.2.3' } } } as T;
      }
      return { spec: { url: 'https://charts.example.com' } } as T;
    },
    download: async (req: DownloadRequest): Promise<Buffer> => {
      downloads.push(req);
      if (options.hold) await new Promise<void>((r) => waiting.push(r));
      if (options.forbidden) throw new ApiError(`Permission missing in context ${name}: the user may not get services/proxy in namespace flux-system.`, 'forbidden', 403, name);
      return ARCHIVE;
    },
  };
  const session = {
    name,
    phase: options.phase ?? 'ready',
    transport,
    options: { fluxNamespace: 'flux-system' },
    get: (_key: string, ns: string | undefined, n: string) => (ns === 'apps' && n === 'web' ? RELEASE : undefined),
    list: () => [RELEASE],
  } as unknown as ClusterSession;
  return { session, downloads, requests, release: () => waiting.splice(0).forEach((r) => r()) };
}

const ask = (clusters: string[] = ['staging']): ChartFromClusterRequest.Params => ({ release: { name: 'web', namespaces: ['apps'] }, clusters, source: 'demo' });
const charts = (sessions: Fake[], options: { trusted?: boolean; mapping?: Record<string, string> } = {}) =>
  new ClusterCharts({ sessions: () => sessions.map((f) => f.session), mapping: () => options.mapping ?? {}, trusted: () => options.trusted ?? true });

test('answers with the artifact of the mapped, connected context; an artifact is downloaded once per session', async () => {
  const staging = fakeSession('admin@staging');
  const prod = fakeSession('prod');
  const c = charts([prod, staging]);
  const answer = await c.answer(ask());
  assert.ok('chart' in answer);
  assert.equal(answer.chart.context, 'admin@staging');
  assert.equal(answer.chart.digest, DIGEST);
  assert.deepEqual(answer.chart.source, { kind: 'helm', url: 'https://charts.example.com', chart: 'demo' });
  assert.equal(prod.requests.length, 0, 'a context the folder does not map to is not asked');
  assert.ok('chart' in (await c.answer(ask())));
  assert.equal(staging.downloads.length, 1);
  assert.equal(c.downloads, 1);
});

test('says why not: untrusted, no mapped context, not connected, the release not there', async () => {
  const staging = fakeSession('staging');
  assert.match(JSON.stringify(await charts([staging], { trusted: false }).answer(ask())), /not trusted/);
  assert.match(JSON.stringify(await charts([]).answer(ask())), /the cluster explorer is connected to no context/);
  assert.match(JSON.stringify(await charts([staging]).answer(ask(['production']))), /no context of the explorer maps to cluster folder production \(setting fluxGitops.clusterContexts\)/);
  assert.match(JSON.stringify(await charts([fakeSession('staging', { phase: 'connecting' })]).answer(ask())), /not connected to staging/);
  const other = await charts([staging]).answer({ ...ask(), release: { name: 'api', namespaces: ['apps'] } });
  assert.match(JSON.stringify(other), /context staging has no HelmRelease api in apps/);
  assert.equal(staging.downloads.length, 0);
  // The explicit mapping wins over names.
  assert.ok('chart' in (await charts([fakeSession('kind-a')], { mapping: { staging: 'kind-a' } }).answer(ask())));
});

test('a 403 names the permission and is remembered: no second request to the cluster', async () => {
  const denied = fakeSession('staging', { forbidden: true });
  const c = charts([denied]);
  const first = await c.answer(ask());
  assert.ok('reason' in first);
  assert.match(first.reason, /may not get services\/proxy in namespace flux-system/);
  const requests = denied.requests.length;
  assert.deepEqual(await c.answer(ask()), first);
  assert.equal(denied.requests.length, requests, 'asked again within the failure period: answered from memory');
  assert.equal(denied.downloads.length, 1);
});

test('at most two downloads run at once', async () => {
  const sessions = ['a', 'b', 'c'].map((n, i) => fakeSession(`staging-${n}`, { hold: true, digest: `sha256:${String(i).repeat(64)}` }));
  // One broker, three contexts' artifacts (each its own cluster folder): the third waits for a slot.
  const shared = charts(sessions);
  const pending = sessions.map((s) => shared.answer(ask([s.session.name])));
  await waitFor(() => sessions.filter((s) => s.downloads.length).length === 2);
  assert.equal(sessions.filter((s) => s.downloads.length).length, 2, 'two start, the third waits');
  sessions.forEach((s) => s.release());
  await waitFor(() => sessions.every((s) => s.downloads.length === 1));
  sessions.forEach((s) => s.release());
  const answers = await Promise.all(pending);
  assert.equal(answers.filter((a) => 'reason' in a).length, 3, 'digests do not match these bytes: each says so');
});

/** Settles the microtasks until `ok` holds (bounded). */
async function waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setImmediate(r));
}

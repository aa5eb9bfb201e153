// The summary of a context that is not watched: from a FluxReport (flux-operator v0.59's spec.reconcilers),
// from lists, and read at most a few contexts at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiRequest, StreamHandle, Transport } from '../../../client/src/cluster/http';
import { ApiError } from '../../../client/src/cluster/errors';
import { leanObject, readSummary, Summaries } from '../../../client/src/cluster/summaries';
import { summaryDetails, summaryFromLists, summaryFromReport, summaryText, totals } from '../../../client/src/cluster/summary';
import type { KObject } from '../../../client/src/cluster/types';

const REPORT: KObject = {
  apiVersion: 'fluxcd.controlplane.io/v1',
  kind: 'FluxReport',
  metadata: { name: 'flux', namespace: 'flux-system' },
  spec: {
    distribution: { entitlement: 'Unknown', status: 'Installed' },
    reconcilers: [
      { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', stats: { running: 30, failing: 2, suspended: 1 } },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', stats: { running: 14, failing: 1, suspended: 0 } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', stats: { running: 1, failing: 0, suspended: 0, totalSize: '1.2 MiB' } },
      { kind: 7, stats: {} },
      'garbage',
    ],
  },
};

const obj = (name: string, ready: string | undefined, extra: Partial<KObject> = {}): KObject => ({
  metadata: { name, namespace: 'ns', generation: 1 },
  status: { observedGeneration: 1, conditions: ready ? [{ type: 'Ready', status: ready }] : [] },
  ...extra,
});

describe('context summary', () => {
  it('reads a FluxReport: running is every object not suspended, failing a part of it', () => {
    const s = summaryFromReport(REPORT, 1000);
    assert.equal(s.source, 'FluxReport');
    assert.deepEqual(s.kinds.map((k) => k.kind), ['Kustomization', 'HelmRelease', 'GitRepository']);
    assert.deepEqual(totals(s), { total: 46, failing: 3, suspended: 1, progressing: 0, ready: 42 });
    assert.equal(summaryText(s), '42 ready, 3 failing, 1 suspended');
    assert.match(summaryDetails(s, 61_000)[0], /FluxReport, 1m ago/);
    assert.ok(summaryDetails(s, 61_000).includes('Kustomization: 31 (2 failing, 1 suspended)'));
  });

  it('treats a report without reconcilers, or with nonsense counts, as empty', () => {
    assert.equal(summaryText(summaryFromReport({ metadata: { name: 'flux' }, spec: { reconcilers: [{ kind: 'Kustomization', stats: { running: -4, failing: 'x', suspended: 1.5 } }] } }, 0)), '0 ready, 1 suspended');
    assert.equal(summaryText(summaryFromReport({ metadata: { name: 'flux' } }, 0)), '0 ready');
  });

  it('counts listed objects by the state the tree shows', () => {
    const lists = new Map([
      ['Kustomization', [obj('a', 'True'), obj('b', 'False'), obj('c', 'True', { spec: { suspend: true } }), obj('d', undefined)]],
      ['HelmRelease', [obj('e', 'True'), { ...obj('f', 'True'), metadata: { name: 'f', generation: 2 } }]],
    ]);
    const s = summaryFromLists(lists, 0);
    assert.deepEqual(totals(s), { total: 6, failing: 1, suspended: 1, progressing: 2, ready: 2 });
    assert.equal(summaryText(s), '2 ready, 1 failing, 1 suspended, 2 progressing');
  });

  it('says why there is no summary', () => {
    assert.equal(summaryText({ source: 'lists', at: 0, kinds: [], error: 'connect ECONNREFUSED' }), 'connect ECONNREFUSED');
  });
});

/** A transport that answers from a table and counts what runs at once. */
class TableTransport implements Transport {
  readonly server = 'https://stub';
  inFlight = 0;
  maxInFlight = 0;
  readonly paths: string[] = [];
  constructor(
    readonly context: string,
    private readonly answer: (req: ApiRequest) => unknown,
  ) {}
  async request<T>(req: ApiRequest): Promise<T> {
    this.paths.push(`${req.path}${req.query?.continue ? `?continue=${String(req.query.continue)}` : ''}`);
    this.inFlight++;
    shared.now++;
    shared.max = Math.max(shared.max, shared.now);
    try {
      await new Promise((r) => setTimeout(r, 5));
      const a = this.answer(req);
      if (a instanceof Error) throw a;
      return a as T;
    } finally {
      this.inFlight--;
      shared.now--;
    }
  }
  stream(): Promise<StreamHandle> {
    throw new Error('a summary never watches');
  }
}
const shared = { now: 0, max: 0 };

const notFound = (ctx: string) => new ApiError('the server could not find the requested resource', 'notFound', 404, ctx);
const options = { concurrency: 4, minAgeMs: 30_000, timeoutMs: 1000, fluxNamespace: 'flux-system' };

describe('summary reads', () => {
  it('use the FluxReport alone when the tree only needs counts', async () => {
    const t = new TableTransport('a', (req) => (req.path.includes('fluxreports') ? { items: [REPORT] } : { items: [] }));
    const read = await readSummary(t, options, false);
    assert.equal(summaryText(read.summary), '42 ready, 3 failing, 1 suspended');
    assert.equal(read.objects, undefined);
    assert.deepEqual(t.paths, ['/apis/fluxcd.controlplane.io/v1/fluxreports']);
  });

  it('list each fleet kind, page by page and bounded, when there is no FluxReport', async () => {
    const page = (n: number, from: number) => Array.from({ length: n }, (_, i) => obj(`k${from + i}`, 'True', { metadata: { name: `k${from + i}`, namespace: 'ns', managedFields: [{ big: 1 }] } }));
    const t = new TableTransport('b', (req) => {
      if (req.path.includes('fluxreports')) return notFound('b');
      if (req.path.includes('kustomizations')) return req.query?.continue ? { items: page(500, 500) } : { items: page(500, 0), metadata: { continue: 'next' } };
      return { items: [obj('h', 'False')] };
    });
    assert.equal((await readSummary(t, options, false)).objects, undefined, 'counts alone keep no object');
    const read = await readSummary(t, options, true);
    assert.equal(summaryText(read.summary), '1000 ready, 1 failing');
    assert.equal(read.objects?.get('kustomize.toolkit.fluxcd.io/Kustomization')?.length, 1000);
    assert.equal(read.objects?.get('kustomize.toolkit.fluxcd.io/Kustomization')?.[0].metadata.managedFields, undefined, 'managed fields are not kept');
    assert.equal(t.paths.length, 8);
  });

  it('leave out a kind the cluster does not serve, and say when it serves none', async () => {
    const noHelm = new TableTransport('d', (req) => (req.path.includes('kustomizations') ? { items: [obj('k', 'True')] } : notFound('d')));
    assert.equal(summaryText((await readSummary(noHelm, options, false)).summary), '1 ready');
    const noFlux = new TableTransport('e', () => notFound('e'));
    assert.match((await readSummary(noFlux, options, false)).summary.error ?? '', /Flux is not installed/);
  });

  it('list the namespace of the context when the user may not list cluster-wide', async () => {
    const t = new TableTransport('r', (req) => (!req.path.includes('/namespaces/') ? new ApiError('forbidden', 'forbidden', 403, 'r') : { items: [obj('mine', 'True')] }));
    const read = await readSummary(t, options, false, Date.now, 'team-a');
    assert.equal(summaryText(read.summary), '2 ready', 'one of each fleet kind in team-a');
    assert.ok(t.paths.includes('/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/team-a/kustomizations'), t.paths.join(' '));
    assert.match((await readSummary(t, options, false)).summary.error ?? '', /forbidden/, 'no namespace: the 403 is the answer');
  });

  it('turn a context that is down into the summary error', async () => {
    const t = new TableTransport('c', () => new ApiError('Context c: cannot connect to https://10.0.0.1 (ECONNREFUSED).', 'unreachable', undefined, 'c'));
    const read = await readSummary(t, options, false);
    assert.match(read.summary.error ?? '', /ECONNREFUSED/);
  });

  it('run at most four contexts at once and do not read a fresh context again', async () => {
    shared.max = 0;
    const transports = new Map(Array.from({ length: 20 }, (_, i) => [`vc-${i}`, new TableTransport(`vc-${i}`, (req) => (req.path.includes('fluxreports') ? { items: [REPORT] } : { items: [] }))]));
    let changes = 0;
    const s = new Summaries((c) => (transports.has(c) ? { transport: transports.get(c)! } : undefined), options, () => changes++);
    for (const c of transports.keys()) s.request(c, false);
    s.request('vc-0', false);
    await new Promise<void>((resolve) => {
      const check = () => (s.pending() === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    assert.equal(changes, 20);
    assert.ok(shared.max <= 4, `at most 4 requests at once, saw ${shared.max}`);
    assert.equal(s.readsStarted, 20);
    s.request('vc-1', false);
    assert.equal(s.pending(), 0, 'a read younger than the minimum age is not repeated');
    s.request('vc-1', true);
    assert.equal(s.pending(), 1, 'but one that did not list the objects is, when the fleet needs them');
    await new Promise<void>((resolve) => {
      const check = () => (s.pending() === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    assert.ok(s.get('vc-1')?.objects, 'the fleet got its objects');
    s.dropObjects();
    assert.equal(s.get('vc-1')?.objects, undefined, 'the fleet closed: the objects go');
    assert.equal(summaryText(s.get('vc-1')!.summary), '42 ready, 3 failing, 1 suspended', 'the counts stay');
  });
});

it('a listed object keeps what the fleet reads, not its inventory, values or older history', () => {
  const obj = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease',
    metadata: { name: 'a', namespace: 'n', managedFields: [{}], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(1000), keep: 'y' } },
    spec: { suspend: true, values: { big: 'x'.repeat(1000) }, chart: { spec: { version: '1.2.3' } } },
    status: { conditions: [{ type: 'Ready', status: 'True' }], history: [{ chartVersion: '1.2.3' }, { chartVersion: '1.2.2' }], inventory: { entries: [{ id: 'x' }] }, lastAppliedRevision: '1.2.3' },
  };
  const lean = leanObject(obj as never) as unknown as typeof obj;
  assert.deepEqual(lean.metadata, { name: 'a', namespace: 'n', annotations: { keep: 'y' } });
  assert.deepEqual(lean.spec, { suspend: true, chart: { spec: { version: '1.2.3' } } });
  assert.deepEqual(lean.status, { conditions: [{ type: 'Ready', status: 'True' }], history: [{ chartVersion: '1.2.3' }], lastAppliedRevision: '1.2.3' });
  assert.equal(obj.status.history.length, 2, 'the object given is not changed');
});

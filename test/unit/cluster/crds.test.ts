// Reading a cluster's CRDs over a stub transport: pages are followed and bounded, only what schemas need is
// kept (no status, no managedFields), the stored copy answers while no resourceVersion changed, an answer that is
// not a list is refused, and the disk cache keeps one snapshot per context.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CrdCache } from '../../../client/src/cluster/crdCache';
import { MAX_CRDS, readClusterCrds, type CrdSnapshot, type CrdStore } from '../../../client/src/cluster/crds';
import type { ApiRequest, StreamHandle, Transport } from '../../../client/src/cluster/http';

const crd = (i: number, rv = '1') => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `c${i}.example.io`, resourceVersion: rv, managedFields: [{ manager: 'kubectl' }] },
  spec: { group: 'example.io', names: { kind: `C${i}`, plural: `c${i}` }, scope: 'Namespaced', conversion: { strategy: 'Webhook' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } }, additionalPrinterColumns: [] }] },
  status: { acceptedNames: {} },
});

/** Serves `items` a page at a time, as the API server does with `limit` and `continue`. */
class StubTransport implements Transport {
  readonly context = 'stub';
  readonly server = 'https://stub';
  readonly requests: ApiRequest[] = [];
  constructor(public items: unknown[], private readonly answer?: unknown) {}

  async request<T>(req: ApiRequest): Promise<T> {
    this.requests.push(req);
    if (this.answer !== undefined) return this.answer as T;
    const start = Number(req.query?.continue ?? 0);
    const limit = Number(req.query?.limit);
    const end = start + limit;
    const page = this.items.slice(start, end);
    const items = req.accept?.includes('PartialObjectMetadataList') ? page.map((i) => ({ metadata: (i as { metadata: unknown }).metadata })) : page;
    return { metadata: end < this.items.length ? { continue: String(end) } : {}, items } as T;
  }

  stream(): Promise<StreamHandle> {
    throw new Error('no streams here');
  }
}

class MemoryStore implements CrdStore {
  saved: CrdSnapshot | undefined;
  load(context: string) {
    return this.saved?.context === context ? this.saved : undefined;
  }
  save(snapshot: CrdSnapshot) {
    this.saved = snapshot;
  }
}

describe('reading CRDs from a cluster', () => {
  it('follows pages, keeps only what schemas need, and answers from the store while nothing changed', async () => {
    const t = new StubTransport(Array.from({ length: 60 }, (_, i) => crd(i)));
    const store = new MemoryStore();
    const first = await readClusterCrds(t, store);
    assert.equal(first.fromCache, false);
    assert.equal(first.snapshot.crds.length, 60);
    const kept = JSON.stringify(first.snapshot.crds[0]);
    for (const dropped of ['managedFields', 'status', 'conversion', 'additionalPrinterColumns']) assert.ok(!kept.includes(dropped), `${dropped} dropped: ${kept}`);
    assert.equal(t.requests.filter((r) => !r.accept).length, 3, 'the full list in pages of 25');
    assert.ok(t.requests.every((r) => r.purpose?.verb === 'list' && r.purpose.resource === 'customresourcedefinitions.apiextensions.k8s.io'));

    t.requests.length = 0;
    const again = await readClusterCrds(t, store);
    assert.equal(again.fromCache, true);
    assert.deepEqual(t.requests.map((r) => !!r.accept), [true], 'one metadata-only list');

    t.items[7] = crd(7, '2');
    assert.equal((await readClusterCrds(t, store)).fromCache, false, 'a changed resourceVersion reads them again');
    t.items.pop();
    assert.equal((await readClusterCrds(t, store)).snapshot.crds.length, 59, 'a deleted CRD is gone');
  });

  it('stops at the limit, and refuses an answer that is not a list', async () => {
    const many = new StubTransport(Array.from({ length: MAX_CRDS + 40 }, (_, i) => crd(i)));
    assert.equal((await readClusterCrds(many, new MemoryStore())).snapshot.crds.length, MAX_CRDS);
    const odd = new StubTransport([], { kind: 'Status', items: 'nope' });
    await assert.rejects(readClusterCrds(odd, new MemoryStore()), /not a list/);
  });

  it('the disk cache keeps one snapshot per context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgt-crd-cache-'));
    const cache = new CrdCache(dir);
    assert.equal(cache.load('a'), undefined);
    cache.save({ context: 'a', server: 'https://a', readAt: 'now', crds: [] });
    cache.save({ context: 'a', server: 'https://a', readAt: 'later', crds: [] });
    cache.save({ context: 'b', server: 'https://b', readAt: 'now', crds: [] });
    assert.equal(cache.load('a')?.readAt, 'later');
    assert.equal(cache.load('b')?.server, 'https://b');
    assert.equal(readdirSync(dir).length, 2, 'no temporary file left behind');
  });
});

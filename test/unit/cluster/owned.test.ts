// The live objects of an inventory over a stub transport: lists run a few at a time, a collection dropped
// while its list is pending frees its slot, a refused list is given up and kept as the collection's error,
// Secrets are never asked for, and stop() aborts every watch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../client/src/cluster/errors';
import type { ApiRequest, StreamHandle, StreamRequest, Transport } from '../../../client/src/cluster/http';
import { OwnedObjects } from '../../../client/src/cluster/owned';

class StubTransport implements Transport {
  readonly context = 'stub';
  readonly server = 'http://stub';
  readonly paths: string[] = [];
  readonly pending = new Map<string, (items: unknown[]) => void>();
  maxInFlight = 0;
  openStreams = 0;
  forbidden = new Set<string>();

  async request<T>(req: ApiRequest): Promise<T> {
    this.paths.push(req.path);
    if (!req.query?.['limit']) return { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }, { name: 'secrets', kind: 'Secret', namespaced: true }] } as T;
    if (this.forbidden.has(req.path)) throw new ApiError('forbidden', 'forbidden', 403, this.context);
    return new Promise<T>((resolve) => {
      this.pending.set(req.path, (items) => {
        this.pending.delete(req.path);
        resolve({ metadata: { resourceVersion: '1' }, items } as T);
      });
      this.maxInFlight = Math.max(this.maxInFlight, this.pending.size);
    });
  }

  async stream(req: StreamRequest): Promise<StreamHandle> {
    this.openStreams++;
    let end: (e: undefined) => void = () => undefined;
    const done = new Promise<undefined>((r) => (end = r));
    const abort = () => {
      this.openStreams--;
      end(undefined);
    };
    req.signal?.addEventListener('abort', abort);
    return { done, abort };
  }
}

const cm = (ns: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: ns });
const tick = () => new Promise((r) => setImmediate(r));

describe('owned objects', () => {
  it('lists at most `concurrency` collections at once, and frees a dropped one\'s slot', async () => {
    const t = new StubTransport();
    const owned = new OwnedObjects(t, 'a=b', { timeoutMs: 1000, concurrency: 2 }, () => undefined);
    owned.setTargets([cm('a'), cm('b'), cm('c'), cm('d')]);
    await tick();
    await tick();
    assert.deepEqual([...t.pending.keys()], ['/api/v1/namespaces/a/configmaps', '/api/v1/namespaces/b/configmaps']);
    owned.setTargets([cm('b'), cm('c'), cm('d')]);
    await tick();
    await tick();
    assert.deepEqual([...t.pending.keys()].sort(), ['/api/v1/namespaces/a/configmaps', '/api/v1/namespaces/b/configmaps', '/api/v1/namespaces/c/configmaps'], 'dropping a frees its slot for c');
    t.pending.get('/api/v1/namespaces/b/configmaps')!([{ metadata: { name: 'x', namespace: 'b' } }]);
    await tick();
    await tick();
    assert.ok(t.pending.has('/api/v1/namespaces/d/configmaps'), 'an answered list frees its slot for d');
    assert.equal(owned.object({ group: '', kind: 'ConfigMap', namespace: 'b', name: 'x' })?.kind, 'ConfigMap');
    assert.equal(owned.state({ group: '', kind: 'ConfigMap', namespace: 'b' })?.phase, 'ready');
    owned.stop();
    assert.equal(t.openStreams, 0, 'stop() aborts the watches');
  });

  it('keeps a refused list as the collection\'s error and never asks for Secrets', async () => {
    const t = new StubTransport();
    t.forbidden.add('/api/v1/namespaces/a/configmaps');
    const changes: string[] = [];
    const owned = new OwnedObjects(t, 'a=b', { timeoutMs: 1000 }, (k) => changes.push(k));
    owned.setTargets([cm('a'), { group: '', version: 'v1', kind: 'Secret', namespace: 'a' }]);
    for (let i = 0; i < 5 && owned.state(cm('a'))?.phase !== 'error'; i++) await tick();
    assert.equal(owned.state(cm('a'))?.error?.kind, 'forbidden');
    assert.equal(owned.errors().length, 1);
    assert.equal(owned.pending(), 0);
    assert.ok(!t.paths.some((p) => p.includes('/secrets')), t.paths.join(', '));
    assert.equal(owned.state({ group: '', kind: 'Secret', namespace: 'a' }), undefined);
    owned.stop();
  });
});

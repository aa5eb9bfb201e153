// A small in-process stand-in for kube-apiserver, for the pure tests of the cluster layer: discovery, list
// and watch with resourceVersions and bookmarks-free events, merge patch, 403 and 410 injection, and dropped
// connections. It implements only what the cluster layer uses; the real API server is covered by test/cluster.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

interface Resource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const FAKE_RESOURCES: Resource[] = [
  { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', kind: 'Kustomization', namespaced: true },
  { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories', kind: 'GitRepository', namespaced: true },
  { group: 'external-secrets.io', version: 'v1', plural: 'externalsecrets', kind: 'ExternalSecret', namespaced: true },
];

interface Watcher {
  res: http.ServerResponse;
  plural: string;
  namespace?: string;
}

type WatchEvent = { type: string; object: FakeObject; rv: number };

export class FakeApi {
  private server = http.createServer((req, res) => this.handle(req, res));
  private rv = 100;
  readonly objects = new Map<string, FakeObject>();
  private readonly history: WatchEvent[] = [];
  private watchers = new Set<Watcher>();
  /** Plurals whose list/watch answers 403. */
  readonly forbidden = new Set<string>();
  /** Oldest resourceVersion a watch may resume from; older ones get 410 Gone. */
  compactedBelow = 0;
  /** Serve no Flux groups at all. */
  noFlux = false;
  readonly requests: string[] = [];
  /** Authorization headers seen, to check that credentials (tokens, exec plugins) are applied. */
  readonly authorizations = new Set<string>();
  port = 0;
  private readonly watchListeners = new Set<() => void>();
  /** Called after each merge patch; a test "controller" reacts to annotations here. */
  onPatched: ((obj: FakeObject) => void) | undefined;

  /** Called whenever a watch opens; for tests that wait on reconnects. */
  onWatchOpened(cb: () => void): { dispose(): void } {
    this.watchListeners.add(cb);
    return { dispose: () => this.watchListeners.delete(cb) };
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** A kubeconfig with one context pointing here (plain HTTP, as client-node allows with skip-tls-verify). */
  kubeconfig(user = '    token: fake-token'): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-kube-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: fake',
        'clusters:',
        `- name: fake\n  cluster:\n    server: http://127.0.0.1:${this.port}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: fake\n  user:\n${user}`,
        'contexts:',
        '- name: fake\n  context:\n    cluster: fake\n    user: fake\n    namespace: flux-system',
      ].join('\n'),
    );
    return file;
  }

  private key(plural: string, ns: string | undefined, name: string): string {
    return `${plural}|${ns ?? ''}|${name}`;
  }

  private pluralOf(kind: string): string {
    return FAKE_RESOURCES.find((r) => r.kind === kind)?.plural ?? `${kind.toLowerCase()}s`;
  }

  put(obj: FakeObject): FakeObject {
    const plural = this.pluralOf(obj.kind);
    const k = this.key(plural, obj.metadata.namespace, obj.metadata.name);
    const existed = this.objects.has(k);
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.generation ??= 1;
    this.objects.set(k, stored);
    this.publish(existed ? 'MODIFIED' : 'ADDED', plural, stored);
    return stored;
  }

  remove(kind: string, ns: string | undefined, name: string): void {
    const plural = this.pluralOf(kind);
    const k = this.key(plural, ns, name);
    const obj = this.objects.get(k);
    if (!obj) return;
    this.objects.delete(k);
    obj.metadata.resourceVersion = String(++this.rv);
    this.publish('DELETED', plural, obj);
  }

  private publish(type: string, plural: string, object: FakeObject): void {
    const event = { type, object, rv: this.rv };
    this.history.push(event);
    for (const w of this.watchers) {
      if (w.plural !== plural) continue;
      if (w.namespace && object.metadata.namespace !== w.namespace) continue;
      w.res.write(`${JSON.stringify({ type, object })}\n`);
    }
  }

  /** Closes every open watch abruptly, like an API server restart. */
  dropWatches(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
  }

  /** Sends a 410 ERROR event on every open watch, as after an etcd compaction. */
  expireWatches(): void {
    this.compactedBelow = this.rv + 1;
    for (const w of this.watchers) {
      w.res.write(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`);
    }
  }

  openWatches(): number {
    return this.watchers.size;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? ' watch' : ''}`);
    if (req.headers.authorization) this.authorizations.add(req.headers.authorization);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/apis') {
      const groups = this.noFlux ? [] : [...new Set(FAKE_RESOURCES.map((r) => r.group))];
      return json(200, {
        groups: groups.map((g) => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } })),
      });
    }
    const gv = /^\/apis\/([^/]+)\/(v[^/]+)$/.exec(url.pathname);
    if (gv) {
      const resources = FAKE_RESOURCES.filter((r) => r.group === gv[1] && r.version === gv[2]).map((r) => ({
        name: r.plural,
        kind: r.kind,
        namespaced: r.namespaced,
        verbs: ['get', 'list', 'watch', 'patch'],
      }));
      return json(200, { resources });
    }
    const m = /^\/apis\/([^/]+)\/([^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (m) return this.resource(req, res, url, { namespace: m[3], plural: m[4]!, name: m[5] }, json);
    if (/^\/api\/v1\/namespaces\/[^/]+\/(pods|events)$/.test(url.pathname)) {
      if (url.searchParams.get('watch')) return this.watch(res, url, url.pathname.endsWith('pods') ? 'pods' : 'events', undefined);
      return json(200, { metadata: { resourceVersion: String(this.rv) }, items: [] });
    }
    json(404, { kind: 'Status', code: 404, message: `no route ${url.pathname}` });
  }

  private resource(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    p: { namespace?: string; plural: string; name?: string },
    json: (s: number, b: unknown) => void,
  ): void {
    if (this.forbidden.has(p.plural)) {
      return json(403, { kind: 'Status', code: 403, message: `${p.plural} is forbidden: User "fake" cannot list resource "${p.plural}"` });
    }
    if (!p.name && req.method === 'GET') {
      if (url.searchParams.get('watch')) return this.watch(res, url, p.plural, p.namespace);
      const items = [...this.objects.entries()].filter(([k, o]) => k.startsWith(`${p.plural}|`) && (!p.namespace || o.metadata.namespace === p.namespace)).map(([, o]) => o);
      return json(200, { metadata: { resourceVersion: String(this.rv) }, items });
    }
    const k = this.key(p.plural, p.namespace, p.name ?? '');
    const obj = this.objects.get(k);
    if (!obj) return json(404, { kind: 'Status', code: 404, message: 'not found' });
    if (req.method === 'GET') return json(200, obj);
    if (req.method === 'PATCH') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const next = mergePatch(structuredClone(obj), JSON.parse(body)) as FakeObject;
        if (JSON.stringify(next.spec) !== JSON.stringify(obj.spec)) next.metadata.generation = (obj.metadata.generation ?? 1) + 1;
        const stored = this.put(next);
        json(200, stored);
        // The controller reacts after the answer, as a real one would.
        setImmediate(() => this.onPatched?.(stored));
      });
      return;
    }
    json(405, { kind: 'Status', code: 405, message: 'method not allowed' });
  }

  private watch(res: http.ServerResponse, url: URL, plural: string, namespace: string | undefined): void {
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    if (from && from < this.compactedBelow) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const w: Watcher = { res, plural, namespace };
    for (const e of this.history) {
      if (e.rv > from && this.pluralOf(e.object.kind) === plural) res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
    }
    this.watchers.add(w);
    res.on('close', () => this.watchers.delete(w));
    for (const cb of [...this.watchListeners]) cb();
  }
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function kustomization(name: string, namespace: string, ready: 'True' | 'False' | 'Unknown', extra: Partial<FakeObject> = {}): FakeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace, generation: 1 },
    spec: { interval: '10m', sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './' },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'ReconciliationSucceeded' : 'BuildFailed', message: ready === 'True' ? 'Applied revision' : 'kustomize build failed' }],
    },
    ...extra,
  };
}

/** Waits until `check` holds, re-checking whenever `subscribe` reports a change; rejects after `ms`. */
export function until(subscribe: (cb: () => void) => { dispose(): void }, check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

// The cluster layer over the in-process fake API server: discovery, list-then-watch, resume after a dropped
// connection, re-list after 410 Gone, 403 messages, "Flux is not installed", and merge patches.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterManager } from '../../../client/src/cluster/manager';
import type { ClusterSession } from '../../../client/src/cluster/session';
import { FakeApi, kustomization, until } from './fakeApi';

const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';

function manager(api: FakeApi): ClusterManager {
  return new ClusterManager(
    { kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 },
    undefined,
    {},
    { backoffInitialMs: 20, backoffMaxMs: 200 },
  );
}

function onSession(s: ClusterSession) {
  return (cb: () => void) => s.onEvent(cb);
}

describe('cluster session over a fake API server', () => {
  const api = new FakeApi();
  let m: ClusterManager;
  let s: ClusterSession;

  before(async () => {
    await api.start();
    api.put(kustomization('apps', 'flux-system', 'True'));
    api.put(kustomization('infra', 'flux-system', 'False'));
    m = manager(api);
    m.load();
    s = m.session('fake')!;
    assert.ok(s, 'the context of the kubeconfig has a session');
    await until(onSession(s), () => s.kinds.get(KS)?.synced === true, 5000, 'the first list');
  });

  after(async () => {
    m.dispose();
    await api.stop();
  });

  it('discovers the served kinds at the served version and lists them', () => {
    assert.equal(s.phase, 'ready');
    assert.equal(s.served(KS)?.version, 'v1');
    assert.equal(s.served(KS)?.plural, 'kustomizations');
    assert.equal(s.served('helm.toolkit.fluxcd.io/HelmRelease'), undefined, 'a kind the cluster does not serve is not watched');
    assert.deepEqual(s.list(KS).map((o) => o.metadata.name).sort(), ['apps', 'infra']);
    assert.equal(s.list(KS)[0]?.kind, 'Kustomization');
  });

  it('delivers a watch update for a status change', async () => {
    const updated = until(onSession(s), () => s.get(KS, 'flux-system', 'infra')?.status?.conditions?.[0]?.status === 'True', 2000, 'the update');
    api.put(kustomization('infra', 'flux-system', 'True'));
    await updated;
  });

  it('resumes the watch after the connection drops, without a re-list', async () => {
    const lists = s.watchStats().lists;
    api.dropWatches();
    // Three kinds plus the controller pods: four watches reconnect.
    await until((cb) => api.onWatchOpened(cb), () => api.openWatches() >= 4, 3000, 'the watches to reconnect');
    const seen = until(onSession(s), () => s.get(KS, 'flux-system', 'late') !== undefined, 3000, 'an object added after the reconnect');
    api.put(kustomization('late', 'flux-system', 'True'));
    await seen;
    assert.equal(s.watchStats().lists, lists, 'a resumed watch does not list again');
  });

  it('lists again after 410 Gone', async () => {
    const lists = s.watchStats().lists;
    let resets = 0;
    const sub = s.onEvent((e) => e.type === 'reset' && e.kindKey === KS && resets++);
    api.expireWatches();
    await until(onSession(s), () => resets > 0, 3000, 'the re-list');
    sub.dispose();
    assert.ok(s.watchStats().lists > lists);
    assert.equal(s.list(KS).length, 3, 'the store holds the re-listed set');
  });

  it('removes deleted objects', async () => {
    const gone = until(onSession(s), () => s.get(KS, 'flux-system', 'late') === undefined, 2000, 'the delete');
    api.remove('Kustomization', 'flux-system', 'late');
    await gone;
  });

  it('merge-patches and sees the result through the watch', async () => {
    await s.mergePatch({ context: 'fake', kindKey: KS, namespace: 'flux-system', name: 'apps' }, { metadata: { annotations: { a: 'b' } } });
    await until(onSession(s), () => s.get(KS, 'flux-system', 'apps')?.metadata.annotations?.a === 'b', 2000, 'the patched object');
  });
});

describe('cluster session errors', () => {
  it('names the verb and resource of a 403', async () => {
    const api = new FakeApi();
    await api.start();
    api.forbidden.add('gitrepositories');
    const m = manager(api);
    m.load();
    const s = m.session('fake')!;
    try {
      await until(onSession(s), () => s.kinds.get(GIT)?.error !== undefined && s.kinds.get(KS)?.synced === true, 5000, 'the 403');
      const err = s.kinds.get(GIT)!.error!;
      assert.equal(err.kind, 'forbidden');
      assert.match(err.message, /may not list gitrepositories\.source\.toolkit\.fluxcd\.io (in namespace flux-system|cluster-wide)/);
    } finally {
      m.dispose();
      await api.stop();
    }
  });

  it('says Flux is not installed', async () => {
    const api = new FakeApi();
    api.noFlux = true;
    await api.start();
    const m = manager(api);
    m.load();
    const s = m.session('fake')!;
    try {
      await until(onSession(s), () => s.phase === 'ready', 5000, 'discovery');
      assert.equal(s.discovery?.fluxInstalled, false);
      assert.equal(s.kinds.size, 0, 'nothing is watched');
      assert.throws(() => s.requireServed(KS), /Flux is not installed/);
    } finally {
      m.dispose();
      await api.stop();
    }
  });

  it('picks up kinds installed after the start, and drops kinds removed, without a Refresh', async () => {
    const api = new FakeApi();
    api.noFlux = true;
    await api.start();
    api.put(kustomization('apps', 'flux-system', 'True'));
    const m = new ClusterManager(
      { kubeconfig: api.kubeconfig(), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2 },
      undefined,
      {},
      { backoffInitialMs: 20, backoffMaxMs: 200, rediscoverMs: 50 },
    );
    m.load();
    const s = m.session('fake')!;
    try {
      await until(onSession(s), () => s.phase === 'ready', 5000, 'discovery');
      assert.equal(s.discovery?.fluxInstalled, false);
      const sessions: string[] = [];
      const sub = s.onEvent((e) => e.type === 'session' && sessions.push(s.discovery?.fluxInstalled ? 'flux' : 'none'));
      api.noFlux = false;
      await until(onSession(s), () => s.kinds.get(KS)?.synced === true, 5000, 'the Kustomizations of a Flux installed later');
      assert.deepEqual(s.list(KS).map((o) => o.metadata.name), ['apps']);
      assert.ok(s.kinds.has('/Pod'), 'the controller pods are watched once Flux is there');
      assert.deepEqual(sessions, ['flux'], 'one session event tells the tree to redraw the context');
      const checks = api.requests.filter((r) => r === 'GET /apis').length;
      await new Promise((r) => setTimeout(r, 300));
      const lists = api.requests.filter((r) => r.startsWith('GET /apis/kustomize.toolkit.fluxcd.io/v1') && !r.includes('kustomizations')).length;
      assert.ok(api.requests.filter((r) => r === 'GET /apis').length > checks, 'the check goes on');
      assert.equal(lists, 1, 'an unchanged /apis does not read the group versions again');
      api.noFlux = true;
      await until(onSession(s), () => s.kinds.size === 0, 5000, 'the watches of a removed Flux to stop');
      assert.equal(s.discovery?.fluxInstalled, false);
      assert.deepEqual(s.list(KS), []);
      sub.dispose();
    } finally {
      m.dispose();
      await api.stop();
    }
  });

  it('turns a closed port into an error within the timeout', async () => {
    const api = new FakeApi();
    await api.start();
    const file = api.kubeconfig();
    await api.stop();
    const m = new ClusterManager({ kubeconfig: file, contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 1 });
    const started = Date.now();
    m.load();
    const s = m.session('fake')!;
    try {
      await until(onSession(s), () => s.phase === 'error', 3000, 'the error');
      assert.ok(Date.now() - started < 3000);
      assert.equal(s.error?.kind, 'unreachable');
      assert.match(s.error!.message, /cannot reach the cluster/);
    } finally {
      m.dispose();
    }
  });
});

describe('credentials', () => {
  it('sends the token of an exec credential plugin', async () => {
    const api = new FakeApi();
    await api.start();
    const dir = mkdtempSync(join(tmpdir(), 'exec-plugin-'));
    const plugin = join(dir, 'plugin.js');
    writeFileSync(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-exec-plugin' } }));\n`,
    );
    const user = ['    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${process.execPath}`, '      args:', `      - ${plugin}`, '      interactiveMode: Never'].join('\n');
    const m = new ClusterManager({ kubeconfig: api.kubeconfig(user), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 5 });
    m.load();
    const s = m.session('fake')!;
    try {
      await until(onSession(s), () => s.phase === 'ready' || s.phase === 'error', 5000, 'discovery');
      assert.equal(s.phase, 'ready', s.error?.message);
      assert.deepEqual([...api.authorizations], ['Bearer from-exec-plugin']);
    } finally {
      m.dispose();
      await api.stop();
    }
  });
});

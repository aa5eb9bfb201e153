// The manager follows the watch plan over a stand-in API server: a small setup is watched as before; past it,
// only what is looked at or pinned by `fluxGitops.watchContexts`, and an action on a context watches it first.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ClusterManager } from '../../../client/src/cluster/manager';
import { FakeApi, kustomization, until } from './fakeApi';

/** The fake's kubeconfig with its one context copied under several names (one API server for all). */
function manyNames(api: FakeApi, names: readonly string[]): string {
  const file = api.kubeconfig();
  const text = readFileSync(file, 'utf8');
  const contexts = names.map((n) => `- name: ${n}\n  context:\n    cluster: fake\n    user: fake\n    namespace: flux-system`).join('\n');
  writeFileSync(file, text.replace(/contexts:\n[\s\S]*$/, `contexts:\n${contexts}\n`));
  return file;
}

describe('watch plan in the manager', () => {
  const api = new FakeApi();
  const names = ['prod-eu', 'prod-us', 'stage-eu', 'lab'];
  let m: ClusterManager | undefined;

  before(async () => {
    await api.start();
    api.put(kustomization('apps', 'flux-system', 'True'));
    api.put(kustomization('infra', 'flux-system', 'False'));
  });
  after(async () => {
    m?.dispose();
    await api.stop();
  });

  const make = (watchContexts: string[], allUpTo: number) => {
    m?.dispose();
    m = new ClusterManager({ kubeconfig: manyNames(api, names), contexts: [], fluxNamespace: 'flux-system', requestTimeoutSeconds: 2, watchContexts }, undefined, {}, {}, { allUpTo, quietMs: 60_000, minAgeMs: 0 });
    m.load();
    return m;
  };

  it('watches every context of a small setup', () => {
    const mm = make([], 10);
    assert.deepEqual(names.filter((n) => mm.isWatched(n)), names);
  });

  it('past the threshold watches the pinned contexts and summarizes the others from lists', async () => {
    const mm = make(['prod-*'], 2);
    assert.deepEqual(names.filter((n) => mm.isWatched(n)), ['prod-eu', 'prod-us']);
    await until((cb) => mm.onEvent(cb), () => mm.summary('lab') !== undefined && mm.summary('stage-eu') !== undefined, 5000, 'summaries');
    assert.equal(mm.session('lab')!.phase, 'idle');
    assert.deepEqual(mm.summary('lab')!.summary.kinds.find((k) => k.kind === 'Kustomization'), { kind: 'Kustomization', total: 2, failing: 1, suspended: 0, progressing: 0 });
    mm.setWatchContexts(['lab']);
    assert.deepEqual(names.filter((n) => mm.isWatched(n)), ['lab'], 'a new pin is followed without a reload');
  });

  it('watches a context before an action on it, and keeps it for the quiet period', async () => {
    const mm = make([], 2);
    assert.equal(mm.isWatched('stage-eu'), false);
    await mm.touch('stage-eu');
    assert.equal(mm.session('stage-eu')!.phase, 'ready');
    assert.ok(mm.isWatched('stage-eu'));
    await until((cb) => mm.onEvent(cb), () => mm.session('stage-eu')!.get('kustomize.toolkit.fluxcd.io/Kustomization', 'flux-system', 'apps') !== undefined, 5000, 'the watch cache');
  });
});

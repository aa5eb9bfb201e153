// Pure parts of the cluster layer: kubeconfig merging, context selection, status, log parsing and
// filtering, reconcile tokens, source resolution and error messages.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { kindInfo } from '../../../server/src/shared/kinds';
import { handled, objectYaml, reconcileToken, sourceOf } from '../../../client/src/cluster/actions';
import { orderedVersions } from '../../../client/src/cluster/discovery';
import { statusError } from '../../../client/src/cluster/errors';
import { kubeconfigFiles, loadKubeconfig, selectContexts } from '../../../client/src/cluster/kubeconfig';
import { levelRank, matchesObject, parseLogLine } from '../../../client/src/cluster/logs';
import { objectStatus, shortRevision } from '../../../client/src/cluster/status';
import type { KObject } from '../../../client/src/cluster/types';

function kubeconfig(dir: string, file: string, current: string, entries: { ctx: string; server: string }[]): string {
  const path = join(dir, file);
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const e of entries) lines.push(`- name: ${e.ctx}`, '  cluster:', `    server: ${e.server}`);
  lines.push('users:');
  for (const e of entries) lines.push(`- name: ${e.ctx}`, '  user:', '    token: t');
  lines.push('contexts:');
  for (const e of entries) lines.push(`- name: ${e.ctx}`, '  context:', `    cluster: ${e.ctx}`, `    user: ${e.ctx}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  const a = kubeconfig(dir, 'a', 'one', [{ ctx: 'one', server: 'https://one:6443' }, { ctx: 'shared', server: 'https://first:6443' }]);
  const b = kubeconfig(dir, 'b', 'two', [{ ctx: 'two', server: 'https://two:6443' }, { ctx: 'shared', server: 'https://second:6443' }]);

  it('merges several KUBECONFIG files, the first definition winning', () => {
    const loaded = loadKubeconfig('', { KUBECONFIG: [a, join(dir, 'missing'), b].join(delimiter) });
    assert.deepEqual(loaded.contexts.map((c) => c.name), ['one', 'shared', 'two']);
    assert.equal(loaded.contexts.find((c) => c.name === 'shared')?.server, 'https://first:6443');
    assert.equal(loaded.currentContext, 'one');
    assert.deepEqual(loaded.problems, [], 'a missing file among several is not a problem');
  });

  it('prefers the setting over KUBECONFIG and never touches current-context', () => {
    const loaded = loadKubeconfig(b, { KUBECONFIG: a });
    assert.deepEqual(loaded.contexts.map((c) => c.name), ['two', 'shared']);
    const kc = loaded.forContext('shared')!;
    assert.equal(kc.getCurrentContext(), 'shared');
    assert.equal(kc.getCurrentCluster()?.server, 'https://second:6443');
    assert.equal(loaded.forContext('two')!.getCurrentContext(), 'two', 'each context has its own config');
  });

  it('reports a single missing file', () => {
    assert.match(loadKubeconfig(join(dir, 'nope')).problems[0] ?? '', /does not exist/);
  });

  it('expands ~ in the setting', () => {
    assert.ok(!kubeconfigFiles(`~${'/'}x`)[0]!.startsWith('~'));
  });

  it('selects the configured contexts in their order and names the missing ones', () => {
    const all = loadKubeconfig(a).contexts;
    const { shown, missing } = selectContexts(all, ['shared', 'ghost', 'one']);
    assert.deepEqual(shown.map((c) => c.name), ['shared', 'one']);
    assert.deepEqual(missing, ['ghost']);
    assert.equal(selectContexts(all, []).shown.length, 2);
  });
});

const ks = (status: KObject['status'], extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', generation: 2 },
  spec: {},
  status,
  ...extra,
});
const KS_INFO = kindInfo('kustomize.toolkit.fluxcd.io', 'Kustomization');

describe('status', () => {
  it('maps conditions to states', () => {
    const ready = [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }];
    assert.equal(objectStatus(ks({ observedGeneration: 2, conditions: ready }), KS_INFO).state, 'ready');
    assert.equal(objectStatus(ks({ observedGeneration: 1, conditions: ready }), KS_INFO).state, 'reconciling', 'an unobserved generation is in progress');
    assert.equal(objectStatus(ks({ observedGeneration: 2, conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] }), KS_INFO).description, 'BuildFailed');
    assert.equal(objectStatus(ks({ conditions: [{ type: 'Ready', status: 'Unknown' }] }), KS_INFO).state, 'reconciling');
    assert.equal(objectStatus(ks({ conditions: [{ type: 'Ready', status: 'True' }, { type: 'Stalled', status: 'True' }] }), KS_INFO).state, 'failed');
    assert.equal(objectStatus(ks(undefined), KS_INFO).state, 'unknown');
    assert.equal(objectStatus(ks({ conditions: ready }, { spec: { suspend: true } }), KS_INFO).state, 'suspended');
  });

  it('shortens revisions', () => {
    assert.equal(shortRevision('main@sha1:0123456789abcdef0123456789abcdef01234567'), 'main@sha1:0123456');
    assert.equal(shortRevision('v1.2.3@sha256:' + 'a'.repeat(64)), 'v1.2.3@sha256:aaaaaaa');
    assert.equal(shortRevision('6.5.0'), '6.5.0');
  });
});

describe('logs', () => {
  const line = JSON.stringify({
    level: 'info',
    ts: '2026-01-01T00:00:00.000Z',
    msg: 'server-side apply completed',
    controller: 'kustomization',
    controllerGroup: 'kustomize.toolkit.fluxcd.io',
    controllerKind: 'Kustomization',
    Kustomization: { name: 'apps', namespace: 'flux-system' },
    namespace: 'flux-system',
    name: 'apps',
    reconcileID: 'x',
  });

  it('parses JSON lines and matches the object they are about', () => {
    const e = parseLogLine(line, 'pod-1');
    assert.equal(e.message, 'server-side apply completed');
    assert.ok(matchesObject(e, { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' }));
    assert.ok(!matchesObject(e, { kind: 'Kustomization', name: 'apps', namespace: 'other' }));
    assert.ok(!matchesObject(e, { kind: 'GitRepository', name: 'apps', namespace: 'flux-system' }));
    assert.ok(!matchesObject(parseLogLine('plain text', 'p'), { kind: 'Kustomization', name: 'apps' }));
  });

  it('ranks levels', () => {
    assert.ok(levelRank('error') > levelRank('info'));
    assert.ok(levelRank('debug') < levelRank('info'));
    assert.equal(levelRank('Level(-2)'), 0);
  });
});

describe('actions (pure parts)', () => {
  it('makes RFC 3339 tokens with nanoseconds that differ', () => {
    const a = reconcileToken();
    const b = reconcileToken();
    assert.match(a, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    assert.notEqual(a, b);
  });

  it('recognises a handled reconcile only at the token and a final Ready', () => {
    const done = ks({ lastHandledReconcileAt: 't1', observedGeneration: 2, conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] });
    assert.ok(handled(done, 't1'));
    assert.ok(!handled(done, 't2'));
    assert.ok(!handled(ks({ lastHandledReconcileAt: 't1', observedGeneration: 2, conditions: [{ type: 'Ready', status: 'Unknown' }] }), 't1'));
    assert.ok(!handled(ks({ lastHandledReconcileAt: 't1', observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] }), 't1'));
    assert.ok(handled(ks({ lastHandledReconcileAt: 't1', observedGeneration: 1, conditions: [{ type: 'Ready', status: 'False' }] }), 't1'), 'a failure counts even before observedGeneration moves');
    assert.ok(!handled(ks({ lastHandledReconcileAt: 't1', observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Reconciling', status: 'True' }] }), 't1'));
  });

  it('finds sources: sourceRef, chartRef, generated HelmChart', () => {
    const k = ks(undefined, { spec: { sourceRef: { kind: 'GitRepository', name: 'fleet', namespace: 'infra' } } });
    assert.deepEqual(sourceOf(k, 'c'), { context: 'c', kindKey: 'source.toolkit.fluxcd.io/GitRepository', namespace: 'infra', name: 'fleet' });
    const hr = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'web', namespace: 'apps' }, spec });
    assert.deepEqual(sourceOf(hr({ chartRef: { kind: 'OCIRepository', name: 'web-chart' } }), 'c'), {
      context: 'c',
      kindKey: 'source.toolkit.fluxcd.io/OCIRepository',
      namespace: 'apps',
      name: 'web-chart',
    });
    assert.deepEqual(sourceOf(hr({ chart: { spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } } }), 'c'), {
      context: 'c',
      kindKey: 'source.toolkit.fluxcd.io/HelmChart',
      namespace: 'flux-system',
      name: 'apps-web',
    });
  });

  it('hides managedFields in the live YAML', () => {
    const text = objectYaml(ks(undefined, { metadata: { name: 'apps', managedFields: [{ manager: 'x' }] } }));
    assert.doesNotMatch(text, /managedFields/);
    assert.match(text, /name: apps/);
  });
});

describe('discovery and errors', () => {
  it('orders the preferred version first', () => {
    assert.deepEqual(orderedVersions([{ groupVersion: 'g/v1', version: 'v1' }, { groupVersion: 'g/v1beta3', version: 'v1beta3' }], { groupVersion: 'g/v1beta3', version: 'v1beta3' }), ['v1beta3', 'v1']);
  });

  it('says which verb on which resource a 403 lacks', () => {
    const err = statusError('ctx', 403, JSON.stringify({ message: 'kustomizations "a" is forbidden' }), { verb: 'patch', resource: 'kustomizations.kustomize.toolkit.fluxcd.io', namespace: 'flux-system' });
    assert.equal(err.kind, 'forbidden');
    assert.match(err.message, /may not patch kustomizations\.kustomize\.toolkit\.fluxcd\.io in namespace flux-system/);
  });
});

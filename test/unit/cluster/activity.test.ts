// The Flux activity timeline: only events about Flux objects, newest first, updated in place, bounded, and
// filtered by context, kind, namespace and warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterText, fluxEvent, Timeline } from '../../../client/src/cluster/activity';
import type { KObject } from '../../../client/src/cluster/types';

const event = (uid: string, over: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `apps-ok.${uid}`, namespace: 'flux-system', uid },
  involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'apps-ok', namespace: 'flux-system' },
  type: 'Normal',
  reason: 'ReconciliationSucceeded',
  message: 'Reconciliation finished in 52ms, next run in 10m0s\n',
  count: 1,
  source: { component: 'kustomize-controller' },
  firstTimestamp: '2026-12-01T10:00:00Z',
  lastTimestamp: '2026-12-01T10:00:00Z',
  ...over,
});

describe('activity', () => {
  it('keeps events about Flux objects only, as timeline entries', () => {
    assert.deepEqual(fluxEvent('prod', event('u1')), {
      id: 'prod|u1',
      context: 'prod',
      time: '2026-12-01T10:00:00Z',
      warning: false,
      reason: 'ReconciliationSucceeded',
      message: 'Reconciliation finished in 52ms, next run in 10m0s',
      count: 1,
      source: 'kustomize-controller',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps-ok',
    });
    assert.equal(fluxEvent('prod', event('u2', { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'x', namespace: 'y' } })), undefined);
    assert.equal(fluxEvent('prod', event('u3', { involvedObject: undefined })), undefined);
  });

  it('orders newest first, updates in place, drops the oldest beyond its limit, and filters', () => {
    const t = new Timeline(3);
    assert.equal(t.upsert(fluxEvent('prod', event('a'))!), true);
    assert.equal(t.upsert(fluxEvent('prod', event('a'))!), false, 'an unchanged event changes nothing');
    t.upsert(fluxEvent('prod', event('b', { type: 'Warning', reason: 'BuildFailed', lastTimestamp: '2026-12-01T10:05:00Z', involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'apps-broken', namespace: 'flux-system' } }))!);
    t.upsert(fluxEvent('stage', event('c', { lastTimestamp: '2026-12-01T10:02:00Z', involvedObject: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'web', namespace: 'apps' } }))!);
    assert.deepEqual(t.list().map((e) => e.id), ['prod|b', 'stage|c', 'prod|a']);
    t.upsert(fluxEvent('prod', event('a', { count: 2, lastTimestamp: '2026-12-01T10:09:00Z' }))!);
    assert.deepEqual(t.list().map((e) => `${e.id}x${e.count}`), ['prod|ax2', 'prod|bx1', 'stage|cx1']);
    t.upsert(fluxEvent('prod', event('d', { lastTimestamp: '2026-12-01T10:10:00Z' }))!);
    assert.deepEqual(t.list().map((e) => e.id), ['prod|d', 'prod|a', 'prod|b'], 'the oldest went');
    assert.deepEqual(t.list({ warningsOnly: true }).map((e) => e.name), ['apps-broken']);
    assert.deepEqual(t.list({ context: 'prod', kind: 'Kustomization', namespace: 'flux-system' }).length, 3);
    assert.deepEqual(t.facets(), { contexts: ['prod'], kinds: ['Kustomization'], namespaces: ['flux-system'] });
    t.clearContext('prod');
    assert.deepEqual(t.list(), []);
  });

  it('describes a filter', () => {
    assert.equal(filterText({}), 'all');
    assert.equal(filterText({ warningsOnly: true, context: 'prod', kind: 'HelmRelease', namespace: 'apps' }), 'warnings, context prod, HelmRelease, namespace apps');
  });
});

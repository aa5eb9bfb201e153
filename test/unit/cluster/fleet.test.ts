// The fleet model: columns by environment and region, rows by category, cells (state, revision, age), skew,
// a context that is down, the changed cells between two builds, and the build time at 50 contexts × 500 objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFleet, type FleetKind, type FleetSource } from '../../../client/src/cluster/fleet';
import { changedCells, withRow } from '../../../client/src/cluster/fleetUpdates';
import { fleetColumns, regionOf, type FleetLayout } from '../../../client/src/cluster/fleetColumns';
import { ApiError } from '../../../client/src/cluster/errors';
import { fleetSource } from '../../../client/src/cluster/fleetSources';
import type { ClusterSession } from '../../../client/src/cluster/session';
import type { KObject } from '../../../client/src/cluster/types';

const LAYOUT: FleetLayout = {
  categories: ['network', 'security', 'database'],
  environments: { 'eu-central-production': 'production', 'eu-central-staging': 'staging', 'us-east-prod': 'production' },
  clusters: ['eu-central-production', 'eu-central-staging', 'us-east-prod'],
  placements: [{ kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager', category: 'security' }],
};

const ready = (kind: FleetKind, ns: string, name: string, revision: string, over: Partial<KObject> = {}): KObject => ({
  apiVersion: kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io/v2' : 'kustomize.toolkit.fluxcd.io/v1',
  kind,
  metadata: { name, namespace: ns, generation: 1 },
  spec: {},
  status: {
    observedGeneration: 1,
    conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', lastTransitionTime: '2026-12-01T10:00:00Z' }],
    ...(kind === 'HelmRelease' ? { history: [{ chartVersion: revision }], lastAttemptedRevision: revision } : { lastAppliedRevision: revision }),
  },
  ...over,
});

const source = (context: string, objects: KObject[], phase: FleetSource['phase'] = 'ready', problem?: string): FleetSource => ({
  context,
  phase,
  problem,
  objects: (kind) => objects.filter((o) => o.kind === kind),
  get: (kind, ns, name) => objects.find((o) => o.kind === kind && (o.metadata.namespace ?? '') === ns && o.metadata.name === name),
});

describe('fleet columns', () => {
  it('places each context under the environment and region of its cluster folder, staging first', () => {
    const cols = fleetColumns(['admin@us-east-prod', 'admin@eu-central-production', 'lab', 'admin@eu-central-staging'], LAYOUT);
    assert.deepEqual(
      cols.map((c) => [c.context, c.cluster, c.environment, c.region]),
      [
        ['admin@eu-central-staging', 'eu-central-staging', 'staging', 'eu-central'],
        ['admin@eu-central-production', 'eu-central-production', 'production', 'eu-central'],
        ['admin@us-east-prod', 'us-east-prod', 'production', 'us-east'],
        ['lab', undefined, 'other', 'lab'],
      ],
    );
  });

  it('follows fluxGitops.clusterContexts before names, and the platform environments before guesses', () => {
    const layout = { ...LAYOUT, environments: { ...LAYOUT.environments, 'eu-central-staging': 'production' as const } };
    const [col] = fleetColumns(['host-eu'], layout, { 'eu-central-staging': 'host-eu' });
    assert.equal(col.cluster, 'eu-central-staging');
    assert.equal(col.environment, 'production');
    assert.equal(regionOf('admin@eu-west-stg'), 'eu-west');
    assert.equal(regionOf('production'), 'production');
  });
});

describe('fleet rows and cells', () => {
  const staging = source('admin@eu-central-staging', [
    ready('HelmRelease', 'cert-manager', 'cert-manager', '1.16.0'),
    ready('Kustomization', 'flux-system', 'network', 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
    ready('Kustomization', 'flux-system', 'apps', 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
  ]);
  const prod = source('admin@eu-central-production', [
    ready('HelmRelease', 'cert-manager', 'cert-manager', '1.15.3'),
    ready('Kustomization', 'flux-system', 'network', 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', {
      spec: { suspend: true },
      metadata: { name: 'network', namespace: 'flux-system', annotations: { 'fluxgitops.io/suspended-by': 'alice', 'fluxgitops.io/suspend-reason': 'incident 12' } },
    }),
    ready('Kustomization', 'flux-system', 'apps', 'main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', {
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed' }], lastAppliedRevision: 'main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    }),
  ]);
  const prodUs = source('admin@us-east-prod', [ready('HelmRelease', 'cert-manager', 'cert-manager', '1.16.0')]);
  const fleet = buildFleet([prod, staging, prodUs], LAYOUT);
  const row = (name: string) => fleet.groups.flatMap((g) => g.rows).find((r) => r.name === name)!;

  it('groups rows by the declared category, then by name, then the rest', () => {
    assert.deepEqual(
      fleet.groups.map((g) => [g.category, g.rows.map((r) => r.key)]),
      [
        ['network', ['Kustomization/flux-system/network']],
        ['security', ['HelmRelease/cert-manager/cert-manager']],
        ['other', ['Kustomization/flux-system/apps']],
      ],
    );
  });

  it('says the state, the revision (chart version, short Git revision) and since when', () => {
    const [s, p, us] = row('cert-manager').cells;
    assert.deepEqual([s?.state, s?.revision, s?.since], ['ready', '1.16.0', '2026-12-01T10:00:00Z']);
    assert.equal(p?.revision, '1.15.3');
    assert.equal(us?.revision, '1.16.0');
    const [, suspended] = row('network').cells;
    assert.deepEqual([suspended?.state, suspended?.suspendedBy, suspended?.reason], ['suspended', 'alice', 'incident 12']);
    const [ok, failing, missing] = row('apps').cells;
    assert.equal(ok?.revision, 'main@sha1:aaaaaaa');
    assert.deepEqual([failing?.state, failing?.reason, failing?.message], ['failing', 'BuildFailed', 'kustomize build failed']);
    assert.equal(missing, undefined, 'us-east has no apps');
  });

  it('marks production running what staging does not, and a cell differing from most of its row', () => {
    const [s, p, us] = row('cert-manager').cells;
    assert.equal(s?.skew, undefined);
    assert.match(p?.skew ?? '', /Production runs 1\.15\.3; staging runs 1\.16\.0/);
    assert.equal(us?.skew, undefined);
    assert.equal(row('network').cells[1]?.skew, undefined, 'same revision everywhere');
  });

  it('shows a context that is down in its column without holding up the others', () => {
    const f = buildFleet([staging, source('down', [], 'error', 'connect ECONNREFUSED 127.0.0.1:1')], LAYOUT);
    const down = f.columns.find((c) => c.context === 'down')!;
    assert.deepEqual([down.phase, down.problem], ['error', 'connect ECONNREFUSED 127.0.0.1:1']);
    assert.equal(f.groups.flatMap((g) => g.rows).length, 3);
  });

  it('reports the cells that changed, or a redraw when the rows changed', () => {
    const newer = source('admin@eu-central-production', [ready('HelmRelease', 'cert-manager', 'cert-manager', '1.16.0'), ...['network', 'apps'].map((n) => prod.objects('Kustomization').find((o) => o.metadata.name === n)!)]);
    const changes = changedCells(fleet, buildFleet([newer, staging, prodUs], LAYOUT));
    assert.deepEqual(changes?.map((c) => [c.row, c.context, c.cell?.revision, c.cell?.skew]), [['HelmRelease/cert-manager/cert-manager', 'admin@eu-central-production', '1.16.0', undefined]]);
    assert.equal(changedCells(fleet, buildFleet([staging, prodUs], LAYOUT)), undefined);
  });

  it('rebuilds one row after a watch event, as a whole build would', () => {
    const objects = [...prod.objects('Kustomization'), ready('HelmRelease', 'cert-manager', 'cert-manager', '1.16.0')];
    const after = [source('admin@eu-central-production', objects), staging, prodUs];
    const next = withRow(fleet, after, 'HelmRelease/cert-manager/cert-manager');
    assert.deepEqual(next?.changes.map((c) => [c.context, c.cell?.revision, c.cell?.skew]), [['admin@eu-central-production', '1.16.0', undefined]]);
    assert.deepEqual(next?.model, buildFleet(after, LAYOUT));
    assert.equal(withRow(fleet, after, 'HelmRelease/cert-manager/new-one'), undefined, 'a new row takes a whole build');
  });
});

describe('fleet sources', () => {
  const session = (over: Record<string, unknown>) => ({ name: 'prod', phase: 'ready', kinds: new Map(), list: () => [], get: () => undefined, ...over }) as unknown as ClusterSession;
  const served = (error?: ApiError) => new Map(['kustomize.toolkit.fluxcd.io/Kustomization', 'helm.toolkit.fluxcd.io/HelmRelease'].map((k) => [k, { key: k, phase: 'watching', synced: true, error: k.endsWith('HelmRelease') ? error : undefined }]));

  it('says why a context, or one of the fleet\'s kinds in it, cannot be shown', () => {
    const down = new ApiError('prod: connect ECONNREFUSED 127.0.0.1:1', 'unreachable', undefined, 'prod');
    assert.equal(fleetSource(session({ phase: 'error', error: down })).problem, 'prod: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(fleetSource(session({ discovery: { fluxInstalled: false } })).problem, 'Flux is not installed.');
    const forbidden = new ApiError('list helmreleases is forbidden', 'forbidden', 403, 'prod');
    assert.equal(fleetSource(session({ discovery: { fluxInstalled: true }, kinds: served(forbidden) })).problem, 'HelmReleases: list helmreleases is forbidden');
    assert.equal(fleetSource(session({ discovery: { fluxInstalled: true }, kinds: served() })).problem, undefined);
    assert.equal(fleetSource(session({ phase: 'connecting' })).problem, undefined);
  });
});

describe('fleet at scale', () => {
  it('builds 50 contexts × 500 objects within 200 ms', () => {
    const sources: FleetSource[] = [];
    for (let c = 0; c < 50; c++) {
      const env = c % 2 ? 'production' : 'staging';
      const objects: KObject[] = [];
      for (let i = 0; i < 500; i++) {
        const kind: FleetKind = i % 2 ? 'HelmRelease' : 'Kustomization';
        objects.push(ready(kind, `ns-${i % 20}`, `app-${i}`, kind === 'HelmRelease' ? `1.${i % 7}.${c % 3}` : `main@sha1:${String(c % 4).repeat(40)}`));
      }
      sources.push(source(`region-${c % 10}-${env}-${c}`, objects));
    }
    // The best of three runs: the machine is shared, and a warm build is what a live update costs.
    let ms = Infinity;
    let fleet = buildFleet(sources, LAYOUT);
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      fleet = buildFleet(sources, LAYOUT);
      ms = Math.min(ms, performance.now() - t0);
    }
    process.stdout.write(`# fleet 50 contexts × 500 objects: ${ms.toFixed(1)} ms\n`);
    assert.equal(fleet.columns.length, 50);
    assert.equal(fleet.groups.flatMap((g) => g.rows).length, 500);
    assert.ok(ms <= 200, `built in ${ms.toFixed(1)} ms`);
  });
});

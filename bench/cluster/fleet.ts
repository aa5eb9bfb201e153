// Fleet benchmark (no cluster needed): the fleet model of 50 contexts × 500 Flux objects (250 Kustomizations,
// 250 HelmReleases each, in 20 namespaces, revisions varying across contexts) built from in-memory caches, and
// a watch event to its changed cell (one row rebuilt; the panel posts it after a 30 ms quiet period).
// Targets: build <= 200 ms, event to updated cell <= 100 ms.
// Usage: node --import tsx bench/cluster/fleet.ts [--contexts 50] [--objects 500]
import { buildFleet, type FleetKind, type FleetSource } from '../../client/src/cluster/fleet';
import { withRow } from '../../client/src/cluster/fleetUpdates';
import type { KObject } from '../../client/src/cluster/types';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const CONTEXTS = arg('--contexts', 50);
const OBJECTS = arg('--objects', 500);
const PANEL_QUIET_MS = 30;

function object(kind: FleetKind, i: number, c: number, generation = 1): KObject {
  const revision = kind === 'HelmRelease' ? `1.${i % 7}.${c % 3}` : `main@sha1:${String(c % 4).repeat(40)}`;
  return {
    apiVersion: kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io/v2' : 'kustomize.toolkit.fluxcd.io/v1',
    kind,
    metadata: { name: `app-${i}`, namespace: `ns-${i % 20}`, generation, resourceVersion: String(generation), uid: `${c}-${i}` },
    spec: { interval: '10m', suspend: i % 97 === 0 },
    status: {
      observedGeneration: generation,
      conditions: [{ type: 'Ready', status: i % 53 === 0 ? 'False' : 'True', reason: i % 53 === 0 ? 'InstallFailed' : 'ReconciliationSucceeded', message: 'Release reconciliation succeeded', lastTransitionTime: '2026-12-01T10:00:00Z' }],
      ...(kind === 'HelmRelease' ? { history: [{ chartVersion: revision, chartName: `app-${i}` }], lastAttemptedRevision: revision } : { lastAppliedRevision: revision, lastAttemptedRevision: revision }),
    },
  };
}

function sources(): { list: FleetSource[]; caches: Map<string, KObject>[] } {
  const caches: Map<string, KObject>[] = [];
  const list = Array.from({ length: CONTEXTS }, (_, c): FleetSource => {
    const cache = new Map<string, KObject>();
    for (let i = 0; i < OBJECTS; i++) {
      const o = object(i % 2 ? 'HelmRelease' : 'Kustomization', i, c);
      cache.set(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o);
    }
    caches.push(cache);
    return {
      context: `admin@region-${c % 10}-${c % 2 ? 'production' : 'staging'}-${c}`,
      phase: 'ready',
      objects: (kind) => [...cache.values()].filter((o) => o.kind === kind),
      get: (kind, ns, name) => cache.get(`${kind}/${ns}/${name}`),
    };
  });
  return { list, caches };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const layout = { categories: ['network', 'security'], environments: {}, clusters: [], placements: [] };
const { list, caches } = sources();
const builds: number[] = [];
const cpu: number[] = [];
let model = buildFleet(list, layout);
for (let run = 0; run < 10; run++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  model = buildFleet(list, layout);
  const used = process.cpuUsage(c0);
  builds.push(performance.now() - t0);
  cpu.push((used.user + used.system) / 1000);
}
const events: number[] = [];
for (let run = 0; run < 50; run++) {
  const i = (run * 2 + 1) % OBJECTS;
  const changed = object('HelmRelease', i, 0, run + 2);
  (changed.status!.history as { chartVersion: string }[])[0].chartVersion = `9.9.${run}`;
  const key = `HelmRelease/${changed.metadata.namespace}/${changed.metadata.name}`;
  caches[0].set(key, changed);
  const t0 = performance.now();
  const next = withRow(model, list, key);
  events.push(performance.now() - t0);
  if (!next || next.changes.length === 0) throw new Error('the event changed no cell');
  model = next.model;
}
const cells = model.groups.reduce((n, g) => n + g.rows.length, 0) * model.columns.length;
const build = median(builds);
const event = median(events) + PANEL_QUIET_MS;
process.stdout.write(`fleet ${CONTEXTS} contexts × ${OBJECTS} objects (${cells} cells)\n`);
process.stdout.write(`  build: median ${build.toFixed(1)} ms, min ${Math.min(...builds).toFixed(1)} ms (target 200 ms)${build <= 200 ? ' ✓' : ' ✗'}; CPU time median ${median(cpu).toFixed(1)} ms (less sensitive to the machine's load)\n`);
process.stdout.write(`  watch event -> changed cell: row rebuild median ${median(events).toFixed(2)} ms, max ${Math.max(...events).toFixed(2)} ms; with the panel's ${PANEL_QUIET_MS} ms quiet period ${event.toFixed(1)} ms (target 100 ms)${event <= 100 ? ' ✓' : ' ✗'}\n`);
process.exitCode = build <= 200 && event <= 100 ? 0 : 1;

// The fleet's view of a session: its phase, what keeps it (or one of the fleet's kinds) from being shown, and
// its watch cache of Kustomizations and HelmReleases; for a context that is not watched, its summary and the
// objects of its last list. Reads caches only.
import { CANARY_KEY } from './canary';
import { FLEET_KINDS, type FleetKind, type FleetSource } from './fleet';
import type { ClusterManager } from './manager';
import type { ClusterSession } from './session';
import type { SummaryRead } from './summaries';
import { summaryText } from './summary';
import type { KObject } from './types';

function problemOf(session: ClusterSession): string | undefined {
  if (session.phase === 'error') return session.error?.message ?? 'The context cannot be reached.';
  if (session.phase !== 'ready' || !session.discovery) return undefined;
  if (!session.discovery.fluxInstalled) return 'Flux is not installed.';
  const problems: string[] = [];
  for (const [kind, key] of Object.entries(FLEET_KINDS)) {
    const state = session.kinds.get(key);
    if (!state) problems.push(`${kind}s are not served.`);
    else if (state.error) problems.push(`${kind}s: ${state.error.message}`);
  }
  return problems.length ? problems.join(' ') : undefined;
}

/** A context that is not watched: its summary in the header, and the cells of its last list, if the fleet asked for one. */
function summarySource(session: ClusterSession, read: SummaryRead | undefined): FleetSource {
  const objects = (kind: FleetKind): readonly KObject[] => read?.objects?.get(FLEET_KINDS[kind]) ?? [];
  const error = read?.summary.error;
  return {
    context: session.name,
    phase: 'idle',
    problem: error,
    summary: read && !error ? summaryText(read.summary) : undefined,
    listedAt: read?.objects ? read.summary.at : undefined,
    objects,
    get: (kind, namespace, name) => objects(kind).find((o) => (o.metadata.namespace ?? '') === namespace && o.metadata.name === name),
  };
}

/** Every shown context as the fleet reads it. */
export function fleetSources(manager: ClusterManager): FleetSource[] {
  return manager.list().map((s) => (s.phase === 'idle' ? summarySource(s, manager.summary(s.name)) : fleetSource(s)));
}

export function fleetSource(session: ClusterSession): FleetSource {
  return {
    context: session.name,
    phase: session.phase,
    problem: problemOf(session),
    objects: (kind: FleetKind) => session.list(FLEET_KINDS[kind]),
    get: (kind: FleetKind, namespace: string, name: string) => session.get(FLEET_KINDS[kind], namespace || undefined, name),
    canaries: () => session.list(CANARY_KEY),
  };
}

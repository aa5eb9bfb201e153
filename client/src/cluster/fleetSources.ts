// The fleet's view of a session: its phase, what keeps it (or one of the fleet's kinds) from being shown, and
// its watch cache of Kustomizations and HelmReleases. Reads the cache only.
import { CANARY_KEY } from './canary';
import { FLEET_KINDS, type FleetKind, type FleetSource } from './fleet';
import type { ClusterSession } from './session';

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

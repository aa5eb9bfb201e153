// Flagger canaries as the explorer reads them: the facts of a Canary's status (phase, weight, iteration, failed
// checks, last transition, the workload it rolls out), the Flux object that applied it, and whether a change is
// a failure worth a notification. Pure: it reads objects only.
import type { KindInfo } from '../../../server/src/shared/kinds';
import { parseInventoryId } from './inventory';
import { pathValue, type KObject, type ObjectRef } from './types';

export const CANARY_KEY = 'flagger.app/Canary';
const KUSTOMIZATION_KEY = 'kustomize.toolkit.fluxcd.io/Kustomization';
const HELMRELEASE_KEY = 'helm.toolkit.fluxcd.io/HelmRelease';

export interface CanaryFacts {
  readonly phase: string;
  readonly weight?: number;
  readonly iteration?: number;
  readonly failedChecks?: number;
  readonly lastTransition?: string;
  /** `Kind/name` of the workload the canary rolls out. */
  readonly target?: string;
  /** The Promoted condition's message: what Flagger last said about the analysis. */
  readonly message?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function canaryFacts(obj: KObject): CanaryFacts {
  const status = obj.status ?? {};
  const target = obj.spec?.['targetRef'] as { kind?: unknown; name?: unknown } | undefined;
  const promoted = status.conditions?.find((c) => c.type === 'Promoted');
  const transition = status['lastTransitionTime'];
  return {
    phase: typeof status['phase'] === 'string' && status['phase'] ? status['phase'] : 'Unknown',
    weight: num(status['canaryWeight']),
    iteration: num(status['iterations']),
    failedChecks: num(status['failedChecks']),
    lastTransition: typeof transition === 'string' ? transition : promoted?.lastTransitionTime,
    target: typeof target?.name === 'string' ? `${typeof target.kind === 'string' ? target.kind : 'Deployment'}/${target.name}` : undefined,
    message: promoted?.message,
  };
}

/** One line for the tree and the fleet: `Progressing 30% · iteration 3 · 1 failed check`. */
export function canaryDescription(f: CanaryFacts): string {
  const parts = [f.phase === 'Progressing' && f.weight !== undefined ? `Progressing ${f.weight}%` : f.phase];
  if (f.iteration) parts.push(`iteration ${f.iteration}`);
  if (f.failedChecks) parts.push(`${f.failedChecks} failed check${f.failedChecks === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function canaryDetails(f: CanaryFacts): string[] {
  const lines = [`Phase: ${f.phase}`];
  if (f.target) lines.push(`Target: ${f.target}`);
  if (f.weight !== undefined) lines.push(`Canary weight: ${f.weight}%`);
  if (f.iteration !== undefined) lines.push(`Iteration: ${f.iteration}`);
  if (f.failedChecks !== undefined) lines.push(`Failed checks: ${f.failedChecks}`);
  if (f.lastTransition) lines.push(`Last transition: ${f.lastTransition}`);
  return lines;
}

/** The state a phase means, by the kinds table's phase lists. */
export function phaseState(obj: KObject, info: KindInfo): 'ready' | 'reconciling' | 'failed' | 'unknown' {
  const spec = info.phases;
  const phase = spec ? pathValue(obj, spec.path) : undefined;
  if (!spec || typeof phase !== 'string') return 'unknown';
  if (spec.failed.includes(phase)) return 'failed';
  if (spec.progressing.includes(phase)) return 'reconciling';
  if (spec.ready.includes(phase)) return 'ready';
  return 'unknown';
}

/**
 * The notification a change of a watched Canary deserves: only the step into Failed (Flagger has rolled the
 * target back). The first sight of an already failed canary (a list at start) is no news and says nothing.
 */
export function canaryFailure(context: string, prev: KObject | undefined, obj: KObject): string | undefined {
  if (!prev) return undefined;
  const before = canaryFacts(prev).phase;
  const now = canaryFacts(obj);
  if (now.phase !== 'Failed' || before === 'Failed') return undefined;
  const target = now.target ? ` (${now.target} rolled back)` : ' (rolled back)';
  const why = now.message ? `: ${now.message}` : '';
  return `Canary ${obj.metadata.namespace ?? ''}/${obj.metadata.name} failed in ${context}${target}${why}`;
}

/**
 * The Flux object that applied a canary. Its own labels say it when the canary came in the same build as its
 * target (kustomize- and helm-controller label everything they apply), which costs no request; else a watched
 * Kustomization whose inventory holds the target workload.
 */
export function canaryOwner(canary: KObject, context: string, kustomizations: readonly KObject[] = []): ObjectRef | undefined {
  const labels = canary.metadata.labels ?? {};
  const ks = labels['kustomize.toolkit.fluxcd.io/name'];
  if (ks) return { context, kindKey: KUSTOMIZATION_KEY, namespace: labels['kustomize.toolkit.fluxcd.io/namespace'], name: ks };
  const hr = labels['helm.toolkit.fluxcd.io/name'];
  if (hr) return { context, kindKey: HELMRELEASE_KEY, namespace: labels['helm.toolkit.fluxcd.io/namespace'], name: hr };
  const target = canaryFacts(canary).target;
  if (!target) return undefined;
  const [kind, name] = target.split('/');
  const ns = canary.metadata.namespace;
  for (const k of kustomizations) {
    const entries = (k.status?.['inventory'] as { entries?: { id?: unknown }[] } | undefined)?.entries ?? [];
    const hit = entries.some((e) => {
      const p = typeof e?.id === 'string' ? parseInventoryId(e.id) : undefined;
      return p?.kind === kind && p.name === name && p.namespace === ns;
    });
    if (hit) return { context, kindKey: KUSTOMIZATION_KEY, namespace: k.metadata.namespace, name: k.metadata.name };
  }
  return undefined;
}

/** The canaries a Flux object applied, from the session's watch cache. */
export function canariesOf(owner: ObjectRef, canaries: readonly KObject[], kustomizations: readonly KObject[] = []): KObject[] {
  return canaries.filter((c) => {
    const o = canaryOwner(c, owner.context, kustomizations);
    return o?.kindKey === owner.kindKey && o.name === owner.name && (o.namespace ?? '') === (owner.namespace ?? '');
  });
}

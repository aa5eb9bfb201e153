// The status of one live object as the tree shows it: a state for the icon, a short description and the
// facts for the tooltip. Pure: it reads the object and the kinds table only.
import type { KindInfo } from '../../../server/src/shared/kinds';
import { canaryDescription, canaryDetails, canaryFacts, phaseState } from './canary';
import { pathValue, type Condition, type KObject } from './types';

export type StatusState = 'ready' | 'reconciling' | 'failed' | 'suspended' | 'unknown';

/** Annotations the Suspend command writes next to `spec.suspend`, so the tree can say who suspended and why. */
export const SUSPENDED_BY = 'fluxgitops.io/suspended-by';
export const SUSPEND_REASON = 'fluxgitops.io/suspend-reason';
export const SUSPENDED_AT = 'fluxgitops.io/suspended-at';
export const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT = 'reconcile.fluxcd.io/resetAt';

export interface ObjectStatus {
  readonly state: StatusState;
  /** One line next to the label: the short revision, or the failure reason. */
  readonly description: string;
  readonly reason?: string;
  readonly message?: string;
  readonly revision?: string;
  readonly conditions: readonly Condition[];
  readonly lastHandledReconcileAt?: string;
  readonly lastAppliedRevision?: string;
  readonly suspendedBy?: string;
  readonly suspendReason?: string;
  readonly suspendedAt?: string;
  readonly refreshTime?: string;
  /** True when the controller has seen the current generation. */
  readonly observedCurrent: boolean;
  /** Kind-specific tooltip lines (a canary's phase, weight, iteration). */
  readonly details?: readonly string[];
}

export function condition(obj: KObject, type: string): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

/** `main@sha1:0123456789abcdef...` -> `main@sha1:0123456`; chart versions and tags stay as they are. */
export function shortRevision(revision: string): string {
  return revision.replace(/\b(sha1|sha256):([0-9a-f]{7})[0-9a-f]+/g, '$1:$2').replace(/^([0-9a-f]{7})[0-9a-f]{33,}$/, '$1');
}

function revisionOf(obj: KObject, info: KindInfo | undefined): string | undefined {
  for (const path of info?.revision ?? []) {
    const v = pathValue(obj, path);
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** The state alone (the fleet reads thousands of objects at once and needs nothing else of objectStatus). */
export function stateOf(obj: KObject, observedCurrent: boolean): StatusState {
  if (obj.spec?.suspend === true) return 'suspended';
  const ready = condition(obj, 'Ready');
  // A failed reconcile keeps Reconciling=True (ProgressingWithRetry) while it retries: it is still a failure.
  if (condition(obj, 'Stalled')?.status === 'True' || ready?.status === 'False') return 'failed';
  if (condition(obj, 'Reconciling')?.status === 'True') return 'reconciling';
  if (!ready) return 'unknown';
  if (ready.status === 'Unknown' || !observedCurrent) return 'reconciling';
  return 'ready';
}

/** A kind whose state is a phase (a Flagger Canary): the phase decides, and the canary's progress is the description. */
function phaseStatus(obj: KObject, info: KindInfo): ObjectStatus {
  const facts = canaryFacts(obj);
  return {
    state: phaseState(obj, info),
    description: canaryDescription(facts),
    reason: facts.phase,
    message: facts.message,
    conditions: obj.status?.conditions ?? [],
    observedCurrent: true,
    details: canaryDetails(facts),
  };
}

export function objectStatus(obj: KObject, info: KindInfo | undefined): ObjectStatus {
  if (info?.phases) return phaseStatus(obj, info);
  const annotations = obj.metadata.annotations ?? {};
  const generation = obj.metadata.generation;
  const observed = obj.status?.observedGeneration;
  // Kinds without observedGeneration (some ESO kinds) count as observed.
  const observedCurrent = generation === undefined || observed === undefined || observed >= generation;
  const state = stateOf(obj, observedCurrent);
  const ready = condition(obj, 'Ready');
  const revision = revisionOf(obj, info);
  const refresh = info?.refreshTime ? pathValue(obj, info.refreshTime) : undefined;
  const lastApplied = obj.status?.['lastAppliedRevision'];
  const description =
    state === 'failed'
      ? (ready?.reason ?? condition(obj, 'Stalled')?.reason ?? 'Failed')
      : state === 'suspended'
        ? `suspended${annotations[SUSPEND_REASON] ? `: ${annotations[SUSPEND_REASON]}` : ''}`
        : state === 'reconciling'
          ? (revision ? `${shortRevision(revision)} (reconciling)` : 'reconciling')
          : revision
            ? shortRevision(revision)
            : (ready?.reason ?? '');
  return {
    state,
    description,
    reason: ready?.reason,
    message: ready?.message,
    revision,
    conditions: obj.status?.conditions ?? [],
    lastHandledReconcileAt: obj.status?.lastHandledReconcileAt,
    lastAppliedRevision: typeof lastApplied === 'string' ? lastApplied : undefined,
    suspendedBy: annotations[SUSPENDED_BY],
    suspendReason: annotations[SUSPEND_REASON],
    suspendedAt: annotations[SUSPENDED_AT],
    refreshTime: typeof refresh === 'string' ? refresh : undefined,
    observedCurrent,
  };
}

/** The state of a Flux controller pod: Running and ready, starting, or failing. */
export function podState(pod: KObject): { state: StatusState; description: string } {
  const phase = String(pod.status?.['phase'] ?? 'Unknown');
  if (pod.metadata.deletionTimestamp) return { state: 'reconciling', description: 'terminating' };
  const ready = condition(pod, 'Ready');
  if (phase === 'Running' && ready?.status === 'True') return { state: 'ready', description: 'Running' };
  if (phase === 'Failed') return { state: 'failed', description: 'Failed' };
  if (phase === 'Pending' || phase === 'Running') return { state: 'reconciling', description: phase };
  return { state: 'unknown', description: phase };
}

/** Plain-text tooltip lines; the explorer renders them as Markdown. */
export function tooltipLines(obj: KObject, info: KindInfo | undefined, s: ObjectStatus): string[] {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  const lines = [`${obj.kind ?? info?.kind ?? 'Object'} ${ns}${obj.metadata.name}`, `State: ${s.state}`];
  lines.push(...(s.details ?? []));
  if (s.revision) lines.push(`Revision: ${s.revision}`);
  if (s.lastAppliedRevision && s.lastAppliedRevision !== s.revision) lines.push(`Last applied revision: ${s.lastAppliedRevision}`);
  if (s.lastHandledReconcileAt) lines.push(`Last handled reconcile: ${s.lastHandledReconcileAt}`);
  if (s.refreshTime) lines.push(`Last refresh: ${s.refreshTime}`);
  const webhook = obj.status?.['webhookPath'];
  if (typeof webhook === 'string' && webhook) lines.push(`Webhook path: ${webhook} (Copy Webhook URL gives the whole address)`);
  if (s.state === 'suspended') {
    const who = s.suspendedBy ? ` by ${s.suspendedBy}` : '';
    const when = s.suspendedAt ? ` at ${s.suspendedAt}` : '';
    lines.push(`Suspended${who}${when}${s.suspendReason ? `: ${s.suspendReason}` : ''}`);
  }
  for (const c of s.conditions) {
    lines.push(`${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`);
  }
  return lines;
}

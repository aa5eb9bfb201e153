// Which Flux objects need a person: failing or stalled ones, ones suspended for longer than a setting (or
// since a time nobody recorded), and ones whose applied objects are unhealthy. Pure.
import type { KindInfo } from '../../../server/src/shared/kinds';
import { condition, objectStatus } from './status';
import type { KObject } from './types';

export interface AttentionOptions {
  /** Suspensions shorter than this are deliberate and not listed; 0 lists every suspension. */
  readonly suspendedForMs: number;
  readonly now: number;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/** Why an object needs attention, or undefined when it does not. */
export function attentionReason(obj: KObject, info: KindInfo | undefined, opts: AttentionOptions): string | undefined {
  const s = objectStatus(obj, info);
  if (s.state === 'suspended') {
    const at = s.suspendedAt ? Date.parse(s.suspendedAt) : NaN;
    if (Number.isNaN(at)) return 'Suspended (since when is not recorded)';
    const age = opts.now - at;
    if (age < opts.suspendedForMs) return undefined;
    return `Suspended for ${duration(age)}${s.suspendedBy ? ` by ${s.suspendedBy}` : ''}${s.suspendReason ? `: ${s.suspendReason}` : ''}`;
  }
  if (condition(obj, 'Stalled')?.status === 'True') return `Stalled: ${condition(obj, 'Stalled')?.reason ?? ''}`;
  if (s.state === 'failed') return `Failing: ${s.reason ?? 'Ready=False'}`;
  return undefined;
}

/** The line for a Flux object whose applied objects are not all healthy. */
export function unhealthyInventoryReason(unhealthy: number, total: number): string {
  return `${unhealthy} of ${total} applied object${total === 1 ? '' : 's'} not healthy`;
}

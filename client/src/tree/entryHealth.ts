// What one inventory entry shows: its health from the watch of its collection (or, for a Flux object, from
// the session's cache), or why that is not known: loading, not readable, not found, or a Secret never read.
import { isFluxGroup } from '../cluster/discovery';
import { healthOf, type Health } from '../cluster/health';
import { isSecret, type InventoryEntry } from '../cluster/inventory';
import type { OwnedObjects } from '../cluster/owned';
import type { ClusterSession } from '../cluster/session';
import { objectStatus, type StatusState } from '../cluster/status';
import { HELMRELEASE_KEY } from '../cluster/trace';
import type { ObjectRef } from '../cluster/types';
import type { IconName } from './model';

export interface EntryHealth {
  readonly icon: IconName;
  readonly text: string;
  /** A health state, or loading, forbidden, missing, error, secret. */
  readonly summary: string;
}

/** Entry summaries that are a health, not a reason the health is unknown (loading, forbidden, missing…). */
export const KNOWN_HEALTH: ReadonlySet<string> = new Set(['healthy', 'progressing', 'failed', 'terminating', 'applied']);

/** A Flux object's state as a health: suspended and unknown ones say nothing about their health. */
const FLUX_SUMMARY: Record<StatusState, string> = { ready: 'healthy', reconciling: 'progressing', failed: 'failed', suspended: 'applied', unknown: 'applied' };

const HEALTH_ICON: Record<Health['state'], IconName> = {
  healthy: 'ready',
  progressing: 'reconciling',
  failed: 'failed',
  terminating: 'reconciling',
  applied: 'applied',
};

/** The health of one entry as the watch knows it, or why it is not known. */
export function entryHealth(session: ClusterSession, owner: ObjectRef, e: InventoryEntry, owned: OwnedObjects | undefined): EntryHealth {
  if (isSecret(e.group, e.kind)) return { icon: 'secret', text: 'Secret: shown from the inventory only, never read', summary: 'secret' };
  const fluxKey = `${e.group}/${e.kind}`;
  if (isFluxGroup(e.group) && session.served(fluxKey)) {
    const live = session.get(fluxKey, e.namespace, e.name);
    if (!live) return { icon: 'warning', text: 'not found', summary: 'missing' };
    const s = objectStatus(live, session.served(fluxKey)?.info);
    return { icon: s.state, text: s.description, summary: FLUX_SUMMARY[s.state] };
  }
  const state = owned?.state(e);
  if (!state || state.phase === 'waiting' || state.phase === 'listing') return { icon: 'loading', text: 'loading…', summary: 'loading' };
  if (state.phase === 'error') {
    const forbidden = state.error?.kind === 'forbidden';
    return { icon: forbidden ? 'forbidden' : 'error', text: forbidden ? `not readable: ${state.error?.message}` : (state.error?.message ?? 'error'), summary: forbidden ? 'forbidden' : 'error' };
  }
  const live = owned?.object(e);
  if (!live) return { icon: 'warning', text: `not found with ${owner.kindKey === HELMRELEASE_KEY ? 'the release' : 'the Kustomization'}'s labels (deleted, or relabelled)`, summary: 'missing' };
  const h = healthOf(live);
  return { icon: HEALTH_ICON[h.state], text: h.message, summary: h.state };
}

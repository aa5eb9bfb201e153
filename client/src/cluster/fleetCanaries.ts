// Canaries in the fleet: a Kustomization's or HelmRelease's cell says when a canary it applied is progressing
// (the cell is progressing) or failed and rolled back (the cell is failing). Pure.
import { canaryDescription, canaryFacts, canaryOwner } from './canary';
import { rowKey, type FleetCell } from './fleet';
import type { KObject } from './types';

const KIND_OF_KEY: Readonly<Record<string, string>> = {
  'kustomize.toolkit.fluxcd.io/Kustomization': 'Kustomization',
  'helm.toolkit.fluxcd.io/HelmRelease': 'HelmRelease',
};

const QUIET = new Set(['Initialized', 'Succeeded', 'Unknown']);

/** The row of the Flux object that applied a canary, or undefined when none is known. */
export function canaryRow(canary: KObject, kustomizations: readonly KObject[]): string | undefined {
  const owner = canaryOwner(canary, '', kustomizations);
  const kind = owner && KIND_OF_KEY[owner.kindKey];
  return kind ? rowKey(kind, owner.namespace ?? canary.metadata.namespace, owner.name) : undefined;
}

/** One context's canaries by their owners' rows. */
export function canariesByRow(canaries: readonly KObject[], kustomizations: readonly KObject[]): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  for (const c of canaries) {
    const row = canaryRow(c, kustomizations);
    if (!row) continue;
    out.set(row, [...(out.get(row) ?? []), c]);
  }
  return out;
}

/** The cell with its canaries' rollout: a failed canary wins over a progressing one; a finished one says nothing. */
export function withCanaries(cell: FleetCell, canaries: readonly KObject[] | undefined): FleetCell {
  if (!canaries?.length) return cell;
  const loud = canaries.map((c) => ({ name: c.metadata.name, facts: canaryFacts(c) })).filter((c) => !QUIET.has(c.facts.phase));
  if (loud.length === 0) return cell;
  const failed = loud.find((c) => c.facts.phase === 'Failed');
  const shown = failed ?? loud[0];
  const canary = `canary ${shown.name}: ${canaryDescription(shown.facts)}`;
  if (failed) return cell.state === 'suspended' ? { ...cell, canary } : { ...cell, canary, state: 'failing', reason: 'CanaryFailed', message: failed.facts.message ?? cell.message };
  return cell.state === 'ready' ? { ...cell, canary, state: 'progressing' } : { ...cell, canary };
}

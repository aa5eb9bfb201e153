// What a manifest shows above each object about its live copies (pure, for the editor's code lenses): one
// line per context, its state and revision or failure reason, and the action that fits (Reconcile, Resume).
import type { KindInfo } from '../../../server/src/shared/kinds';
import type { ObjectStatus } from './status';

export interface LensLine {
  readonly title: string;
  readonly tooltip: string;
  /** The command that fits the state, if any: a suspended object is resumed, another reconciled. */
  readonly action?: { readonly title: string; readonly command: 'fluxGitops.reconcile' | 'fluxGitops.resume' };
}

const ICONS: Readonly<Record<ObjectStatus['state'], string>> = {
  ready: '$(pass)',
  reconciling: '$(sync)',
  failed: '$(error)',
  suspended: '$(debug-pause)',
  unknown: '$(question)',
};

export function lensLine(context: string, info: KindInfo, status: ObjectStatus): LensLine {
  const title = `${ICONS[status.state]} ${context}: ${status.description || status.state}`;
  const tooltip = [`${info.kind} in ${context}: ${status.state}`, status.message, status.lastAppliedRevision && `last applied: ${status.lastAppliedRevision}`]
    .filter(Boolean)
    .join('\n');
  if (status.state === 'suspended' && info.suspendable) return { title, tooltip, action: { title: 'Resume', command: 'fluxGitops.resume' } };
  if (info.fluxReconcilable) return { title, tooltip, action: { title: 'Reconcile', command: 'fluxGitops.reconcile' } };
  return { title, tooltip };
}

// Editor settings the explorer features read at the moment they need them.
import * as vscode from 'vscode';
import type { ClusterContexts } from '../cluster/contexts';

/** `fluxGitops.clusterContexts`: cluster folder name -> the context (or contexts) it deploys to. */
export function clusterContexts(): ClusterContexts {
  const v = vscode.workspace.getConfiguration('fluxGitops').get<unknown>('clusterContexts', {});
  return v && typeof v === 'object' ? (v as ClusterContexts) : {};
}

/** `fluxGitops.attention.suspendedForMinutes`: suspensions shorter than this are not listed under "Needs attention". */
export function suspendedForMs(): number {
  const minutes = vscode.workspace.getConfiguration('fluxGitops').get<number>('attention.suspendedForMinutes', 1440);
  return Math.max(0, typeof minutes === 'number' ? minutes : 1440) * 60_000;
}

/** `fluxGitops.tree.alwaysShowNamespaces`: keep the namespace level in groups with one namespace. */
export function alwaysShowNamespaces(): boolean {
  return vscode.workspace.getConfiguration('fluxGitops').get<boolean>('tree.alwaysShowNamespaces', false) === true;
}

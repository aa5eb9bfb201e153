// Editor settings the explorer features read at the moment they need them.
import * as vscode from 'vscode';
import type { ClusterContexts } from '../cluster/contexts';

/** `fluxGitops.clusterContexts`: cluster folder name -> the context (or contexts) it deploys to. */
export function clusterContexts(): ClusterContexts {
  const v = vscode.workspace.getConfiguration('fluxGitops').get<unknown>('clusterContexts', {});
  return v && typeof v === 'object' ? (v as ClusterContexts) : {};
}

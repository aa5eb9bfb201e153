// What the workspace knows beyond its YAML: its git remotes. Loaded asynchronously once per host (the
// checks are synchronous); `generation` changes when the load completes so derived caches refresh.
import { findRemotes, type GitRemote } from '../gitea/remote';
import type { WorkspaceHost } from './host';

export interface WorkspaceMeta {
  remotes: readonly GitRemote[];
  generation: number;
  loading?: Promise<void>;
}

const metas = new WeakMap<WorkspaceHost, WorkspaceMeta>();

export function workspaceMeta(host: WorkspaceHost): WorkspaceMeta {
  let meta = metas.get(host);
  if (!meta) {
    meta = { remotes: [], generation: 0 };
    metas.set(host, meta);
    void loadWorkspaceMeta(host);
  }
  return meta;
}

/** (Re)reads the remotes; awaited while indexing so the first checks already see them. */
export function loadWorkspaceMeta(host: WorkspaceHost): Promise<void> {
  const meta = metas.get(host) ?? { remotes: [], generation: 0 };
  metas.set(host, meta);
  meta.loading = findRemotes(host)
    .then((remotes) => {
      meta.remotes = remotes;
      meta.generation++;
    })
    .catch(() => undefined);
  return meta.loading;
}

// A Flux Operator instance's `sync.path` is the path of the root Kustomization the operator creates: when the
// sync source is this repository, it must land on a folder of it, like any Kustomization's `path`.
import type { Diagnostic } from 'vscode-languageserver-types';
import { matchRemote } from '../gitea/remote';
import type { IndexedObject } from '../workspace/index';
import { spanDiagnostic } from './diag';
import type { Model } from './model';

export function syncPathDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const sync = o.facts.sync;
    const path = sync?.path;
    if (!sync || !path || path.value.includes('${') || !syncsThisRepository(model, sync.kind, sync.url)) continue;
    if (model.structure.resolvePath(o.uri, path.value) || !model.structure.pathSurelyMissing(o.uri, path.value)) continue;
    out.push(spanDiagnostic(path.span, 'path-not-found', `No folder with manifests at ${path.value} in this repository (the source of this ${o.kind}'s sync); the Kustomization "${sync.name}" the Flux Operator creates fails with "kustomization path not found".`, 'error'));
  }
  return out;
}

/** A Git sync is this repository unless the workspace's remotes are known and none matches its URL. */
function syncsThisRepository(model: Model, kind: string, url: string | undefined): boolean {
  if (kind !== 'GitRepository') return false;
  if (!model.remotes.length || !url) return true;
  return !!matchRemote(model.remotes, url);
}

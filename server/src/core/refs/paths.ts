// A Kustomization's `path` must land on a folder of this repository when its source is this repository.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { IndexedObject } from '../workspace/index';
import { spanDiagnostic } from './diag';
import type { Model } from './model';

export function pathDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const path = o.facts.kustomization?.path;
    if (!path || path.value.includes('${')) continue;
    const build = model.structure.fluxBuildOf(o);
    if (!build || build.local !== 'yes' || build.dir) continue;
    if (!model.structure.pathSurelyMissing(o.uri, path.value)) continue;
    out.push(spanDiagnostic(path.span, 'path-not-found', `No folder with manifests at ${path.value} in this repository (the source of this Kustomization); Flux fails with "kustomization path not found".`, 'error'));
  }
  return out;
}

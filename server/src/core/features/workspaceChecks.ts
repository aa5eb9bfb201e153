// Cross-file checks (references, cycles, duplicates, substitutions, paths, platform rules) over the
// workspace index. Each check reads the index's facts of the file's objects, so it never re-parses others.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { referenceDiagnostics } from '../refs/checks';
import { cycleDiagnostics } from '../refs/cycles';
import { duplicateDiagnostics } from '../refs/duplicates';
import { keyDiagnostics } from '../refs/keys';
import { modelOf } from '../refs/model';
import { pathDiagnostics } from '../refs/paths';
import { substitutionDiagnostics } from '../refs/substitution';
import { syncPathDiagnostics } from '../refs/syncPaths';
import { versionDiagnostics } from './versionDiagnostics';
import { crdNotes } from './crdNotes';
import { platformWorkspaceDiagnostics } from '../rules/platform';
import { applyRenders } from '../render/checks';
import { applyReleases } from '../render/helmChecks';

/** Whether a kustomization.yaml applies this file as a patch (partial objects: required fields may be absent). */
export function isPatchFile(ctx: ServiceContext, uri: string): boolean {
  return modelOf(ctx).structure.isPatch(uri);
}

/** The cross-file part of a file's diagnostics, from the index alone (no syntax tree needed). */
export function workspaceDiagnostics(ctx: ServiceContext, uri: string): Diagnostic[] {
  const model = modelOf(ctx);
  const objects = ctx.index.objectsIn(uri);
  const found = [
    ...referenceDiagnostics(model, objects),
    ...cycleDiagnostics(model, objects),
    ...duplicateDiagnostics(model, objects),
    ...keyDiagnostics(model, objects),
    ...substitutionDiagnostics(model, objects),
    ...pathDiagnostics(model, objects),
    ...syncPathDiagnostics(model, objects),
    ...versionDiagnostics(ctx, objects),
    ...crdNotes(objects),
    ...platformWorkspaceDiagnostics(model, objects),
  ];
  return applyReleases(ctx.releases, model, objects, applyRenders(ctx.renders, model, uri, objects, found));
}

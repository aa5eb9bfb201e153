// Where a render exists, it decides: a file every Flux build of which rendered cleanly gets no duplicate-object
// finding from the fast index (kustomize itself fails on duplicates, and it did not), and its undefined variables
// are the ones the render found (after the parent's patches gave the build its substitutions). A render that
// failed is reported on the Kustomization's path with kustomize's message. References to Secrets and ConfigMaps
// follow the rendered names (renderedRefs.ts), and the rendered objects are checked against the schemas
// (renderedSchema.ts). Without renders, nothing changes.
import type { Diagnostic } from 'vscode-languageserver-types';
import { related, spanDiagnostic } from '../refs/diag';
import { objectOfDoc, type Model } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { renderedReferences } from './renderedRefs';
import { renderedSchemaDiagnostics } from './renderedSchema';
import { buildKey, type BuildRender, type RenderStore } from './store';

/** Codes the fast index guesses and a clean render settles. */
const SETTLED = new Set(['duplicate-object', 'undefined-variable']);

export function applyRenders(store: RenderStore, model: Model, uri: string, objects: readonly IndexedObject[], found: Diagnostic[]): Diagnostic[] {
  const renders = cleanRendersOf(store, model, uri);
  const out = renders ? renderedReferences(store, model, renders, uri, objects, found.filter((d) => !SETTLED.has(String(d.code)))) : found;
  if (renders) out.push(...renderedVariables(model, renders, uri, objects));
  out.push(...renderErrors(store, objects));
  out.push(...renderedSchemaDiagnostics(store, model, uri, objects));
  return out;
}

/** The renders of every Flux build that takes in the file, when each is there and clean; else undefined. */
function cleanRendersOf(store: RenderStore, model: Model, uri: string): BuildRender[] | undefined {
  const builds = model.structure.fluxBuildsOf(uri);
  if (!builds.length) return undefined;
  const out: BuildRender[] = [];
  for (const b of builds) {
    const r = store.get(buildKey(b.ks.uri, b.ks.docIndex));
    if (!r || r.result.error) return undefined;
    out.push(r);
  }
  return out;
}

function renderedVariables(model: Model, renders: readonly BuildRender[], uri: string, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of renders) {
    const missing = new Set((r.byUri.get(uri) ?? []).flatMap((o) => o.undefinedVariables ?? []));
    if (!missing.size) continue;
    const ks = objectOfDoc(model.index, r.ksUri, r.ksDoc);
    const name = ks?.name ?? 'the Kustomization';
    for (const o of objects) {
      if (o.facts.substitutionDisabled) continue;
      for (const v of o.facts.vars) {
        if (v.hasDefault || !missing.has(v.name)) continue;
        const message = `\${${v.name}} has no value in Kustomization ${name}, which builds this file (its substitute and substituteFrom, with the patches of the Kustomizations above it); Flux substitutes an empty string. Define it, or give a default with \${${v.name}:=value}.`;
        out.push(spanDiagnostic(v.span, 'undefined-variable', message, 'warning', ks ? [related(ks, `Kustomization ${name} builds this file`)] : []));
      }
    }
  }
  return out;
}

/** A build not rendered because of one of our limits: a note, not kustomize's verdict. */
const LIMIT_CODES: Record<string, string | undefined> = { 'time-limit': 'render-timeout', 'too-large': 'render-too-large' };

function renderErrors(store: RenderStore, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const path = o.facts.kustomization?.path;
    const error = o.facts.kustomization ? store.get(buildKey(o.uri, o.docIndex))?.result.error : undefined;
    if (!error || !path) continue;
    const limit = LIMIT_CODES[error.engine ?? ''];
    const message = limit
      ? `Not rendered: ${error.message}. The checks of the files it builds use the fast index.`
      : `kustomize build fails for ${path.value}: ${error.message}`;
    out.push(spanDiagnostic(path.span, limit ?? 'render-failed', message, limit ? 'info' : 'error'));
  }
  return out;
}

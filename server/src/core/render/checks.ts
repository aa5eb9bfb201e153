// Where a render exists, it decides: a file every Flux build of which rendered cleanly gets no duplicate-object
// finding from the fast index (kustomize itself fails on duplicates, and it did not), and its undefined variables
// are the ones the render found (after the parent's patches gave the build its substitutions). A render that
// failed is reported on the Kustomization's path with kustomize's message. Without renders, nothing changes.
import type { Diagnostic } from 'vscode-languageserver-types';
import { related, spanDiagnostic } from '../refs/diag';
import { objectOfDoc, type Model } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { buildKey, type BuildRender, type RenderStore } from './store';

/** Codes the fast index guesses and a clean render settles. */
const SETTLED = new Set(['duplicate-object', 'undefined-variable']);

export function applyRenders(store: RenderStore, model: Model, uri: string, objects: readonly IndexedObject[], found: Diagnostic[]): Diagnostic[] {
  const renders = cleanRendersOf(store, model, uri);
  const out = renders ? found.filter((d) => !SETTLED.has(String(d.code))) : found;
  if (renders) out.push(...renderedVariables(model, renders, uri, objects));
  out.push(...renderErrors(store, objects));
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

function renderErrors(store: RenderStore, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const path = o.facts.kustomization?.path;
    const error = o.facts.kustomization ? store.get(buildKey(o.uri, o.docIndex))?.result.error : undefined;
    if (!error || !path) continue;
    const timeout = error.engine === 'time-limit';
    const message = timeout
      ? `Not rendered: ${error.message}. The checks of the files it builds use the fast index.`
      : `kustomize build fails for ${path.value}: ${error.message}`;
    out.push(spanDiagnostic(path.span, timeout ? 'render-timeout' : 'render-failed', message, timeout ? 'info' : 'error'));
  }
  return out;
}

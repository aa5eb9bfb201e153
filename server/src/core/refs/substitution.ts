// Flux post-build substitution: a `${VAR}` without a default, in a manifest that a Kustomization with
// `postBuild` builds, must be defined by its `substitute` or `substituteFrom`; Flux would put an empty string.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { IndexedObject } from '../workspace/index';
import { related, spanDiagnostic } from './diag';
import { fresh, type Model } from './model';
import { resolveRef } from './resolve';

export function substitutionDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (!o.facts.vars.length || o.facts.substitutionDisabled) continue;
    for (const b of model.structure.fluxBuildsOf(o.uri)) {
      const ks = fresh(model.index, b.ks);
      if (!ks?.facts.kustomization?.postBuild) continue;
      const defined = definedVars(model, ks);
      if (!defined) continue;
      for (const v of o.facts.vars) {
        if (v.hasDefault || defined.has(v.name)) continue;
        out.push(spanDiagnostic(v.span, 'undefined-variable', `\${${v.name}} is defined by neither substitute nor substituteFrom of Kustomization ${ks.name}, which builds this file; Flux substitutes an empty string. Define it, or give a default with \${${v.name}:=value}.`, 'warning', [related(ks, `Kustomization ${ks.name} builds this file`)]));
      }
    }
  }
  return out;
}

/** The variables a Kustomization defines, or undefined when a source's keys cannot be known. */
export function definedVars(model: Model, ks: IndexedObject): Set<string> | undefined {
  const defined = new Set(ks.facts.kustomization?.substitute ?? []);
  for (const ref of ks.facts.refs) {
    if (!ref.field.startsWith('spec.postBuild.substituteFrom')) continue;
    const targets = resolveRef(model, ks, ref).targets;
    if (!targets.length && !ref.optional) return undefined;
    for (const t of targets) {
      if (!t.facts.dataKeys) return undefined;
      for (const k of t.facts.dataKeys) defined.add(k);
    }
  }
  return defined;
}

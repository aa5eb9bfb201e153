// Objects defined twice in one build (the same file, or two files one build scope takes in), and Secrets
// owned by two ExternalSecrets. Scopes keep clusters deployed from one tree and kustomize overlays apart.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { IndexedObject } from '../workspace/index';
import { isNamespaced } from '../workspace/structure';
import { related, shortLocation, spanDiagnostic } from './diag';
import type { Model } from './model';

export function duplicateDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (model.structure.isPatch(o.uri)) continue;
    const twins = [...model.index.named(o.kind, o.name)].filter((t) => t !== o && t.group === o.group && clash(model, o, t));
    if (twins.length) {
      const where = twins.map(shortLocation).join(', ');
      out.push(spanDiagnostic(nameSpan(o), 'duplicate-object', `${o.kind} ${o.name} is defined again in the same build (${where}); the build fails on duplicates.`, 'error', twins.map((t) => related(t, 'also defined here'))));
    }
    out.push(...ownerDiagnostics(model, o));
  }
  return out;
}

function ownerDiagnostics(model: Model, o: IndexedObject): Diagnostic[] {
  if (o.kind !== 'ExternalSecret') return [];
  const out: Diagnostic[] = [];
  for (const p of o.facts.produces) {
    if (!p.owner) continue;
    const rivals = [...model.index.producersOf('Secret', p.name)].filter(
      (r) => r !== o && r.kind === 'ExternalSecret' && r.facts.produces.some((q) => q.owner && q.name === p.name) && clash(model, o, r),
    );
    if (!rivals.length) continue;
    out.push(spanDiagnostic(nameSpan(o), 'duplicate-secret-owner', `Secret ${p.name} is owned by this ExternalSecret and by ${rivals.map((r) => `${r.name} (${shortLocation(r)})`).join(', ')}; they overwrite each other.`, 'error', rivals.map((r) => related(r, 'also owns the Secret'))));
  }
  return out;
}

/** Two definitions clash when they land in the same namespace within one file or one build scope. */
function clash(model: Model, a: IndexedObject, b: IndexedObject): boolean {
  if (model.structure.isPatch(b.uri)) return false;
  if (isNamespaced(a.kind, a.group) && !sameNamespace(model.structure.namespacesOf(a), model.structure.namespacesOf(b))) return false;
  if (a.uri === b.uri) return true;
  const scopes = model.structure.scopesOf(a.uri);
  for (const s of model.structure.scopesOf(b.uri)) if (scopes.has(s)) return true;
  return false;
}

function sameNamespace(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.some((n) => b.includes(n));
}

function nameSpan(o: IndexedObject) {
  const p = o.namePosition;
  return { start: o.nameRange[0], end: o.nameRange[1], range: { start: p, end: { line: p.line, character: p.character + o.nameRange[1] - o.nameRange[0] } } };
}

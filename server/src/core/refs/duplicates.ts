// Objects defined twice in one build (the same file, or two files one build scope takes in), and Secrets
// owned by two ExternalSecrets. Scopes keep clusters deployed from one tree and kustomize overlays apart.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { IndexedObject } from '../workspace/index';
import { isNamespaced } from '../workspace/structure';
import { listWithMore, MESSAGE_ITEMS, RELATED_ITEMS, relatedList, shortLocation, spanDiagnostic } from './diag';
import type { Model } from './model';

/**
 * The definitions that clash with an object, once per name, file and namespace: the copies of one object in
 * a file share the answer, so N copies cost N steps, not N×N. The object itself is among them.
 */
type Clashes = Map<string, readonly IndexedObject[]>;

export function duplicateDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const clashes: Clashes = new Map();
  // Copies past the first few of a clash see the same others: their message and locations are built once.
  const shared: Told = new Map();
  for (const o of objects) {
    if (model.structure.isPatch(o.uri)) continue;
    const named = model.index.named(o.kind, o.name);
    // Most names are defined once: nothing can clash, and no key needs building.
    const all = named.size < 2 ? [o] : clashing(model, clashes, o, 'object', () => [...named].filter((t) => t.group === o.group));
    if (all.length > 1) out.push(duplicateOf(model, o, all, shared));
    for (const d of ownerDiagnostics(model, clashes, o)) out.push(d);
  }
  return out;
}

type Told = Map<readonly IndexedObject[], { where: string; related: ReturnType<typeof relatedList> }>;

function duplicateOf(model: Model, o: IndexedObject, all: readonly IndexedObject[], shared: Told): Diagnostic {
  const amongFirst = all.slice(0, Math.max(MESSAGE_ITEMS, RELATED_ITEMS) + 1).includes(o);
  let told = amongFirst ? undefined : shared.get(all);
  if (!told) {
    const twins = othersThan(o, all);
    told = {
      where: listWithMore(twins.first.map((t) => shortLocation(model.structure.roots, t)), MESSAGE_ITEMS, twins.count),
      related: relatedList(twins.first, () => 'also defined here', RELATED_ITEMS, twins.count),
    };
    if (!amongFirst) shared.set(all, told);
  }
  return spanDiagnostic(nameSpan(o), 'duplicate-object', `${o.kind} ${builtName(model, o)} is defined again in the same build (${told.where}); the build fails on duplicates.`, 'error', told.related);
}

function ownerDiagnostics(model: Model, clashes: Clashes, o: IndexedObject): Diagnostic[] {
  if (o.kind !== 'ExternalSecret') return [];
  const out: Diagnostic[] = [];
  for (const p of o.facts.produces) {
    if (!p.owner) continue;
    const all = clashing(model, clashes, o, `owner:${p.name}`, () => [...model.index.producersOf('Secret', p.name)].filter(
      (r) => r.kind === 'ExternalSecret' && r.facts.produces.some((q) => q.owner && q.name === p.name),
    ));
    const rivals = othersThan(o, all);
    if (!rivals.count) continue;
    const names = listWithMore(rivals.first.map((r) => `${r.name} (${shortLocation(model.structure.roots, r)})`), MESSAGE_ITEMS, rivals.count);
    out.push(spanDiagnostic(nameSpan(o), 'duplicate-secret-owner', `Secret ${p.name} is owned by this ExternalSecret and by ${names}; they overwrite each other.`, 'error', relatedList(rivals.first, () => 'also owns the Secret', RELATED_ITEMS, rivals.count)));
  }
  return out;
}

/** The candidates that clash with `o`, computed once for every object of the same file, namespace and `what`. */
function clashing(model: Model, clashes: Clashes, o: IndexedObject, what: string, candidates: () => IndexedObject[]): readonly IndexedObject[] {
  const key = [what, o.kind, o.group, o.name, o.uri, ...(model.structure.namespacesOf(o) ?? ['-'])].join('\u0000');
  let found = clashes.get(key);
  if (!found) {
    found = candidates().filter((t) => t === o || clash(model, o, t));
    clashes.set(key, found);
  }
  return found;
}

/** The first of the others (as many as a diagnostic shows) and how many there are. */
function othersThan(o: IndexedObject, all: readonly IndexedObject[]): { first: IndexedObject[]; count: number } {
  const first: IndexedObject[] = [];
  const wanted = Math.max(MESSAGE_ITEMS, RELATED_ITEMS);
  for (let i = 0; i < all.length && first.length < wanted; i++) if (all[i] !== o) first.push(all[i]);
  return { first, count: all.length - (all.includes(o) ? 1 : 0) };
}

/** The name a build gives an object: a Namespace renamed by kustomize's `namespace:` says both (`media`, written `_`). */
function builtName(model: Model, o: IndexedObject): string {
  if (o.kind !== 'Namespace' || o.group !== '') return o.name;
  const names = model.structure.namespaceNamesOf(o);
  return names.length === 1 && names[0] === o.name ? o.name : `${names.join('|')} (written ${o.name})`;
}

/** Two definitions clash when they land in the same namespace within one file or one build scope. */
function clash(model: Model, a: IndexedObject, b: IndexedObject): boolean {
  if (model.structure.isPatch(b.uri)) return false;
  if (isNamespaced(a.kind, a.group) && !sameNamespace(model.structure.namespacesOf(a), model.structure.namespacesOf(b))) return false;
  if (a.kind === 'Namespace' && a.group === '' && !sameNamespace(model.structure.namespaceNamesOf(a), model.structure.namespaceNamesOf(b))) return false;
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

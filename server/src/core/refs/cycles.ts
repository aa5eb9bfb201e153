// dependsOn cycles among Kustomizations and among HelmReleases. A search from the object's own dependsOn
// targets back to it, over edges resolved on demand (memoised per index version), so a check costs the size
// of what the object depends on, not the size of the workspace. Edges prefer targets in the referrer's build
// scope, so two clusters deployed from one tree do not form false cycles.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { IndexedObject } from '../workspace/index';
import { MESSAGE_ITEMS, relatedList, spanDiagnostic } from './diag';
import type { Model } from './model';
import { resolveRef } from './resolve';

const KINDS = new Set(['Kustomization', 'HelmRelease']);
const MAX_VISITS = 20000;

const memo = new WeakMap<object, { version: number; structure: object; edges: Map<IndexedObject, IndexedObject[]> }>();

export function cycleDiagnostics(model: Model, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of objects) {
    if (!KINDS.has(o.kind) || model.structure.isPatch(o.uri)) continue;
    for (const ref of o.facts.refs) {
      if (ref.spec.role !== 'dependsOn') continue;
      for (const target of edgesOf(model, o).filter((t) => t.name === ref.name)) {
        const back = pathBetween(model, target, o);
        if (!back) continue;
        const cycle = [o, ...back];
        const members = [...new Set(cycle)];
        const info = relatedList(members, (m) => `${m.kind} ${m.name} is in the cycle`);
        out.push(spanDiagnostic(ref.span, 'dependency-cycle', `dependsOn cycle: ${cycleText(cycle)}. Flux never reconciles ${o.kind}s caught in it.`, 'error', info));
        break;
      }
    }
  }
  return out;
}

/** `a → b → c → a`; a long cycle shows its first names, how many it leaves out, and its way back to the start. */
function cycleText(cycle: readonly IndexedObject[]): string {
  const names = cycle.map((m) => m.name);
  const max = MESSAGE_ITEMS * 2;
  if (names.length <= max) return names.join(' → ');
  return `${names.slice(0, max - 1).join(' → ')} → … and ${names.length - max} more → ${names[names.length - 1]}`;
}

/** The objects a Kustomization / HelmRelease depends on (resolved, scope-preferred). */
function edgesOf(model: Model, o: IndexedObject): IndexedObject[] {
  let entry = memo.get(model.index);
  if (!entry || entry.version !== model.index.version || entry.structure !== model.structure) {
    entry = { version: model.index.version, structure: model.structure, edges: new Map() };
    memo.set(model.index, entry);
  }
  let edges = entry.edges.get(o);
  if (!edges) {
    edges = o.facts.refs.filter((r) => r.spec.role === 'dependsOn').flatMap((r) => inScope(model, o, resolveRef(model, o, r).targets));
    entry.edges.set(o, edges);
  }
  return edges;
}

function inScope(model: Model, o: IndexedObject, targets: readonly IndexedObject[]): IndexedObject[] {
  const own = targets.filter((t) => !model.structure.isPatch(t.uri));
  const scopes = model.structure.scopesOf(o.uri);
  const near = own.filter((t) => t.uri === o.uri || [...model.structure.scopesOf(t.uri)].some((s) => scopes.has(s)));
  return near.length ? near : own;
}

/** The shortest dependsOn path from `from` to `to` (both included), by breadth-first search. */
function pathBetween(model: Model, from: IndexedObject, to: IndexedObject): IndexedObject[] | undefined {
  const previous = new Map<IndexedObject, IndexedObject | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length && i < MAX_VISITS; i++) {
    const v = queue[i];
    if (v === to) {
      const path: IndexedObject[] = [];
      for (let x: IndexedObject | null | undefined = v; x; x = previous.get(x)) path.unshift(x);
      return path;
    }
    for (const w of edgesOf(model, v)) {
      if (previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  return undefined;
}

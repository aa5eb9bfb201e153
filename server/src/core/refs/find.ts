// Finding what is under the cursor in an open file: a reference, or the name of a defined object.
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import type { Model } from './model';
import { resolveRef } from './resolve';

export interface RefHit {
  readonly referrer: IndexedObject;
  readonly ref: RefFact;
}

export function refAt(model: Model, uri: string, offset: number): RefHit | undefined {
  for (const o of model.index.objectsIn(uri)) {
    if (offset < o.docRange[0] || offset > o.docRange[1]) continue;
    const ref = o.facts.refs.find((r) => offset >= r.span.start && offset <= r.span.end);
    if (ref) return { referrer: o, ref };
  }
  return undefined;
}

export function definedAt(model: Model, uri: string, offset: number): IndexedObject | undefined {
  return model.index.objectsIn(uri).find((o) => offset >= o.nameRange[0] && offset <= o.nameRange[1]);
}

/** Every reference in the workspace that resolves to `target` (by its name or a name it produces). */
export function referencesTo(model: Model, target: IndexedObject): RefHit[] {
  const names = new Set([target.name, ...target.facts.produces.map((p) => p.name)]);
  const out: RefHit[] = [];
  for (const name of names) {
    for (const uri of model.index.referrersOf(name)) {
      for (const o of model.index.objectsIn(uri)) {
        for (const ref of o.facts.refs) {
          if (ref.name !== name || ref.wildcard) continue;
          if (resolveRef(model, o, ref).targets.includes(target)) out.push({ referrer: o, ref });
        }
      }
    }
  }
  return out;
}

// Index entries cross from worker threads by structured clone. A reference's RefSpec is shared data of the
// kinds table: it travels as its position in that table and is put back on arrival, so the copy is smaller
// and every entry on the main thread points at the one shared spec instead of a clone of it.
import { KINDS, type RefSpec } from '../../shared/kinds';
import type { RefFact } from './facts';
import type { FileEntry, IndexedObject } from './index';
import { MARKER_SPEC } from './scan';

const SPECS: readonly RefSpec[] = [...new Set([...KINDS.flatMap((k) => k.refs), MARKER_SPEC])];
const IDS = new Map(SPECS.map((s, i) => [s, i]));

/** An entry as it travels: the same shape, with each reference's spec replaced by its number. */
export type PackedEntry = { readonly __packed: true };

export function packEntry(entry: FileEntry): PackedEntry {
  const objects = entry.objects.map((o) => mapRefs(o, (r) => ({ ...r, spec: IDS.get(r.spec) ?? -1 })));
  return { ...entry, objects } as unknown as PackedEntry;
}

export function unpackEntry(packed: PackedEntry): FileEntry {
  const entry = packed as unknown as FileEntry;
  const objects = entry.objects.map((o) => mapRefs(o, (r) => ({ ...r, spec: SPECS[r.spec as unknown as number] })));
  return { ...entry, objects };
}

function mapRefs(o: IndexedObject, fn: (r: RefFact) => unknown): IndexedObject {
  if (!o.facts.refs.length) return o;
  return { ...o, facts: { ...o.facts, refs: o.facts.refs.map(fn) as RefFact[] } };
}

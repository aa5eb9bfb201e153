// The live object as the next apply of a render would see it: the fields the render sets, with their live values,
// plus the fields Flux applied before that the render no longer sets (the apply removes those). Everything else
// the live object holds (API server defaults, other managers' fields) is left out, so an unchanged object
// compares equal to its render. Which fields Flux applied comes from the object's managedFields (FieldsV1) entry
// of kustomize-controller's server-side apply. Pure.
import type { KObject } from './types';

/** The field manager kustomize-controller applies with. */
export const FLUX_MANAGER = 'kustomize-controller';

/** A FieldsV1 set: `f:<field>`, `k:<json key of a list item>`, `v:<json value>`, `.` for the item itself. */
type FieldSet = { readonly [key: string]: FieldSet };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The fields the manager owns by server-side apply, or undefined when the object does not say. */
export function appliedFieldSet(live: KObject, manager = FLUX_MANAGER): FieldSet | undefined {
  const entries = Array.isArray(live.metadata.managedFields) ? (live.metadata.managedFields as { manager?: string; operation?: string; fieldsV1?: unknown }[]) : [];
  const mine = entries.filter((e) => e.manager === manager && e.operation === 'Apply' && isMap(e.fieldsV1 as Json));
  if (!mine.length) return undefined;
  // Several entries (one per apiVersion applied) own the union of their fields.
  return mine.reduce<FieldSet>((all, e) => union(all, e.fieldsV1 as FieldSet), {});
}

/** The live object seen through the render: see the header. Without a field set, fields the render lacks are left out. */
export function asApplied(live: KObject, rendered: unknown, owned = appliedFieldSet(live)): KObject {
  return project(live as unknown as Json, rendered as Json, owned) as unknown as KObject;
}

function project(live: Json, want: Json | undefined, owned: FieldSet | undefined): Json | undefined {
  if (isMap(live)) return projectMap(live, isMap(want ?? null) ? (want as { [key: string]: Json }) : undefined, owned);
  if (Array.isArray(live)) return projectList(live, Array.isArray(want) ? want : undefined, owned);
  return live;
}

function projectMap(live: { [key: string]: Json }, want: { [key: string]: Json } | undefined, owned: FieldSet | undefined): Json | undefined {
  // An owned map with no owned fields below is either atomic (owned whole) or an empty struct the controller's
  // normalisation applied (a Namespace's `spec: {}`): the render tells which.
  if (owned && !hasKeys(owned) && !want) return {};
  if (owned && !hasKeys(owned) && want && hasKeys(want)) return live;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(live)) {
    const field = owned?.[`f:${key}`];
    if (want && key in want) {
      const kept = project(value, want[key], field);
      if (kept !== undefined) out[key] = kept;
      continue;
    }
    if (!field) continue;
    const kept = project(value, undefined, field);
    // An empty map Flux applied where the render has nothing says nothing.
    if (kept !== undefined && !(isMap(kept) && !hasKeys(kept))) out[key] = kept;
  }
  return out;
}

function projectList(live: Json[], want: Json[] | undefined, owned: FieldSet | undefined): Json[] {
  const keyed = owned ? Object.keys(owned).filter((k) => k.startsWith('k:')) : [];
  if (!keyed.length) return pairByIndex(live, want);
  const out: Json[] = [];
  for (const item of live) {
    const key = keyed.find((k) => matchesKey(item, k));
    const partner = key ? want?.find((w) => matchesKey(w, key)) : undefined;
    if (partner !== undefined) out.push(project(item, partner, owned![key!]) ?? item);
    else if (key) out.push(project(item, undefined, owned![key]) ?? item);
  }
  return out;
}

/** Lists without item keys (scalars, atomic lists): live items beside the render's, by position. */
function pairByIndex(live: Json[], want: Json[] | undefined): Json[] {
  if (!want || live.every((v) => !isMap(v))) return live;
  return live.map((item, i) => (i < want.length ? (project(item, want[i], undefined) ?? item) : item));
}

/** Whether a list item has the fields of a `k:{...}` key. */
function matchesKey(item: Json, key: string): boolean {
  if (!isMap(item)) return false;
  let fields: { [key: string]: Json };
  try {
    fields = JSON.parse(key.slice(2)) as { [key: string]: Json };
  } catch {
    return false;
  }
  return Object.entries(fields).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v));
}

function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: { [key: string]: FieldSet } = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? union(out[k], v) : v;
  return out;
}

const hasKeys = (o: object): boolean => Object.keys(o).some((k) => k !== '.');

function isMap(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Git against the cluster: a manifest and the live object made comparable, so a diff shows what differs for
// real. What the API server and the controllers add (status, bookkeeping metadata, Flux's ownership labels,
// finalizers) is left out of the live side; the live side's keys follow the manifest's order, and fields the
// API server defaulted come after, sorted. No Secret ever gets here: they are never fetched.
import { stringify } from 'yaml';
import type { KObject } from './types';

const SYSTEM_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** Labels and annotations written by Flux, Helm and kubectl, never by the manifest's author. */
const SYSTEM_KEYS = /^(kustomize\.toolkit\.fluxcd\.io\/|helm\.toolkit\.fluxcd\.io\/|meta\.helm\.sh\/|kubectl\.kubernetes\.io\/last-applied-configuration$|reconcile\.fluxcd\.io\/requestedAt$|fluxgitops\.io\/)/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Comparable {
  readonly desired: string;
  readonly live: string;
  /** True when the two texts are the same. */
  readonly same: boolean;
}

export function comparable(desired: unknown, live: KObject): Comparable {
  const want = clean(desired as Json, true);
  const have = ordered(clean(live as unknown as Json, false), want);
  const a = stringify(want, { lineWidth: 0 });
  const b = stringify(have, { lineWidth: 0 });
  return { desired: a, live: b, same: a === b };
}

/** One object alone (only the render or only the cluster has it), cleaned like its side of `comparable`. */
export function cleanedText(obj: unknown, side: 'desired' | 'live'): string {
  return stringify(clean(obj as Json, side === 'desired'), { lineWidth: 0 });
}

function clean(value: Json, manifest: boolean): Json {
  if (!isMap(value)) return value;
  const out: { [key: string]: Json } = { ...value };
  delete out.status;
  const meta = isMap(out.metadata) ? { ...out.metadata } : undefined;
  if (meta) {
    if (!manifest) for (const k of SYSTEM_METADATA) delete meta[k];
    for (const k of ['labels', 'annotations']) {
      const m = meta[k];
      if (!isMap(m)) continue;
      const kept = Object.fromEntries(Object.entries(m).filter(([key]) => !SYSTEM_KEYS.test(key)));
      if (Object.keys(kept).length) meta[k] = kept;
      else delete meta[k];
    }
    out.metadata = meta;
  }
  return out;
}

/** `value` with its map keys in the order `like` has them; keys `like` lacks come after, sorted. */
function ordered(value: Json, like: Json | undefined): Json {
  if (Array.isArray(value)) return value.map((v, i) => ordered(v, Array.isArray(like) ? like[i] : undefined));
  if (!isMap(value)) return value;
  const guide = isMap(like) ? like : {};
  const keys = [...Object.keys(guide).filter((k) => k in value), ...Object.keys(value).filter((k) => !(k in guide)).sort()];
  return Object.fromEntries(keys.map((k) => [k, ordered(value[k], guide[k])]));
}

function isMap(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

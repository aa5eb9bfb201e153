// The values a HelmRelease gives helm, merged as helm-controller merges them (fluxcd/pkg/chartutil
// ChartValuesFromReferences): each `valuesFrom` in order, a whole values document merged over what came before,
// or one value put at its `targetPath` (helm's --set syntax); then `spec.values` over all of it. The chart's
// defaults come under them inside helm (tools/render/helm). Secrets are never read: their values stay unknown and
// the render says so.

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One `valuesFrom` entry as the repository defines it. */
export type ValuesSource =
  /** A ConfigMap key read from the repository: a values document, or the value for targetPath. */
  | { readonly kind: 'data'; readonly text: string; readonly targetPath?: string; readonly literal?: boolean; readonly parse: (text: string) => unknown }
  /** A Secret, or a ConfigMap or key this repository does not hold: its values are unknown here. */
  | { readonly kind: 'unknown'; readonly why: string };

export interface MergedValues {
  readonly values: Values;
  /** What the render could not know (a Secret's values, a missing ConfigMap), in the output's header. */
  readonly notes: readonly string[];
}

/** helm-controller's MergeMaps: maps merge key by key, anything else in `b` replaces. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const before = out[k];
    out[k] = isMap(v) && isMap(before) ? mergeMaps(before, v) : v;
  }
  return out;
}

/** Merges in helm-controller's order; `specValues` must be the caller's own copy (it may be written to). */
export function mergeReleaseValues(sources: readonly ValuesSource[], specValues: Values): MergedValues {
  let result: Values = {};
  const notes: string[] = [];
  for (const source of sources) {
    if (source.kind === 'unknown') {
      notes.push(source.why);
      continue;
    }
    if (source.targetPath) {
      // As helm-controller does: spec.values first, then the one value at its path. The nested maps are shared
      // with specValues, as in Go, so a value put inside a map spec.values also has survives the last merge.
      result = mergeMaps(result, specValues);
      const problem = setPath(result, source.targetPath, typedValue(source.text, !!source.literal));
      if (problem) notes.push(`targetPath ${source.targetPath}: ${problem}`);
      continue;
    }
    const doc = readDoc(source, notes);
    if (doc) result = mergeMaps(result, doc);
  }
  return { values: mergeMaps(result, specValues), notes };
}

function readDoc(source: Extract<ValuesSource, { kind: 'data' }>, notes: string[]): Values | undefined {
  try {
    const doc = source.parse(source.text);
    if (doc === null || doc === undefined) return {};
    if (isMap(doc)) return doc;
    notes.push('a valuesFrom document is not a mapping: helm-controller would fail to read it');
  } catch (err) {
    notes.push(`a valuesFrom document does not parse: ${(err as Error).message}`);
  }
  return undefined;
}

/**
 * The value `--set path=value` gives (helm's strvals typing): true/false, null, integers without a leading zero,
 * else the text; quoted in ' or " it is the text inside; a literal (`valuesFrom[].literal`) is always the text.
 */
export function typedValue(text: string, literal: boolean): unknown {
  if (literal) return text;
  for (const q of ["'", '"']) {
    if (text.length >= 2 && text.startsWith(q) && text.endsWith(q)) return text.replace(/^['"]+|['"]+$/g, '');
  }
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0;
  if (/^[1-9][0-9]*$|^-[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

/** The keys of a `--set` path: dots separate (`\.` is a dot in a key), `name[2]` is a list index. */
export function pathKeys(path: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && i + 1 < path.length) {
      current += path[++i];
    } else if (c === '.') {
      if (current) keys.push(current);
      current = '';
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      const index = end < 0 ? NaN : Number(path.slice(i + 1, end));
      if (!Number.isInteger(index) || index < 0 || index > 65536) return undefined;
      if (current) keys.push(current);
      current = '';
      keys.push(index);
      i = end;
    } else {
      current += c;
    }
  }
  if (current) keys.push(current);
  return keys.length ? keys : undefined;
}

/** Puts a value at a path, making maps and lists on the way (helm pads lists with nulls); a problem, if any. */
export function setPath(target: Values, path: string, value: unknown): string | undefined {
  const keys = pathKeys(path);
  if (!keys) return 'not a path helm can read';
  let node: Values | unknown[] = target;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const last = i === keys.length - 1;
    const next = keys[i + 1];
    const make = (): Values | unknown[] => (typeof next === 'number' ? [] : {});
    if (typeof key === 'number') {
      if (!Array.isArray(node)) return 'a list index where the values hold no list';
      while (node.length < key) node.push(null);
      if (last) node[key] = value;
      else if (!(typeof node[key] === 'object' && node[key] !== null)) node[key] = make();
      if (!last) node = node[key] as Values | unknown[];
      continue;
    }
    if (Array.isArray(node)) return 'a key where the values hold a list';
    if (last) node[key] = value;
    else {
      const child = node[key];
      const fits = typeof next === 'number' ? Array.isArray(child) : isMap(child);
      if (!fits) node[key] = make();
      node = node[key] as Values | unknown[];
    }
  }
  return undefined;
}

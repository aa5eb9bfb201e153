// "Diff Rendered Output against Live Cluster", as text: the objects a Flux Kustomization's render holds paired
// with the entries of its live `status.inventory`, and the two documents of the diff editor, one object after
// another in the same order on both sides, so an object only one side has shows as added or removed. Each live
// object is seen through the render (appliedFields.ts) and both are cleaned as Compare cleans them (drift.ts).
// Secrets are never fetched: on both sides they are one placeholder line from the inventory id. Pure.
import { parseAllDocuments } from 'yaml';
import { asApplied } from './appliedFields';
import { cleanedText, comparable } from './drift';
import { isSecret, type InventoryEntry } from './inventory';
import type { KObject } from './types';

/** One object of the render, with the identity the inventory uses. */
export interface RenderedObject {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
}

/** One object of either side: its inventory entry, its rendered object, or both. */
export interface Pair {
  readonly key: string;
  readonly entry?: InventoryEntry;
  readonly rendered?: RenderedObject;
}

/** What became of a live object: found, gone from the cluster, a Secret (never read) or unreadable (why). */
export type LiveState = KObject | 'missing' | 'secret' | { readonly error: string };

export const objectKey = (group: string, kind: string, namespace: string | undefined, name: string): string => `${group}/${kind}|${namespace ?? ''}|${name}`;

/** The objects of the rendered output's text (comments and non-objects are skipped). */
export function renderedObjects(text: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    const value = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
    const meta = value?.['metadata'] as { name?: unknown; namespace?: unknown } | undefined;
    if (typeof value?.['kind'] !== 'string' || typeof value['apiVersion'] !== 'string' || typeof meta?.name !== 'string') continue;
    const api = value['apiVersion'];
    const group = api.includes('/') ? api.slice(0, api.lastIndexOf('/')) : '';
    const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined;
    out.push({ group, kind: value['kind'], namespace, name: meta.name, object: value });
  }
  return out;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Pairs inventory entries with rendered objects by group, kind, namespace and name. A rendered object without a
 * namespace takes the one inventory entry of its kind and name (the namespace the cluster gave it). Sorted by kind,
 * namespace and name.
 */
export function pairObjects(entries: readonly InventoryEntry[], rendered: readonly RenderedObject[]): Pair[] {
  const pairs = new Map<string, { entry?: InventoryEntry; rendered?: RenderedObject }>();
  for (const e of entries) pairs.set(objectKey(e.group, e.kind, e.namespace, e.name), { entry: e });
  for (const r of rendered) {
    let key = objectKey(r.group, r.kind, r.namespace, r.name);
    if (!pairs.has(key) && !r.namespace) {
      const same = entries.filter((e) => e.group === r.group && e.kind === r.kind && e.name === r.name);
      if (same.length === 1) key = objectKey(r.group, r.kind, same[0].namespace, r.name);
    }
    const pair = pairs.get(key);
    if (pair && !pair.rendered) pair.rendered = r;
    else pairs.set(objectKey(r.group, r.kind, r.namespace, r.name), { rendered: r });
  }
  return [...pairs.entries()]
    .map(([key, p]) => ({ key, ...p }))
    .sort((a, b) => {
      const x = identity(a);
      const y = identity(b);
      return byText(x.kind, y.kind) || byText(x.group, y.group) || byText(x.namespace ?? '', y.namespace ?? '') || byText(x.name, y.name);
    });
}

/** The first `cap` pairs, and how many were cut. */
export function capPairs(pairs: readonly Pair[], cap: number): { pairs: readonly Pair[]; cut: number } {
  return pairs.length <= cap ? { pairs, cut: 0 } : { pairs: pairs.slice(0, cap), cut: pairs.length - cap };
}

function identity(p: Pair): { group: string; kind: string; namespace?: string; name: string } {
  return p.entry ?? p.rendered!;
}

/** `Kind namespace/name`, the line above each object on both sides. */
export function pairTitle(p: Pair): string {
  const id = identity(p);
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

export interface DiffDocuments {
  readonly live: string;
  readonly rendered: string;
  /** Objects whose two sides differ, and those only one side has. */
  readonly changed: number;
  readonly onlyLive: number;
  readonly onlyRendered: number;
}

export interface DiffHeader {
  /** e.g. `Kustomization flux-system/apps` */
  readonly title: string;
  readonly context: string;
  /** Lines said on both sides (what was cut, what could not be read). */
  readonly notes?: readonly string[];
}

/**
 * The two documents. Both start with the same header, so only objects differ; each object is preceded by
 * `# Kind namespace/name` on the sides that have it.
 */
export function diffDocuments(pairs: readonly Pair[], live: (entry: InventoryEntry) => LiveState, header: DiffHeader): DiffDocuments {
  const left: string[] = [];
  const right: string[] = [];
  let changed = 0;
  let onlyLive = 0;
  let onlyRendered = 0;
  for (const p of pairs) {
    const sides = pairTexts(p, p.entry ? live(p.entry) : undefined);
    if (sides.live !== undefined) left.push(`---\n# ${pairTitle(p)}\n${sides.live}`);
    if (sides.rendered !== undefined) right.push(`---\n# ${pairTitle(p)}\n${sides.rendered}`);
    if (sides.live === undefined) onlyRendered++;
    else if (sides.rendered === undefined) onlyLive++;
    else if (sides.live !== sides.rendered) changed++;
  }
  const counts = `# ${pairs.length} objects: ${changed} changed, ${onlyRendered} only rendered, ${onlyLive} only in the cluster.`;
  const head = [`# ${header.title}: live in ${header.context} (left) ↔ rendered from the workspace (right).`, counts, ...(header.notes ?? []).map((n) => `# ${n}`)].join('\n');
  return { live: `${head}\n${left.join('')}`, rendered: `${head}\n${right.join('')}`, changed: changed + onlyLive + onlyRendered, onlyLive, onlyRendered };
}

/** The texts of one pair; undefined where a side does not have the object. */
function pairTexts(p: Pair, state: LiveState | undefined): { live?: string; rendered?: string } {
  const id = identity(p);
  if (isSecret(id.group, id.kind)) {
    const placeholder = '# (a Secret: never read, so its data is not compared)\n';
    return { live: p.entry ? placeholder : undefined, rendered: p.rendered ? placeholder : undefined };
  }
  const rendered = p.rendered ? cleanedText(p.rendered.object, 'desired') : undefined;
  if (state === undefined || state === 'secret') return { rendered };
  if (state === 'missing') return { live: '# (in the inventory, but not found in the cluster)\n', rendered };
  if (!('metadata' in state)) return { live: `# (not read: ${state.error})\n`, rendered };
  if (!p.rendered) {
    // Flux prunes it at the next apply: shown as Flux applied it, under its identity.
    const skeleton = { apiVersion: state.apiVersion, kind: state.kind, metadata: { name: state.metadata.name, namespace: state.metadata.namespace } };
    return { live: cleanedText(asApplied(state, skeleton), 'live') };
  }
  const c = comparable(p.rendered.object, asApplied(state, p.rendered.object));
  return { live: c.live, rendered: c.desired };
}

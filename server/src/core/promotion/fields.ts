// The text edit that makes one document (a production twin) carry the promoted fields of another (its staging
// original): each field's `key: value` text is copied as staging writes it, re-indented to the twin's depth;
// a field staging lacks is removed from the twin. Every other line of the twin stays as it is, so the fields
// each environment sets for itself (intervals, suspend, postBuild substitutions, targetNamespace) are kept.
// Pure: two parsed documents and their texts in, text edits (by offset) out.
import { isCollection, isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { nodeAtPath, pairOf } from '../yaml/ast';
import type { ParsedDoc } from '../yaml/parse';

/** What a promotion copies, per Flux kind: the release itself, never how each environment runs it. */
export const PROMOTED_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'helm.toolkit.fluxcd.io/HelmRelease': [
    ['spec', 'chart', 'spec', 'version'],
    ['spec', 'values'],
  ],
  'kustomize.toolkit.fluxcd.io/Kustomization': [['spec', 'images']],
};

export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface FieldChange {
  readonly path: string;
  /** e.g. `1.15.3 -> 1.16.0`, `replaced`, `added`, `removed`. */
  readonly what: string;
}

export interface Side {
  readonly text: string;
  readonly doc: ParsedDoc;
}

/** The edits making `target` carry `source`'s promoted fields, and what they change. */
export function promotionEdits(groupKind: string, source: Side, target: Side): { edits: OffsetEdit[]; changes: FieldChange[] } {
  const edits: OffsetEdit[] = [];
  const changes: FieldChange[] = [];
  for (const path of PROMOTED_FIELDS[groupKind] ?? []) {
    const one = fieldEdit(path, source, target);
    if (!one) continue;
    edits.push(one.edit);
    changes.push({ path: path.join('.'), what: one.what });
  }
  return { edits, changes };
}

interface Found {
  readonly pair: Pair<Node, Node | null>;
  readonly start: number;
  readonly end: number;
}

/** A field's `key: value` pair and the offsets it covers (trailing blanks left out). */
function findPair(side: Side, path: readonly string[]): Found | undefined {
  const parent = nodeAtPath(side.doc.root, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = pairOf(parent, path[path.length - 1]) as Pair<Node, Node | null> | undefined;
  const start = pair?.key?.range?.[0];
  if (!pair || start === undefined) return undefined;
  const end = pair.value?.range?.[1] ?? pair.key.range![1];
  return { pair, start, end: trimEnd(side.text, start, end) };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Staging's `key: value` text, moved from its column to `toColumn`. */
function reindented(source: Side, found: Found, toColumn: number): string {
  const delta = toColumn - column(source.text, found.start);
  const lines = source.text.slice(found.start, found.end).split('\n');
  return lines.map((line, i) => (i === 0 || !line.trim() ? line : delta >= 0 ? ' '.repeat(delta) + line : line.slice(Math.min(-delta, line.length - line.trimStart().length)))).join('\n');
}

const json = (node: Node | null | undefined): string => JSON.stringify(node ? node.toJSON() : null);

function describe(from: Node | null | undefined, to: Node | null | undefined): string {
  if (!isCollection(from) && !isCollection(to)) return `${String(from?.toJSON() ?? '')} -> ${String(to?.toJSON() ?? '')}`;
  return 'replaced';
}

function fieldEdit(path: readonly string[], source: Side, target: Side): { edit: OffsetEdit; what: string } | undefined {
  const from = findPair(source, path);
  const to = findPair(target, path);
  if (!from && !to) return undefined;
  if (from && to) {
    if (json(from.pair.value) === json(to.pair.value)) return undefined;
    const newText = reindented(source, from, column(target.text, to.start));
    return { edit: { start: to.start, end: to.end, newText }, what: describe(to.pair.value, from.pair.value) };
  }
  if (to) {
    // The whole line(s) of the field go, with the line break before them.
    const lineStart = target.text.lastIndexOf('\n', to.start - 1);
    return { edit: { start: Math.max(0, lineStart), end: to.end, newText: '' }, what: 'removed' };
  }
  return insertion(path, source, target, from!);
}

/** A field only staging has goes after the last field of its parent map in the twin, at that map's indentation. */
function insertion(path: readonly string[], source: Side, target: Side, from: Found): { edit: OffsetEdit; what: string } | undefined {
  const parent = nodeAtPath(target.doc.root, path.slice(0, -1)) as YAMLMap | undefined;
  const first = parent && isMap(parent) && !parent.flow ? (parent.items[0]?.key as Node | undefined)?.range?.[0] : undefined;
  const last = parent?.range ? trimEnd(target.text, parent.range[0], parent.range[1]) : undefined;
  if (first === undefined || last === undefined) return undefined;
  const col = column(target.text, first);
  return { edit: { start: last, end: last, newText: `\n${' '.repeat(col)}${reindented(source, from, col)}` }, what: 'added' };
}

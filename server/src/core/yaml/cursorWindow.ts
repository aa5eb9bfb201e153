// What a feature at a cursor needs of a big YAML document, as a compact text: the lines of the cursor's block
// (or those around the cursor when the block is long), the lines of its parents, and the document's apiVersion,
// kind and metadata. A completion or a hover then parses a few KiB whatever the document's size (a 90 KB
// ConfigMap: 40 ms whole, 2.5 ms so), and the positions it reports are the whole text's (MappedLines).
import { LineIndex, type Position } from './lines';

/** Lines kept on each side of the cursor when its block is longer than BLOCK_LINES. */
const NEAR = 60;
/** A parent block up to this many lines is kept whole (a completion sees every sibling key). */
const BLOCK_LINES = 200;
/** The metadata block is kept whole up to this many lines, else only its name and namespace. */
const META_LINES = 40;
/** How far into a document its apiVersion, kind and metadata are looked for. */
const IDENTITY_LINES = 5_000;
/** A compact text larger than this (a cursor line of megabytes) is not parsed for a request at all. */
const MAX_CHARS = 128 * 1024;

/** A line table over a compact text whose lines are some of a larger text's: positions are the larger text's. */
export class MappedLines extends LineIndex {
  constructor(text: string, private readonly original: readonly number[], private readonly total: number) {
    super(text);
  }

  override get lineCount(): number {
    return this.total;
  }

  override positionAt(offset: number): Position {
    const p = super.positionAt(offset);
    return { line: this.original[p.line] ?? this.total - 1, character: p.character };
  }

  override offsetAt(pos: Position): number {
    const k = this.compactLine(pos.line);
    // A line that was left out is at the end of the kept line before it.
    return this.original[k] === pos.line ? super.offsetAt({ line: k, character: pos.character }) : super.lineEnd(k);
  }

  override lineStart(line: number): number {
    return super.lineStart(this.compactLine(line));
  }

  override lineEnd(line: number): number {
    return super.lineEnd(this.compactLine(line));
  }

  override lineText(line: number): string {
    const k = this.compactLine(line);
    return this.original[k] === line ? super.lineText(k) : '';
  }

  /** The kept line with this number, or the last kept one before it. */
  private compactLine(line: number): number {
    let lo = 0;
    let hi = this.original.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.original[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export interface CompactText {
  readonly text: string;
  readonly lines: MappedLines;
}

/**
 * The compact text for a cursor in the document spanning lines `first`..`last` of `lines`, or undefined when
 * even that would be too large to parse for a request.
 */
export function compactAround(lines: LineIndex, first: number, last: number, cursor: Position): CompactText | undefined {
  const at = Math.max(first, Math.min(cursor.line, last));
  const shape = (l: number) => lineShape(lines.text, lines.lineStart(l), lines.lineEnd(l));
  const here = shape(at);
  const indent = here.content ? here.indent : cursor.character;
  const kept = new Set<number>();
  const [from, to] = blockAround(first, last, at, parentLines(first, at, indent, shape)[0], shape);
  for (let l = from; l <= to; l++) kept.add(l);
  // Every kept line needs its parents: those of the least indented kept line, the first of them, are all of them.
  let top = from;
  while (top < at && !shape(top).content) top++;
  for (const l of parentLines(first, top, shape(top).content ? shape(top).indent : indent, shape)) kept.add(l);
  for (const l of identityLines(lines, first, last, shape)) kept.add(l);
  const original = [...kept].sort((a, b) => a - b);
  const text = original.map((l) => lines.lineText(l)).join('\n');
  return text.length > MAX_CHARS ? undefined : { text, lines: new MappedLines(text, original, lines.lineCount) };
}

interface LineShape {
  /** Not blank and not a comment. */
  readonly content: boolean;
  /** Leading spaces, plus one for a sequence dash: `- x` under `key:` at the same column is its child. */
  readonly indent: number;
  /** A key at column 0 (apiVersion, kind, metadata...), else undefined. */
  readonly topKey?: string;
}

/** The shape of the line from `start` to `end` of `text`, read in place (no copy of the line). */
function lineShape(text: string, start: number, end: number): LineShape {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  if (i >= end || c === 35 /* # */ || c === 13 /* \r */) return { content: false, indent: i - start };
  const dash = c === 45 /* - */ && (i + 1 === end || text.charCodeAt(i + 1) === 32);
  const topKey = i === start && !dash ? /^([A-Za-z_][\w.-]*)\s*:/.exec(text.slice(start, Math.min(end, start + 256)))?.[1] : undefined;
  return { content: true, indent: i - start + (dash ? 1 : 0), topKey };
}

/** The lines of the cursor's parents, nearest first: each the closest line above indented less than the last. */
function parentLines(first: number, at: number, indent: number, shape: (l: number) => LineShape): number[] {
  const out: number[] = [];
  let current = indent;
  for (let l = at - 1; l >= first && current > 0; l--) {
    const s = shape(l);
    if (s.content && s.indent < current) {
      out.push(l);
      current = s.indent;
    }
  }
  return out;
}

/**
 * The lines kept around the cursor: its parent's whole block when short, else up to NEAR lines each side of it,
 * starting at a line no deeper than any kept after it (so that the compact text's nesting is the document's).
 */
function blockAround(first: number, last: number, at: number, parent: number | undefined, shape: (l: number) => LineShape): [number, number] {
  const from = parent === undefined ? first : parent + 1;
  const depth = parent === undefined ? -1 : shape(parent).indent;
  let to = at;
  const limit = Math.max(from + BLOCK_LINES, at + NEAR);
  while (to < last && to < limit) {
    const s = shape(to + 1);
    if (s.content && s.indent <= depth) break;
    to++;
  }
  if (to - from + 1 <= BLOCK_LINES) return [from, to];
  let start = Math.max(from, at - NEAR);
  let least = Infinity;
  for (let l = start; l <= at; l++) {
    const s = shape(l);
    if (s.content && s.indent < least) [least, start] = [s.indent, l];
  }
  return [least === Infinity ? at : Math.min(start, at), Math.min(to, at + NEAR)];
}

/**
 * apiVersion, kind and the metadata block (whole when short, else its name and namespace lines), looked for in
 * the first IDENTITY_LINES lines of the document, where manifests keep them.
 */
function identityLines(lines: LineIndex, first: number, last: number, shape: (l: number) => LineShape): number[] {
  const out: number[] = [];
  for (let l = first; l <= Math.min(last, first + IDENTITY_LINES); l++) {
    const c = lines.text.charCodeAt(lines.lineStart(l));
    // Only lines that start at column 0 with a letter can be top-level keys: the rest are skipped unread.
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
    const key = shape(l).topKey;
    if (key === 'apiVersion' || key === 'kind') out.push(l);
    if (key === 'metadata') out.push(l, ...metadataLines(lines, l, last, shape));
  }
  return out;
}

function metadataLines(lines: LineIndex, line: number, last: number, shape: (l: number) => LineShape): number[] {
  let end = line;
  while (end < last && end - line <= META_LINES) {
    const s = shape(end + 1);
    if (s.content && s.indent === 0) break;
    end++;
  }
  const block = Array.from({ length: end - line }, (_, i) => line + 1 + i);
  if (end - line <= META_LINES) return block;
  // A long metadata block (many labels or annotations): its name and namespace are what features read.
  let child = -1;
  const out: number[] = [];
  for (let l = line + 1; l <= last; l++) {
    const s = shape(l);
    if (!s.content) continue;
    if (s.indent === 0) break;
    if (child < 0) child = s.indent;
    if (s.indent === child && /^\s*(name|namespace)\s*:/.test(lines.lineText(l))) out.push(l);
  }
  return out;
}

// What one file may hold before it is analysed, measured in one cheap pass over the text before the YAML
// parser sees it: its size in UTF-8 bytes, its documents, its items (lines and flow entries, a bound on the
// parser's work) and how deep its flow collections nest. A file over a limit gets one diagnostic that names
// the limit, instead of a parse that would take seconds, a stack overflow, or thousands of syntax errors.
import type { SyntaxProblem } from './parse';

export interface ParseLimits {
  readonly maxBytes: number;
  readonly maxDocuments?: number;
  readonly maxItems?: number;
  readonly maxDepth?: number;
}

export const DEFAULT_LIMITS = Object.freeze({ maxBytes: 8 * 1024 * 1024, maxDocuments: 10_000, maxItems: 100_000, maxDepth: 256 });

/** The size of a text in UTF-8, counting no further than `stopAbove` (the answer is then stopAbove + 1). */
export function utf8Length(text: string, stopAbove = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // A surrogate pair: one code point of four bytes.
      i++;
    } else bytes += 3;
  }
  return Math.min(bytes, stopAbove + 1);
}

export interface TextShape {
  readonly documents: number;
  readonly items: number;
  readonly depth: number;
}

const NL = 10;
const COMMA = 44;

/**
 * Documents (`---` lines), items (lines plus commas) and the deepest flow nesting. Quoted strings and comments
 * do not count towards depth; a line that starts at column 0 with a key ends any unclosed flow collection
 * (YAML would not continue it there), so a stray `[` in a plain scalar does not add up over a file.
 */
export function measure(text: string): TextShape {
  let documents = 1;
  let items = 1;
  let depth = 0;
  let deepest = 0;
  let quote = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      items++;
      comment = false;
      if (quote === 39) quote = 0; // A stray apostrophe in a plain scalar ends with its line.
      if (startsDocument(text, i + 1)) documents++;
      if (startsKey(text.charCodeAt(i + 1))) depth = 0;
      continue;
    }
    if (comment) continue;
    if (c === COMMA) items++;
    if (quote) {
      if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) comment = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return { documents, items, depth: deepest };
}

function startsDocument(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === NL || next === 32 || next === 9 || next === 13;
}

/** A letter, digit, underscore or quote at column 0: a top-level key, never the inside of a flow collection. */
function startsKey(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** The one problem that keeps a text from being parsed, if any. */
export function refusal(text: string, limits: ParseLimits): SyntaxProblem | undefined {
  const maxBytes = limits.maxBytes;
  // At most four bytes per UTF-16 unit pair, at least one per unit: most texts are decided without counting.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text, maxBytes) > maxBytes)) {
    const size = text.length > maxBytes ? 'more than' : `${mib(utf8Length(text))} MiB,`;
    return tooLarge(`This file is ${size} ${mib(maxBytes)} MiB, the largest file analysed (in UTF-8 bytes); it was not analysed.`);
  }
  if (text.includes('\u0000')) {
    return { message: 'This file looks binary (it holds NUL bytes); it was not analysed.', start: 0, end: 0, code: 'binary-file', severity: 'warning' };
  }
  const shape = measure(text);
  const maxDocuments = limits.maxDocuments ?? DEFAULT_LIMITS.maxDocuments;
  if (shape.documents > maxDocuments) {
    return tooLarge(`This file holds ${count(shape.documents)} YAML documents, more than the ${count(maxDocuments)} analysed in one file; it was not analysed.`);
  }
  const maxItems = limits.maxItems ?? DEFAULT_LIMITS.maxItems;
  if (shape.items > maxItems) {
    return tooLarge(`This file holds about ${count(shape.items)} YAML items (lines and list entries), more than the ${count(maxItems)} analysed in one file; it was not analysed.`);
  }
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  if (shape.depth > maxDepth) {
    return { message: `This file nests collections ${count(shape.depth)} levels deep, more than the ${count(maxDepth)} analysed; it was not analysed.`, start: 0, end: 0, code: 'unparsable-file', severity: 'error' };
  }
  return undefined;
}

function tooLarge(message: string): SyntaxProblem {
  return { message, start: 0, end: 0, code: 'file-too-large', severity: 'warning' };
}

function mib(bytes: number): string {
  const m = bytes / 1048576;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

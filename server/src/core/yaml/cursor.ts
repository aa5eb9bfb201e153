// Where the cursor is in YAML that is being typed (and so is often not valid yet): the path of keys above it,
// read from indentation, and whether a key or a value is being typed. Sequences appear as '[]'.
import type { LineIndex } from './lines';

export interface CursorContext {
  /** Keys from the document root to the mapping being completed; '[]' steps into a sequence item. */
  readonly path: readonly string[];
  readonly mode: 'key' | 'value';
  /** With mode 'value': the key whose value is typed. */
  readonly key?: string;
  /** The text typed so far for the key or value, and where it starts. */
  readonly prefix: string;
  readonly prefixStart: number;
  /** Column where keys of this mapping start. */
  readonly column: number;
  /** Keys already present in this mapping (for not offering them again). */
  readonly siblings: ReadonlySet<string>;
}

interface LineShape {
  readonly indent: number;
  readonly dashes: number[];
  readonly keyColumn: number;
  readonly key?: string;
  readonly blank: boolean;
}

const KEY = /^((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)):(\s|$)/;

export function shapeOf(text: string): LineShape {
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === text.length)) {
    dashes.push(i);
    i += 1;
    while (text[i] === ' ') i++;
  }
  const rest = text.slice(i);
  const blank = rest.trim() === '' || rest.trimStart().startsWith('#');
  const m = KEY.exec(rest);
  const key = m ? unquote(m[1].trim()) : undefined;
  return { indent, dashes, keyColumn: i, key, blank: blank && dashes.length === 0 };
}

function unquote(s: string): string {
  return (s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")) ? s.slice(1, -1) : s;
}

/** The path of parents of a key at `column`, read upward from `line` (exclusive) to `firstLine`. */
export function parentPath(lines: LineIndex, line: number, column: number, firstLine: number, fromDash = false): string[] {
  const path: string[] = [];
  let target = column;
  // A sequence may sit at the same indentation as its parent key, so below a dash the parent key may share its column.
  let dashTarget = fromDash;
  for (let l = line - 1; l >= firstLine && (target > 0 || dashTarget); l--) {
    const text = lines.lineText(l);
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const shape = shapeOf(text);
    if (shape.blank) continue;
    const parentKey = shape.key !== undefined && (shape.keyColumn < target || (dashTarget && shape.dashes.length === 0 && shape.keyColumn === target));
    if (parentKey) {
      path.push(shape.key!);
      target = shape.keyColumn;
      dashTarget = false;
    } else if (shape.dashes.length === 0 && shape.indent < target && shape.key === undefined) {
      // A scalar continuation or flow content: not a parent; keep looking.
      continue;
    }
    for (let d = shape.dashes.length - 1; d >= 0; d--) {
      if (shape.dashes[d] < target) {
        path.push('[]');
        target = shape.dashes[d];
        dashTarget = true;
      }
    }
  }
  return path.reverse();
}

/** Keys already written in the mapping whose keys start at `column`, around `line`. */
export function siblingKeys(lines: LineIndex, line: number, column: number, firstLine: number, lastLine: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    for (let l = from; l >= firstLine && l <= lastLine; l += step) {
      const text = lines.lineText(l);
      if (/^(---|\.\.\.)(\s|$)/.test(text)) return;
      const shape = shapeOf(text);
      if (shape.blank) continue;
      // The item of a sequence starts at its dash; the mapping ends where indentation drops below its column.
      const startsItem = shape.dashes.length > 0 && shape.keyColumn === column;
      if (startsItem && step === 1) return;
      if (shape.indent < column && !startsItem) return;
      if (shape.keyColumn === column && shape.key !== undefined) keys.add(shape.key);
      if (startsItem) return;
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

export function cursorContext(lines: LineIndex, offset: number, firstLine: number, lastLine: number): CursorContext | undefined {
  const pos = lines.positionAt(offset);
  const before = lines.lineText(pos.line).slice(0, pos.character);
  if (before.includes('#')) return undefined;
  const shape = shapeOf(before);
  const lineStart = lines.lineStart(pos.line);
  const inner = shape.dashes.map(() => '[]');
  const parentColumn = shape.dashes.length ? shape.dashes[0] : shape.keyColumn;
  const valueMatch = /^((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)):\s+(.*)$/.exec(before.slice(shape.keyColumn));
  if (valueMatch) {
    const prefix = valueMatch[2];
    if (/^[[{|>&*!]/.test(prefix)) return undefined;
    const path = [...parentPath(lines, pos.line, parentColumn, firstLine, shape.dashes.length > 0), ...inner];
    return { path, mode: 'value', key: unquote(valueMatch[1].trim()), prefix, prefixStart: offset - prefix.length, column: shape.keyColumn, siblings: new Set() };
  }
  const typed = before.slice(shape.keyColumn);
  if (/[:\s]/.test(typed)) return undefined;
  const path = [...parentPath(lines, pos.line, parentColumn, firstLine, shape.dashes.length > 0), ...inner];
  const siblings = shape.dashes.length ? new Set<string>() : siblingKeys(lines, pos.line, shape.keyColumn, firstLine, lastLine);
  return { path, mode: 'key', prefix: typed, prefixStart: lineStart + shape.keyColumn, column: shape.keyColumn, siblings };
}

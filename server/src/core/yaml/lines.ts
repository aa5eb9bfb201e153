// Offsets <-> LSP positions. Offsets and characters are UTF-16 code units, as in JS strings and LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // indexOf scans natively: a multi-megabyte text is indexed in milliseconds, not a character at a time.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    const end = endOf(this.starts, this.text, pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  lineStart(line: number): number {
    return startOf(this.starts, line);
  }

  /** Offset of the end of the line, before its line break. */
  lineEnd(line: number): number {
    return endOf(this.starts, this.text, line);
  }

  lineText(line: number): string {
    return this.text.slice(startOf(this.starts, line), endOf(this.starts, this.text, line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

// The line arithmetic as functions, not methods, so that a subclass that renumbers lines (MappedLines) can call
// the base methods without its overrides being called back with the other numbering.
function startOf(starts: readonly number[], line: number): number {
  return starts[Math.max(0, Math.min(line, starts.length - 1))];
}

function endOf(starts: readonly number[], text: string, line: number): number {
  const next = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return next > 0 && text.charCodeAt(next - 1) === 13 && next - 1 >= starts[line] ? next - 1 : next;
}

// Suppression comments:
//   # flux-gitops-disable-file [code, ...]       anywhere in the file: the whole file
//   # flux-gitops-disable-line [code, ...]       at the end of a line: that line
//   # flux-gitops-disable-next-line [code, ...]  on its own line: the next line
// Without codes, every diagnostic is silenced there.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LineIndex } from './yaml/lines';

interface Rule {
  readonly codes: Set<string> | 'all';
}

const MARKER = /#\s*flux-gitops-disable(-file|-line|-next-line)?\b([^\n#]*)/g;

/** Whether a text holds any suppression comment (most do not, and need no line index). */
export function hasSuppressions(text: string): boolean {
  return text.includes('flux-gitops-disable');
}

export function applySuppressions(text: string, lineIndex: () => LineIndex, diagnostics: Diagnostic[]): Diagnostic[] {
  if (!hasSuppressions(text)) return diagnostics;
  const lines = lineIndex();
  const byLine = new Map<number, Rule[]>();
  const file: Rule[] = [];
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const rule: Rule = { codes: parseCodes(m[2]) };
    const line = lines.positionAt(m.index).line;
    if (m[1] === '-file' || m[1] === undefined) file.push(rule);
    else if (m[1] === '-line') push(byLine, line, rule);
    else push(byLine, line + 1, rule);
  }
  MARKER.lastIndex = 0;
  return diagnostics.filter((d) => {
    const rules = [...file, ...(byLine.get(d.range.start.line) ?? [])];
    return !rules.some((r) => r.codes === 'all' || r.codes.has(String(d.code)));
  });
}

function parseCodes(raw: string): Set<string> | 'all' {
  const codes = raw.split(/[\s,]+/).map((c) => c.trim()).filter(Boolean);
  return codes.length ? new Set(codes) : 'all';
}

function push(map: Map<number, Rule[]>, line: number, rule: Rule): void {
  map.set(line, [...(map.get(line) ?? []), rule]);
}

// Quick fixes: rewrite a removed or deprecated apiVersion, take the close name a diagnostic suggests (a field,
// a reference), silence a diagnostic on its line.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import type { ParsedFile } from '../yaml/parse';

const API_CODES = new Set(['api-removed', 'api-deprecated', 'unknown-api-version']);

/** What the fixes read of a file: its text and line table (no parse, so a large document gets them too). */
export type FileText = Pick<ParsedFile, 'uri' | 'text' | 'lines'>;

export function codeActions(file: FileText, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const replacement = (d.data as { replacement?: string } | undefined)?.replacement;
    if (replacement) {
      const api = API_CODES.has(String(d.code));
      actions.push({
        title: api ? `Use ${replacement}` : `Change to "${replacement}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [file.uri]: [{ range: d.range, newText: api ? replacement : keepQuotes(file, d, replacement) }] } },
      });
    }
    actions.push(suppressAction(file, d));
  }
  return actions;
}

/** The replacement in the quotes the replaced text has, if any. */
function keepQuotes(file: FileText, d: Diagnostic, text: string): string {
  const old = file.text.slice(file.lines.offsetAt(d.range.start), file.lines.offsetAt(d.range.end));
  const q = old[0];
  return (q === '"' || q === "'") && old.endsWith(q) && old.length > 1 ? `${q}${text}${q}` : text;
}

function suppressAction(file: FileText, d: Diagnostic): CodeAction {
  const line = d.range.start.line;
  const text = file.lines.lineText(line);
  const indent = /^\s*/.exec(text)![0];
  return {
    title: `Ignore ${d.code} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: {
      changes: {
        [file.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# flux-gitops-disable-next-line ${d.code}\n` }],
      },
    },
  };
}

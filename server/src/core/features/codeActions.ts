// Quick fixes: rewrite a removed or deprecated apiVersion; silence a diagnostic on its line.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import type { ParsedFile } from '../yaml/parse';

const API_CODES = new Set(['api-removed', 'api-deprecated', 'unknown-api-version']);

export function codeActions(file: ParsedFile, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const replacement = (d.data as { replacement?: string } | undefined)?.replacement;
    if (API_CODES.has(String(d.code)) && replacement) {
      actions.push({
        title: `Use ${replacement}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [file.uri]: [{ range: d.range, newText: replacement }] } },
      });
    }
    actions.push(suppressAction(file, d));
  }
  return actions;
}

function suppressAction(file: ParsedFile, d: Diagnostic): CodeAction {
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

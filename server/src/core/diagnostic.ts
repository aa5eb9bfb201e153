// Building LSP diagnostics from offsets, and applying the configured severities.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { SOURCE } from './context';
import type { Severity } from './settings';
import type { LineIndex } from './yaml/lines';

export type Level = 'error' | 'warning' | 'info' | 'hint';

export const LEVELS: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function diagnostic(
  lines: LineIndex, start: number, end: number, code: string, message: string, level: Level,
  extra?: { data?: unknown; related?: DiagnosticRelatedInformation[] },
): Diagnostic {
  return {
    range: lines.range(start, Math.max(start, end)),
    severity: LEVELS[level],
    code,
    source: SOURCE,
    message,
    ...(extra?.data !== undefined ? { data: extra.data } : {}),
    ...(extra?.related ? { relatedInformation: extra.related } : {}),
  };
}

/** Applies `rules:` from the settings: a code may be turned off or given another severity. */
export function applySeverities(diagnostics: Diagnostic[], severities: Readonly<Record<string, Severity>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const wanted = severities[String(d.code)];
    if (wanted === 'off') continue;
    out.push(wanted ? { ...d, severity: LEVELS[wanted] } : d);
  }
  return out;
}

/** The most diagnostics one file shows: beyond, one more says the rest are not shown. */
export const MAX_FILE_DIAGNOSTICS = 1_000;

export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_FILE_DIAGNOSTICS): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const shown = diagnostics.slice(0, max);
  const limit = max.toLocaleString('en-US');
  const message = `This file has ${(diagnostics.length - max).toLocaleString('en-US')} more problems than the ${limit} shown.`;
  shown.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: LEVELS.warning, code: 'too-many-problems', source: SOURCE, message });
  return shown;
}

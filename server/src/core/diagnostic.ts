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

/**
 * The most related locations one file's diagnostics carry in all: beyond, each diagnostic keeps only its first
 * (its message still names the others). A thousand duplicates that each list twenty others would otherwise be
 * megabytes to send and to draw.
 */
export const MAX_FILE_RELATED = 400;

export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_FILE_DIAGNOSTICS, maxRelated = MAX_FILE_RELATED): Diagnostic[] {
  const shown = capRelated(diagnostics.length <= max ? diagnostics : diagnostics.slice(0, max), maxRelated);
  if (diagnostics.length <= max) return shown;
  const limit = max.toLocaleString('en-US');
  const message = `This file has ${(diagnostics.length - max).toLocaleString('en-US')} more problems than the ${limit} shown.`;
  shown.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: LEVELS.warning, code: 'too-many-problems', source: SOURCE, message });
  return shown;
}

function capRelated(diagnostics: Diagnostic[], budget: number): Diagnostic[] {
  let total = 0;
  for (const d of diagnostics) total += d.relatedInformation?.length ?? 0;
  if (total <= budget) return diagnostics;
  let left = budget;
  return diagnostics.map((d) => {
    const related = d.relatedInformation;
    if (!related || related.length <= 1) return d;
    const keep = Math.max(1, Math.min(related.length, left));
    left -= keep;
    if (keep === related.length) return d;
    const cut = related.slice(0, keep);
    const last = cut[keep - 1];
    cut[keep - 1] = { ...last, message: `${last.message} (others not shown: this file has too many to list them all)` };
    return { ...d, relatedInformation: cut };
  });
}

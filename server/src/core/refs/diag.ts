// Diagnostics from index spans (which carry their own ranges), and locations of indexed objects.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Location } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import type { Level } from '../diagnostic';
import type { Span } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';

const LEVELS: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function spanDiagnostic(span: Span, code: string, message: string, level: Level, related?: DiagnosticRelatedInformation[]): Diagnostic {
  return { range: span.range, severity: LEVELS[level], code, source: SOURCE, message, ...(related?.length ? { relatedInformation: related } : {}) };
}

export function locationOf(o: IndexedObject): Location {
  const p = o.namePosition;
  const width = Math.max(0, o.nameRange[1] - o.nameRange[0]);
  return { uri: o.uri, range: { start: p, end: { line: p.line, character: p.character + width } } };
}

export function related(o: IndexedObject, message: string): DiagnosticRelatedInformation {
  return { location: locationOf(o), message };
}

/** `file.yaml:12` for messages and hovers. */
export function shortLocation(o: IndexedObject): string {
  return `${o.uri.slice(o.uri.lastIndexOf('/') + 1)}:${o.namePosition.line + 1}`;
}

// Diagnostics from index spans (which carry their own ranges), and locations of indexed objects.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Location } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import type { Level } from '../diagnostic';
import type { Span } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { workspaceRelative } from '../workspace/paths';

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

/** `kubernetes/apps/cert-manager/namespace.yaml:12` (relative to its workspace folder) for messages and hovers. */
export function shortLocation(roots: readonly string[], o: IndexedObject): string {
  return `${workspaceRelative(roots, o.uri)}:${o.namePosition.line + 1}`;
}

/** How many items a message lists, and how many related locations a diagnostic carries, before "and N more". */
export const MESSAGE_ITEMS = 5;
export const RELATED_ITEMS = 20;

/** `a, b, c and 4 more`: a list for a message, cut after `max` items (of `total`, when only the first are given). */
export function listWithMore(items: readonly string[], max = MESSAGE_ITEMS, total = items.length): string {
  if (total <= max) return items.slice(0, max).join(', ');
  return `${items.slice(0, max).join(', ')} and ${total - max} more`;
}

/** Related information for objects, cut after `max` (of `total`); the last entry then says how many were left out. */
export function relatedList(objects: readonly IndexedObject[], message: (o: IndexedObject) => string, max = RELATED_ITEMS, total = objects.length): DiagnosticRelatedInformation[] {
  const shown = objects.slice(0, max).map((o) => related(o, message(o)));
  if (total > max) {
    const last = shown[shown.length - 1];
    shown[shown.length - 1] = { ...last, message: `${last.message} (and ${total - max} more)` };
  }
  return shown;
}

// A workspace CRD whose schema cannot be used (too large, unreadable) says so on its name, once.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { SOURCE } from '../context';
import { locationOf } from '../refs/diag';
import type { IndexedObject } from '../workspace/index';

export function crdNotes(objects: readonly IndexedObject[]): Diagnostic[] {
  return objects.flatMap((o) => {
    const problem = o.facts.crd?.problem;
    return problem ? [{ range: locationOf(o).range, severity: DiagnosticSeverity.Information, code: 'crd-schema', source: SOURCE, message: problem }] : [];
  });
}

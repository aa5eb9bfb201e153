// Diagnostics of one file: its local diagnostics (features/local.ts, cached per text), then the workspace
// checks (references, cycles, rules across files), then the configured severities and the suppressions.
import { chartChecksNeedParse } from '../charts/users';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { applySeverities, capDiagnostics } from '../diagnostic';
import { applySuppressions } from '../suppress';
import type { LineIndex } from '../yaml/lines';
import type { ParsedFile } from '../yaml/parse';
import { valuesDiagnostics } from '../charts/diagnostics';
import { valuesFromDiagnostics } from '../charts/valuesFrom';
import { dropRepeatedSchemaFailures } from '../render/helmSchemaFailure';
import { forPatch } from './local';
import { isPatchFile, workspaceDiagnostics } from './workspaceChecks';

export interface DiagnoseInput {
  readonly uri: string;
  readonly text: string;
  /** The file's local diagnostics (computed on demand by the caller). */
  readonly local: readonly Diagnostic[];
  readonly lines: () => LineIndex;
  /** The file's parse, for the checks of HelmRelease values against their charts (none: not checked). */
  readonly parsed?: () => ParsedFile | undefined;
}

export function diagnose(ctx: ServiceContext, input: DiagnoseInput): Diagnostic[] {
  const local = forPatch(input.local, isPatchFile(ctx, input.uri));
  const out = dropRepeatedSchemaFailures([...local, ...workspaceDiagnostics(ctx, input.uri), ...chartChecks(ctx, input)]);
  return capDiagnostics(applySuppressions(input.text, input.lines, applySeverities(out, ctx.settings().severities)));
}

/** Values checked against their charts, in files that define a HelmRelease whose chart is known. */
function chartChecks(ctx: ServiceContext, input: DiagnoseInput): Diagnostic[] {
  // Only a file whose release's chart is known is parsed: opening a file the index has seen parses nothing else.
  if (!input.parsed || !chartChecksNeedParse(ctx, input.uri)) return [];
  const file = input.parsed();
  return file ? [...valuesDiagnostics(ctx, file), ...valuesFromDiagnostics(ctx, file)] : [];
}

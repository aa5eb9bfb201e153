// Diagnostics of one file: its local diagnostics (features/local.ts, cached per text), then the workspace
// checks (references, cycles, rules across files), then the configured severities and the suppressions.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { applySeverities } from '../diagnostic';
import { applySuppressions } from '../suppress';
import type { LineIndex } from '../yaml/lines';
import { forPatch } from './local';
import { isPatchFile, workspaceDiagnostics } from './workspaceChecks';

export interface DiagnoseInput {
  readonly uri: string;
  readonly text: string;
  /** The file's local diagnostics (computed on demand by the caller). */
  readonly local: readonly Diagnostic[];
  readonly lines: () => LineIndex;
}

export function diagnose(ctx: ServiceContext, input: DiagnoseInput): Diagnostic[] {
  const local = forPatch(input.local, isPatchFile(ctx, input.uri));
  const out = [...local, ...workspaceDiagnostics(ctx, input.uri)];
  return applySuppressions(input.text, input.lines, applySeverities(out, ctx.settings().severities));
}

// Cross-file checks (references, duplicates, platform rules) over the workspace index.
// Owned by the workspace-intelligence feature; returns nothing until it is wired.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import type { ParsedFile } from '../yaml/parse';

export function workspaceDiagnostics(_ctx: ServiceContext, _file: ParsedFile): Diagnostic[] {
  return [];
}

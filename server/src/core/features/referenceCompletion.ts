// Names of workspace objects offered where a reference is typed (sourceRef.name, dependsOn, ...).
// Owned by the workspace-intelligence feature; offers nothing until it is wired.
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';

export function referenceCompletions(_ctx: ServiceContext, _file: ParsedFile, _doc: ParsedDoc, _path: readonly string[], _range: Range): CompletionItem[] {
  return [];
}

// The kind snippets of snippets/flux-gitops.json, offered by the server (VS Code included: a contributed snippet
// file would show them at every spot) where a document can start: an empty document, at column 0.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Range } from 'vscode-languageserver-types';
import snippets from '../../../../snippets/flux-gitops.json';

interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

export function kindSnippets(range: Range): CompletionItem[] {
  return Object.entries(snippets as Record<string, SnippetEntry>).map(([name, s]) => ({
    label: s.prefix,
    kind: CompletionItemKind.Snippet,
    detail: name,
    documentation: s.description,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `9${s.prefix}`,
    textEdit: { range, newText: s.body.join('\n') },
  }));
}

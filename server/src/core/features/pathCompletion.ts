// Paths offered where a manifest names files or folders: a Flux Kustomization's `spec.path` (folders from the
// repository root) and a kustomization.yaml's `resources`, `components` and `patches[].path` (files and folders
// from its own folder). One folder level at a time, from what the workspace index holds, like a file picker:
// a folder is inserted with its trailing slash and the next level is offered right away.
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { splitApiVersion } from '../../shared/kinds';
import type { ServiceContext } from '../context';
import { modelOf } from '../refs/model';
import { isKustomizeDoc } from '../workspace/kustomizeFacts';
import { baseName, dirOf, joinPath } from '../workspace/paths';
import type { FolderTree } from '../workspace/tree';
import type { CursorContext } from '../yaml/cursor';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';

type Where = { readonly base: string; readonly files: boolean };

/** Path items for the cursor, or undefined when the cursor is not on a path. */
export function pathCompletions(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc | undefined, cursor: CursorContext, range: Range): CompletionItem[] | undefined {
  const where = doc && whereOf(ctx, file, doc, cursor);
  if (!where) return undefined;
  const prefix = cursor.prefix.replace(/^["']/, '');
  const typedDir = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const folder = typedDir ? joinPath(where.base, typedDir) : where.base;
  if (!folder) return [];
  const tree = modelOf(ctx).structure.tree;
  const lead = typedDir || (where.files ? '' : './');
  return [...folders(tree, folder, lead), ...(where.files ? yamlFiles(tree, folder, lead, file.uri) : [])].map((i) => ({ ...i, textEdit: { range, newText: i.filterText! } }));
}

function whereOf(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, cursor: CursorContext): Where | undefined {
  const { apiVersion, kind } = doc.identity;
  const fluxKustomization = kind === 'Kustomization' && apiVersion !== undefined && splitApiVersion(apiVersion).group === 'kustomize.toolkit.fluxcd.io';
  if (fluxKustomization && cursor.mode === 'value' && cursor.key === 'path' && cursor.path.join('.') === 'spec') {
    const root = ctx.host.roots().find((r) => file.uri.startsWith(`${r}/`));
    return root ? { base: root, files: false } : undefined;
  }
  if (!isKustomizeDoc(file, doc)) return undefined;
  const listItem = cursor.mode === 'key' && cursor.path.length === 2 && cursor.path[1] === '[]' && ['resources', 'components'].includes(cursor.path[0]);
  const patchPath = cursor.mode === 'value' && cursor.key === 'path' && cursor.path.join('.') === 'patches.[]';
  return listItem || patchPath ? { base: dirOf(file.uri), files: true } : undefined;
}

function folders(tree: FolderTree, folder: string, lead: string): CompletionItem[] {
  return (tree.childDirs.get(folder) ?? []).map((d) => {
    const name = baseName(d);
    return { label: `${name}/`, kind: CompletionItemKind.Folder, sortText: `0${name}`, filterText: `${lead}${name}/`, command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } };
  });
}

function yamlFiles(tree: FolderTree, folder: string, lead: string, self: string): CompletionItem[] {
  return (tree.filesIn.get(folder) ?? []).filter((f) => f !== self).map((f) => {
    const name = baseName(f);
    return { label: name, kind: CompletionItemKind.File, sortText: `1${name}`, filterText: `${lead}${name}` };
  });
}

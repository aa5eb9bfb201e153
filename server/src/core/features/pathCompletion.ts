// Paths offered where a manifest names files or folders: a Flux Kustomization's `spec.path` (folders from the
// repository root) and a kustomization.yaml's `resources`, `components` and `patches[].path` (files and folders
// from its own folder). One folder level at a time, from what the workspace index holds, like a file picker:
// a folder is inserted with its trailing slash and the next level is offered right away.
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { splitApiVersion } from '../../shared/kinds';
import type { ServiceContext } from '../context';
import { isKustomizeDoc } from '../workspace/kustomizeFacts';
import { dirOf, displayName, joinPath } from '../workspace/paths';
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
  const lead = typedDir || (where.files ? '' : './');
  const { dirs, files } = listing(ctx, folder);
  return [...folders(dirs, lead), ...(where.files ? yamlFiles(files, lead, file.uri) : [])].map((i) => ({ ...i, textEdit: { range, newText: i.filterText! } }));
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

/**
 * The sub-folders and files of a folder, from the indexed files' URIs. A scan of the URIs (a millisecond at
 * 10,000 files), not the build structure: typing in a kustomization.yaml changes that structure at each key.
 */
function listing(ctx: ServiceContext, folder: string): { dirs: string[]; files: string[] } {
  const prefix = `${folder}/`;
  const dirs = new Set<string>();
  const files: string[] = [];
  for (const uri of ctx.index.uris()) {
    if (!uri.startsWith(prefix)) continue;
    const slash = uri.indexOf('/', prefix.length);
    if (slash < 0) files.push(uri);
    else dirs.add(uri.slice(0, slash));
  }
  return { dirs: [...dirs].sort(), files: files.sort() };
}

function folders(dirs: readonly string[], lead: string): CompletionItem[] {
  return dirs.map((d) => {
    const name = displayName(d);
    return { label: `${name}/`, kind: CompletionItemKind.Folder, sortText: `0${name}`, filterText: `${lead}${name}/`, command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } };
  });
}

function yamlFiles(files: readonly string[], lead: string, self: string): CompletionItem[] {
  return files.filter((f) => f !== self).map((f) => {
    const name = displayName(f);
    return { label: name, kind: CompletionItemKind.File, sortText: `1${name}`, filterText: `${lead}${name}` };
  });
}

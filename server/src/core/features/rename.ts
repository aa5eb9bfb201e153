// Renaming an object across the workspace: its metadata.name and every reference that resolves to it
// (sourceRef, dependsOn, secretStoreRef, valuesFrom, `$imagepolicy` markers, ...), open files or not.
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { ServiceContext } from '../context';
import { definedAt, refAt, referencesTo } from '../refs/find';
import { modelOf, type Model } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { MARKER_SPEC } from '../workspace/scan';
import type { ParsedFile } from '../yaml/parse';

/** A Kubernetes object name (RFC 1123 subdomain). */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export type RenameResult = { readonly edit: WorkspaceEdit } | { readonly error: string };

/** The name under the cursor that can be renamed, and the objects it names; or why it cannot. */
export function renameTarget(ctx: ServiceContext, file: ParsedFile, offset: number): { range: Range; name: string; targets: readonly IndexedObject[] } | { error: string } | undefined {
  const model = modelOf(ctx);
  const defined = definedAt(model, file.uri, offset);
  if (defined) return { range: nameRange(defined), name: defined.name, targets: [defined] };
  const hit = refAt(model, file.uri, offset);
  if (!hit) return undefined;
  const targets = resolveRef(model, hit.referrer, hit.ref).targets;
  if (!targets.length) return { error: `${hit.ref.name} names no object of this workspace: there is nothing to rename.` };
  const producer = targets.find((t) => t.name !== hit.ref.name);
  if (producer) return { error: `${hit.ref.name} is made by ${producer.kind} ${producer.name}; rename it there.` };
  return { range: refRange(hit.ref), name: hit.ref.name, targets };
}

export function rename(ctx: ServiceContext, file: ParsedFile, offset: number, newName: string): RenameResult {
  const target = renameTarget(ctx, file, offset);
  if (!target) return { error: 'Nothing to rename here: put the cursor on an object\'s name or on a reference to one.' };
  if ('error' in target) return target;
  if (!NAME.test(newName) || newName.length > 253) return { error: `"${newName}" is not a valid object name (lower-case letters, digits, '-' and '.').` };
  return { edit: editsFor(modelOf(ctx), target.targets, newName) };
}

function editsFor(model: Model, targets: readonly IndexedObject[], newName: string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  const add = (uri: string, range: Range) => {
    const list = (changes[uri] ??= []);
    if (!list.some((e) => e.range.start.line === range.start.line && e.range.start.character === range.start.character)) list.push({ range, newText: newName });
  };
  for (const t of targets) {
    add(t.uri, nameRange(t));
    for (const r of referencesTo(model, t)) if (r.ref.name === t.name) add(r.referrer.uri, refRange(r.ref));
  }
  return { changes };
}

/** The range of metadata.name's value, inside its quotes if it has any. */
function nameRange(o: IndexedObject): Range {
  return unquoted(o.namePosition, o.nameRange[1] - o.nameRange[0], o.name.length);
}

/** The range of the name a reference writes: for a `$imagepolicy` marker, the name part of `ns:name[:field]`. */
function refRange(ref: RefFact): Range {
  const { start } = ref.span.range;
  if (ref.spec === MARKER_SPEC) {
    const at = start.character + (ref.namespace ? ref.namespace.length + 1 : 0);
    return { start: { line: start.line, character: at }, end: { line: start.line, character: at + ref.name.length } };
  }
  return unquoted(start, ref.span.end - ref.span.start, ref.name.length);
}

function unquoted(start: { line: number; character: number }, width: number, nameLength: number): Range {
  const from = width === nameLength + 2 ? start.character + 1 : start.character;
  return { start: { line: start.line, character: from }, end: { line: start.line, character: from + nameLength } };
}

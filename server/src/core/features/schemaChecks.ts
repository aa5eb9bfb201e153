// Schema diagnostics of one object (a document, or an item of a `kind: List`), each item against its own kind.
import type { Diagnostic } from 'vscode-languageserver-types';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { diagnostic } from '../diagnostic';
import { knownElsewhere } from '../schema/otherReleases';
import type { SchemaRegistry } from '../schema/registry';
import { validateAgainst } from '../schema/validate';
import { pairOf } from '../yaml/ast';
import { scalarString, type ParsedFile } from '../yaml/parse';

export function schemaDiagnostics(registry: SchemaRegistry, file: ParsedFile, root: Node, apiVersion: string, kind: string, kindRange: [number, number]): Diagnostic[] {
  const schema = registry.lookup(apiVersion, kind);
  if (!schema) return [];
  return validateAgainst(registry, schema.schema, root, kindRange, kind).map((found) => {
    const p = found.code === 'unknown-field' ? knownElsewhere(registry, root, apiVersion, kind, found) : found;
    return diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity, p.replacement ? { data: { replacement: p.replacement } } : undefined);
  });
}

/** Whether a document is a `v1 List` (what `kubectl get -o yaml` writes): its items are the objects. */
export function isList(apiVersion: string, kind: string): boolean {
  return apiVersion === 'v1' && kind === 'List';
}

export function listItemDiagnostics(registry: SchemaRegistry, file: ParsedFile, root: YAMLMap): Diagnostic[] {
  const items = pairOf(root, 'items')?.value;
  if (!isSeq(items)) return [];
  const out: Diagnostic[] = [];
  for (const item of items.items) {
    if (!isMap(item)) continue;
    const apiVersion = scalarString(pairOf(item, 'apiVersion')?.value as Node | undefined);
    const kindNode = pairOf(item, 'kind')?.value as Node | undefined;
    const kind = scalarString(kindNode);
    if (!apiVersion || !kind || isList(apiVersion, kind)) continue;
    const range: [number, number] = kindNode?.range ? [kindNode.range[0], kindNode.range[1]] : [item.range?.[0] ?? 0, item.range?.[0] ?? 0];
    out.push(...schemaDiagnostics(registry, file, item, apiVersion, kind, range));
  }
  return out;
}

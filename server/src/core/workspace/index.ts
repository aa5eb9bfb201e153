// The workspace index: every Kubernetes object defined in the workspace's YAML, by kind, namespace and name,
// with where it is defined. Kept current by the server on open, edit, save, create, delete and rename.
import { isMap, isScalar, type Node } from 'yaml';
import { splitApiVersion } from '../../shared/kinds';
import { pairOf } from '../yaml/ast';
import type { ParsedFile } from '../yaml/parse';

export interface IndexedObject {
  readonly uri: string;
  readonly docIndex: number;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace as written, if any. */
  readonly namespace?: string;
  /** Offsets of metadata.name's value, for definition links. */
  readonly nameRange: [number, number];
  /** Line and character of metadata.name's value, usable without the file's text. */
  readonly namePosition: { line: number; character: number };
  readonly docRange: [number, number];
}

export class WorkspaceIndex {
  private readonly byUri = new Map<string, readonly IndexedObject[]>();
  private readonly byKind = new Map<string, Set<IndexedObject>>();
  private generation = 0;

  /** Bumped on every change, so derived data can be cached per generation. */
  get version(): number {
    return this.generation;
  }

  update(file: ParsedFile): void {
    this.remove(file.uri);
    const objects = objectsOf(file);
    this.byUri.set(file.uri, objects);
    for (const o of objects) {
      let set = this.byKind.get(o.kind);
      if (!set) this.byKind.set(o.kind, (set = new Set()));
      set.add(o);
    }
    this.generation++;
  }

  remove(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    for (const o of old) this.byKind.get(o.kind)?.delete(o);
    this.byUri.delete(uri);
    this.generation++;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  uris(): IterableIterator<string> {
    return this.byUri.keys();
  }

  objectsIn(uri: string): readonly IndexedObject[] {
    return this.byUri.get(uri) ?? [];
  }

  ofKind(kind: string): readonly IndexedObject[] {
    return [...(this.byKind.get(kind) ?? [])];
  }

  *all(): IterableIterator<IndexedObject> {
    for (const list of this.byUri.values()) yield* list;
  }

  get size(): number {
    let n = 0;
    for (const list of this.byUri.values()) n += list.length;
    return n;
  }
}

function objectsOf(file: ParsedFile): IndexedObject[] {
  const out: IndexedObject[] = [];
  for (const d of file.docs) {
    const { apiVersion, kind, name, namespace } = d.identity;
    if (!apiVersion || !kind || !name || !d.root) continue;
    const meta = pairOf(d.root, 'metadata')?.value;
    const nameNode = isMap(meta) ? (pairOf(meta, 'name')?.value as Node | undefined) : undefined;
    const range: [number, number] = nameNode && isScalar(nameNode) && nameNode.range ? [nameNode.range[0], nameNode.range[1]] : [d.start, d.start];
    out.push({
      uri: file.uri, docIndex: d.index, apiVersion, group: splitApiVersion(apiVersion).group, kind, name, namespace,
      nameRange: range, namePosition: file.lines.positionAt(range[0]), docRange: [d.start, d.end],
    });
  }
  return out;
}

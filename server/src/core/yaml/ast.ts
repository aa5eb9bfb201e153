// Walking the yaml AST by offset and by path, without converting it to JS.
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type PathSegment = string | number;

export interface NodeHit {
  /** Keys and sequence indexes from the document root to the hit. */
  readonly path: readonly PathSegment[];
  /** The scalar, map or sequence under the offset (the value when on a value, the key scalar when on a key). */
  readonly node: Node | undefined;
  /** The pair whose key or value holds the offset, if any. */
  readonly pair?: Pair<unknown, unknown>;
  readonly onKey: boolean;
}

export function nodeRange(node: Node | null | undefined): [number, number] | undefined {
  if (!node || !node.range) return undefined;
  return [node.range[0], node.range[1]];
}

function contains(node: unknown, offset: number): boolean {
  const r = nodeRange(node as Node);
  return !!r && offset >= r[0] && offset <= r[1];
}

/** The deepest node at `offset` under `root`. */
export function nodeAt(root: Node | null | undefined, offset: number): NodeHit {
  const path: PathSegment[] = [];
  let current: Node | null | undefined = root;
  let lastPair: Pair<unknown, unknown> | undefined;
  for (let depth = 0; current && depth < 1000; depth++) {
    if (isMap(current)) {
      const pair = current.items.find((p) => contains(p.key, offset) || contains(p.value, offset));
      if (!pair) return { path, node: current, pair: lastPair, onKey: false };
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      path.push(key);
      if (contains(pair.key, offset)) return { path, node: pair.key as Node, pair, onKey: true };
      lastPair = pair;
      current = pair.value as Node;
      continue;
    }
    if (isSeq(current)) {
      const index = current.items.findIndex((item) => contains(item, offset));
      if (index < 0) return { path, node: current, pair: lastPair, onKey: false };
      path.push(index);
      current = current.items[index] as Node;
      lastPair = undefined;
      continue;
    }
    return { path, node: current, pair: lastPair, onKey: false };
  }
  return { path, node: current ?? undefined, pair: lastPair, onKey: false };
}

/** The node at a path of keys and indexes. */
export function nodeAtPath(root: Node | null | undefined, path: readonly PathSegment[]): Node | undefined {
  let current: Node | null | undefined = root;
  for (const seg of path) {
    if (!current) return undefined;
    if (typeof seg === 'number') {
      current = isSeq(current) ? (current.items[seg] as Node) : undefined;
      continue;
    }
    current = isMap(current) ? pairOf(current, seg)?.value as Node | undefined : undefined;
  }
  return current ?? undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair as Pair<Scalar, Node | null>;
  }
  return undefined;
}

export function isMapNode(node: unknown): node is YAMLMap {
  return isMap(node);
}

export function isSeqNode(node: unknown): node is YAMLSeq {
  return isSeq(node);
}

export function isAliasNode(node: unknown): boolean {
  return isAlias(node);
}

/** Every node reached by a path pattern where `[]` means each item of a sequence. */
export function nodesAtPattern(root: Node | null | undefined, pattern: readonly string[]): { node: Node; path: PathSegment[] }[] {
  let frontier: { node: Node; path: PathSegment[] }[] = root ? [{ node: root, path: [] }] : [];
  for (const seg of pattern) {
    const next: { node: Node; path: PathSegment[] }[] = [];
    for (const { node, path } of frontier) {
      if (seg === '[]') {
        if (isSeq(node)) node.items.forEach((item, i) => item && next.push({ node: item as Node, path: [...path, i] }));
        continue;
      }
      if (!isMap(node)) continue;
      const value = pairOf(node, seg)?.value;
      if (value) next.push({ node: value, path: [...path, seg] });
    }
    frontier = next;
  }
  return frontier;
}

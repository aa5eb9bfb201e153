// Offsets of keys and values in a document, for the rules' diagnostics.
import type { Node } from 'yaml';
import { isMap } from 'yaml';
import { nodeAtPath, pairOf } from '../yaml/ast';
import { scalarString, type ParsedDoc } from '../yaml/parse';

export interface Hit {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export function str(doc: ParsedDoc, path: readonly string[]): string | undefined {
  return scalarString(nodeAtPath(doc.root, path));
}

export function valueRange(doc: ParsedDoc, path: readonly string[]): { start: number; end: number } | undefined {
  const node = nodeAtPath(doc.root, path);
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

export function keyRange(doc: ParsedDoc, path: readonly string[]): { start: number; end: number } | undefined {
  const parent = nodeAtPath(doc.root, path.slice(0, -1));
  const key = isMap(parent) ? (pairOf(parent, path[path.length - 1])?.key as Node | undefined) : undefined;
  return key?.range ? { start: key.range[0], end: key.range[1] } : undefined;
}

export function docRange(doc: ParsedDoc): { start: number; end: number } {
  return { start: doc.start, end: doc.start };
}

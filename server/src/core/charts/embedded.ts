// Completion and hover inside a valuesFrom ConfigMap's values block: the cursor (or the node under it) is read
// in the block's own text, as if it were a document, then put back into the file's coordinates under
// `spec.values`, so the one schema walk serves it with the chart's values.
import type { ServiceContext } from '../context';
import { objectOfDoc } from '../refs/model';
import { schemaAtPath } from '../schema/registry';
import type { KindSchema, SchemaNode } from '../schema/types';
import { nodeAt } from '../yaml/ast';
import { nodeAtPath } from '../yaml/ast';
import { cursorContext, type CursorContext } from '../yaml/cursor';
import { LineIndex } from '../yaml/lines';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';
import { isMap, isScalar, parseDocument } from 'yaml';
import { VALUES_PATH } from './release';
import { valuesWrapper } from './values';
import { literalBlock, readersOf } from './valuesFrom';

export interface EmbeddedCursor {
  readonly cursor: CursorContext;
  readonly kindSchema: KindSchema;
}

/** The cursor in a ConfigMap's values block read by a HelmRelease whose chart is known, if it is there. */
export function valuesFromCursor(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc | undefined, offset: number, base: KindSchema | undefined): EmbeddedCursor | undefined {
  const found = base ? blockAt(ctx, file, doc, offset) : undefined;
  if (!found || !base) return undefined;
  const { block, chart, at } = found;
  const lines = new LineIndex(block.value);
  const inner = cursorContext(lines, at, 0, lines.lineCount - 1);
  if (!inner) return undefined;
  const cursor: CursorContext = { ...inner, path: [...VALUES_PATH, ...inner.path], prefixStart: block.toFile(inner.prefixStart), column: inner.column + block.indent };
  return { cursor, kindSchema: { ...base, schema: valuesWrapper(chart) } };
}

export interface EmbeddedField {
  readonly name: string;
  readonly schema: SchemaNode;
  readonly required: boolean;
  /** The node's range in the file. */
  readonly start: number;
  readonly end: number;
}

/** The chart's description of the values key under the cursor in a ConfigMap's values block. */
export function valuesFromField(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc | undefined, offset: number): EmbeddedField | undefined {
  const found = blockAt(ctx, file, doc, offset);
  if (!found) return undefined;
  const { block, chart, at } = found;
  const parsed = parseDocument(block.value, { uniqueKeys: false });
  if (!isMap(parsed.contents)) return undefined;
  const hit = nodeAt(parsed.contents, at);
  if (!hit.node?.range || !hit.path.length) return undefined;
  const path = [...VALUES_PATH, ...hit.path.map((s) => (typeof s === 'number' ? '[]' : s))];
  const wrapper = valuesWrapper(chart);
  const schema = schemaAtPath(ctx.registry, wrapper, path);
  if (!schema) return undefined;
  const name = path.filter((p) => p !== '[]').pop() ?? '';
  const required = !!schemaAtPath(ctx.registry, wrapper, path.slice(0, -1))?.required?.includes(name);
  return { name, schema, required, start: block.toFile(hit.node.range[0]), end: block.toFile(hit.node.range[1]) };
}

/** The values block of a ConfigMap that holds an offset, with the chart of a release that reads it. */
function blockAt(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc | undefined, offset: number) {
  if (!ctx.charts || doc?.identity.kind !== 'ConfigMap' || !doc.root) return undefined;
  const configMap = objectOfDoc(ctx.index, file.uri, doc.index);
  for (const reader of configMap ? readersOf(ctx, configMap) : []) {
    const data = nodeAtPath(doc.root, ['data', reader.key]);
    const block = reader.chart && isScalar(data) ? literalBlock(file.text, data) : undefined;
    const at = block?.toValue(offset);
    if (block && reader.chart && at !== undefined) return { block, chart: reader.chart, at };
  }
  return undefined;
}

// What a chart's values.yaml says of each key: its structure and types (for completion when the chart has no
// schema), its default and the comment above it (helm-docs' `# --` style or plain comments), as schema nodes.
// These nodes document; they never judge: values.yaml types are examples (a `null` or `""` default), so only
// the chart's values.schema.json produces errors (see values.ts).
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SchemaNode } from '../schema/types';

/** Keys described at most, so that a huge values.yaml costs a bounded tree. */
const MAX_KEYS = 20_000;
const MAX_DEFAULT_CHARS = 400;

export interface ValuesDoc {
  readonly schema: SchemaNode;
  readonly problem?: string;
}

export function valuesDoc(text: string): ValuesDoc {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) return { schema: {}, problem: `values.yaml does not parse: ${doc.errors[0].message.split('\n')[0]}` };
  const root = describe(doc.contents as Node | null, { keys: 0 });
  // The whole file's default says nothing a hover needs.
  delete root.default;
  return { schema: root };
}

function describe(node: Node | null | undefined, budget: { keys: number }): SchemaNode {
  if (isMap(node)) return describeMap(node, budget);
  if (isSeq(node)) {
    const first = node.items[0] as Node | undefined;
    const small = node.items.length <= 20 ? smallDefault(node.toJSON() as unknown) : {};
    return { type: 'array', ...(first && (isMap(first) || isSeq(first)) ? { items: describe(first, budget) } : {}), ...small };
  }
  if (!isScalar(node) || node.value === null || node.value === undefined) return { default: null };
  const v = node.value;
  const type = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : 'string';
  return { type, default: v };
}

function describeMap(map: YAMLMap, budget: { keys: number }): SchemaNode {
  const properties: Record<string, SchemaNode> = {};
  map.items.forEach((pair, i) => {
    if (!isScalar(pair.key) || ++budget.keys > MAX_KEYS) return;
    const child = describe(pair.value as Node | null, budget);
    const comment = commentOf(pair as Pair<Node, Node | null>, i === 0 ? map.commentBefore : undefined);
    properties[String(pair.key.value)] = comment ? { ...child, description: comment } : child;
  });
  // A map's default is made of its children's (linear in the file): a child without one (too large) leaves none.
  const entries = Object.entries(properties);
  const whole = entries.every(([, c]) => c.default !== undefined) ? smallDefault(Object.fromEntries(entries.map(([k, c]) => [k, c.default]))) : {};
  return { type: 'object', properties, additionalProperties: true, ...whole };
}

/** A default small enough to show in a hover, or none. */
function smallDefault(value: unknown): { default?: unknown } {
  return JSON.stringify(value).length <= MAX_DEFAULT_CHARS ? { default: value } : {};
}

/** The comment above a key (the last paragraph of it), else the one after its value on the same line. */
function commentOf(pair: Pair<Node, Node | null>, mapComment: string | null | undefined): string | undefined {
  // A nested map's own commentBefore documents its first key, not the key that holds it.
  const before = pair.key.commentBefore ?? mapComment;
  const text = before ? lastParagraph(before) : undefined;
  if (text) return text;
  const inline = isScalar(pair.value) ? pair.value.comment : undefined;
  return inline ? clean(inline.split('\n')) : undefined;
}

function lastParagraph(comment: string): string | undefined {
  const paragraphs = comment.split(/\n\s*\n/);
  return clean(paragraphs[paragraphs.length - 1].split('\n'));
}

/** Comment lines without helm-docs' markers (`--`, `@default --`, `@schema`) and commented-out YAML. */
function clean(lines: string[]): string | undefined {
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('@')) continue;
    kept.push(line.replace(/^--\s?/, ''));
  }
  const text = kept.join(' ').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/**
 * The documentation tree of a chart: its schema's nodes, with the values.yaml comment and default where the
 * schema has none, and the values.yaml keys the schema does not name where it allows them.
 */
export function documented(schema: SchemaNode | undefined, values: SchemaNode): SchemaNode {
  if (!schema) return values;
  const out: SchemaNode = { ...schema };
  if (!out.description && values.description) out.description = values.description;
  if (out.default === undefined && values.default !== undefined) out.default = values.default;
  if (!out.type && values.type) out.type = values.type;
  if (schema.items || values.items) out.items = documented(schema.items, values.items ?? {});
  if (!values.properties) return out;
  const properties: Record<string, SchemaNode> = { ...(schema.properties ?? {}) };
  const open = schema.additionalProperties !== undefined && schema.additionalProperties !== false;
  for (const [key, child] of Object.entries(values.properties)) {
    const own = schema.properties?.[key];
    if (own) properties[key] = documented(own, child);
    else if (open) properties[key] = child;
  }
  return { ...out, properties };
}

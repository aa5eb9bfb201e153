// A chart's values.schema.json (JSON Schema draft-07, as helm reads it) converted to the engine's schema node
// format, so that the one validator, completion and hover serve chart values too. Local `$ref`s are inlined
// (cycles and a node budget bound the result); what the format cannot say is dropped so it never becomes a
// false error: an unsupported keyword means "anything goes" here, as it would for an unknown CRD field.
import type { SchemaNode } from '../schema/types';

type SchemaType = NonNullable<SchemaNode['type']>;

export interface ConvertedSchema {
  readonly schema: SchemaNode;
  /** Why part of the schema was left out, when it was (too large, a `$ref` this reader cannot follow). */
  readonly notes: readonly string[];
}

const TYPES = new Set<SchemaType>(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** Converted nodes at most: a schema beyond it is cut (the rest accepts anything). */
export const MAX_SCHEMA_NODES = 20_000;
const MAX_DEPTH = 64;

interface Conversion {
  readonly root: Record<string, unknown>;
  readonly notes: Set<string>;
  nodes: number;
}

export function convertJsonSchema(source: unknown): ConvertedSchema {
  if (!isObject(source)) return { schema: {}, notes: ['values.schema.json is not a JSON object'] };
  const conversion: Conversion = { root: source, notes: new Set(), nodes: 0 };
  const schema = convert(conversion, source, [], 0);
  return { schema, notes: [...conversion.notes] };
}

function convert(c: Conversion, src: unknown, refs: readonly string[], depth: number): SchemaNode {
  if (!isObject(src)) return {};
  if (++c.nodes > MAX_SCHEMA_NODES || depth > MAX_DEPTH) {
    c.notes.add(`the schema is larger than ${MAX_SCHEMA_NODES} nodes; the rest is not checked`);
    return {};
  }
  if (typeof src.$ref === 'string') return convertRef(c, src, refs, depth);
  const merged = mergeAllOf(src);
  const out: SchemaNode = {};
  copyType(merged, out);
  copyScalars(merged, out);
  if (isObject(merged.properties)) {
    out.properties = {};
    for (const [name, child] of Object.entries(merged.properties)) out.properties[name] = convert(c, child, refs, depth + 1);
  }
  // JSON Schema allows any other property unless it says otherwise; the engine's default is the opposite.
  if (merged.additionalProperties === false && !isObject(merged.patternProperties)) out.additionalProperties = undefined;
  else if (isObject(merged.additionalProperties) && !isObject(merged.patternProperties)) out.additionalProperties = convert(c, merged.additionalProperties, refs, depth + 1);
  else if (out.properties || out.type === 'object') out.additionalProperties = true;
  if (isObject(merged.items)) out.items = convert(c, merged.items, refs, depth + 1);
  // Alternatives with their own types are beyond the engine's one-type nodes: the node then accepts any type.
  if (Array.isArray(merged.anyOf) || Array.isArray(merged.oneOf) || merged.not !== undefined || merged.if !== undefined) delete out.type;
  return out;
}

function convertRef(c: Conversion, src: Record<string, unknown>, refs: readonly string[], depth: number): SchemaNode {
  const ref = src.$ref as string;
  if (refs.includes(ref)) return {};
  const target = pointer(c.root, ref);
  if (target === undefined) {
    c.notes.add(`"$ref": "${ref}" is not a local reference this reader follows; that part is not checked`);
    return {};
  }
  const node = convert(c, target, [...refs, ref], depth + 1);
  return typeof src.description === 'string' ? { ...node, description: src.description } : node;
}

/** A JSON pointer inside the document (`#/definitions/x`, `#/$defs/x`, `#`). */
function pointer(root: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** allOf branches folded into one node: properties and required joined, the first type kept. */
function mergeAllOf(src: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(src.allOf)) return src;
  const out: Record<string, unknown> = { ...src };
  delete out.allOf;
  for (const branch of src.allOf) {
    if (!isObject(branch) || branch.$ref !== undefined) continue;
    const b = mergeAllOf(branch);
    out.type ??= b.type;
    if (isObject(b.properties)) out.properties = { ...(isObject(out.properties) ? out.properties : {}), ...b.properties };
    if (Array.isArray(b.required)) out.required = [...(Array.isArray(out.required) ? out.required : []), ...b.required];
  }
  return out;
}

function copyType(src: Record<string, unknown>, out: SchemaNode): void {
  const types = (Array.isArray(src.type) ? src.type : [src.type]).filter((t): t is string => typeof t === 'string');
  const real = types.filter((t) => t !== 'null');
  if (types.length !== real.length) out.nullable = true;
  if (real.length === 1 && TYPES.has(real[0] as SchemaType)) out.type = real[0] as SchemaType;
}

function copyScalars(src: Record<string, unknown>, out: SchemaNode): void {
  const description = typeof src.description === 'string' ? src.description : typeof src.title === 'string' ? src.title : undefined;
  if (description) out.description = description;
  if (Array.isArray(src.required)) out.required = src.required.filter((r): r is string => typeof r === 'string');
  if (Array.isArray(src.enum)) out.enum = src.enum;
  else if (src.const !== undefined) out.enum = [src.const];
  if (src.default !== undefined) out.default = src.default;
  if (typeof src.pattern === 'string') out.pattern = src.pattern;
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (typeof src[key] === 'number') out[key] = src[key] as number;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

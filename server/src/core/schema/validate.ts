// Checks one document against its schema by walking the yaml AST: unknown fields, types, required fields,
// enums, patterns, bounds and durations. Every problem carries the exact range of the key or the value.
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { DURATION_FIELDS, isGoDuration } from './durations';
import type { SchemaRegistry } from './registry';
import type { SchemaNode } from './types';
import { closest } from '../text';

export interface SchemaProblem {
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** What a quick fix would write instead (a close field name). */
  readonly replacement?: string;
}

interface Walk {
  readonly registry: SchemaRegistry;
  readonly problems: SchemaProblem[];
  readonly patterns: Map<string, RegExp | null>;
}

const MAX_DEPTH = 200;
/** Problems kept per document: a list of a hundred thousand wrong items needs no hundred thousand diagnostics. */
export const MAX_PROBLEMS = 1_000;

export function validateAgainst(registry: SchemaRegistry, schema: SchemaNode, root: Node, anchor: [number, number], kind: string): SchemaProblem[] {
  const walk: Walk = { registry, problems: [], patterns: new Map() };
  visit(walk, root, schema, { anchor, where: kind, key: '' }, 0);
  return walk.problems;
}

interface Place {
  /** Range to report on when a problem concerns the whole value (its key, or the document's kind). */
  readonly anchor: [number, number];
  /** Human path for messages, e.g. `spec.sourceRef`. */
  readonly where: string;
  readonly key: string;
}

function report(walk: Walk, range: [number, number], code: string, message: string, severity: 'error' | 'warning' = 'error', replacement?: string): void {
  if (walk.problems.length > MAX_PROBLEMS) return;
  walk.problems.push({ start: range[0], end: range[1], code, message, severity, ...(replacement ? { replacement } : {}) });
}

function rangeOf(node: Node | null | undefined, fallback: [number, number]): [number, number] {
  return node?.range ? [node.range[0], node.range[1]] : fallback;
}

function visit(walk: Walk, node: Node | null | undefined, rawSchema: SchemaNode | undefined, place: Place, depth: number): void {
  const schema = walk.registry.resolve(rawSchema);
  if (!schema || !node || depth > MAX_DEPTH || isAlias(node)) return;
  if (isScalar(node) && (node.value === null || node.value === undefined)) return;
  if (schema.preserveUnknownFields && !schema.properties) return;
  if (isMap(node)) return visitMap(walk, node, schema, place, depth);
  if (isSeq(node)) return visitSeq(walk, node, schema, place, depth);
  if (isScalar(node)) return visitScalar(walk, node, schema, place);
}

function visitMap(walk: Walk, map: YAMLMap, schema: SchemaNode, place: Place, depth: number): void {
  if (schema.type && schema.type !== 'object') {
    report(walk, rangeOf(map, place.anchor), 'wrong-type', `${place.where} should be ${article(schema.type)}, not an object.`);
    return;
  }
  const present = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    present.add(key);
    const keyRange = rangeOf(pair.key as Node, place.anchor);
    const child = childFor(schema, key);
    const where = place.where ? `${place.where}.${key}` : key;
    if (child === 'unknown') {
      const names = Object.keys(schema.properties ?? {});
      const hint = closest(key, names);
      report(walk, keyRange, 'unknown-field', `Unknown field "${key}" in ${place.where}.${hint ? ` Did you mean "${hint}"?` : ''}`, 'error', hint);
      continue;
    }
    if (child) visit(walk, pair.value as Node, child, { anchor: keyRange, where, key }, depth + 1);
  }
  checkRequired(walk, schema, present, place);
}

/** The schema of a property, `undefined` when anything goes, or 'unknown' when the field is not allowed. */
function childFor(schema: SchemaNode, key: string): SchemaNode | undefined | 'unknown' {
  const prop = schema.properties?.[key];
  if (prop) return prop;
  if (typeof schema.additionalProperties === 'object') return schema.additionalProperties;
  if (schema.additionalProperties === true || schema.preserveUnknownFields || schema.embeddedResource) return undefined;
  if (!schema.properties) return undefined;
  return 'unknown';
}

function checkRequired(walk: Walk, schema: SchemaNode, present: Set<string>, place: Place): void {
  const missing = (schema.required ?? []).filter((r) => !present.has(r));
  if (missing.length) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    report(walk, place.anchor, 'missing-required', `${place.where} is missing required field${missing.length > 1 ? 's' : ''} ${list}.`);
  }
  checkAlternatives(walk, schema.oneOf, present, place, 'exactly one');
  checkAlternatives(walk, schema.anyOf, present, place, 'at least one');
}

/** CRDs express "one of these fields" as oneOf/anyOf branches that only list required fields. */
function checkAlternatives(walk: Walk, branches: SchemaNode[] | undefined, present: Set<string>, place: Place, quantity: 'exactly one' | 'at least one'): void {
  if (!branches?.length || !branches.every((b) => b.required?.length && !b.properties && !b.type)) return;
  const matched = branches.filter((b) => b.required!.every((r) => present.has(r))).length;
  const ok = quantity === 'exactly one' ? matched === 1 : matched >= 1;
  if (ok) return;
  const options = branches.map((b) => b.required!.join(' + ')).join(', ');
  report(walk, place.anchor, 'one-of', `${place.where} needs ${quantity} of: ${options}.`);
}

function visitSeq(walk: Walk, seq: import('yaml').YAMLSeq, schema: SchemaNode, place: Place, depth: number): void {
  if (schema.type && schema.type !== 'array') {
    report(walk, rangeOf(seq, place.anchor), 'wrong-type', `${place.where} should be ${article(schema.type)}, not a list.`);
    return;
  }
  const count = seq.items.length;
  if (schema.minItems !== undefined && count < schema.minItems) report(walk, place.anchor, 'min-items', `${place.where} needs at least ${schema.minItems} item(s).`);
  if (schema.maxItems !== undefined && count > schema.maxItems) report(walk, place.anchor, 'max-items', `${place.where} allows at most ${schema.maxItems} item(s).`);
  for (let i = 0; i < seq.items.length && walk.problems.length <= MAX_PROBLEMS; i++) {
    const item = seq.items[i] as Node;
    visit(walk, item, schema.items, { anchor: rangeOf(item, place.anchor), where: `${place.where}[${i}]`, key: place.key }, depth + 1);
  }
}

function visitScalar(walk: Walk, scalar: Scalar, schema: SchemaNode, place: Place): void {
  const range = rangeOf(scalar, place.anchor);
  const value = scalar.value;
  if (typeof value === 'string' && value.includes('${')) return;
  if (!typeMatches(schema, value)) {
    const shown = typeof value === 'string' ? `"${value}"` : String(value);
    const quoteHint = schema.type === 'string' ? ' Quote it to make it a string.' : '';
    report(walk, range, 'wrong-type', `${place.where} should be ${expected(schema)}, but ${shown} is ${describe(value)}.${quoteHint}`);
    return;
  }
  if (schema.enum && !schema.enum.some((e) => e === value || String(e) === String(value))) {
    const allowed = schema.enum.map((e) => JSON.stringify(e)).join(', ');
    report(walk, range, 'enum', `${place.where} must be one of ${allowed}.`);
    return;
  }
  if (typeof value === 'string') checkString(walk, value, schema, place, range);
  if (typeof value === 'number') checkNumber(walk, value, schema, place, range);
}

function checkString(walk: Walk, value: string, schema: SchemaNode, place: Place, range: [number, number]): void {
  if (schema.pattern) {
    const re = compile(walk, schema.pattern);
    if (re && !re.test(value)) {
      const duration = /ms\|s\|m\|h/.test(schema.pattern);
      const message = duration
        ? `${place.where} must be a duration such as 30s, 10m or 1h (got "${value}").`
        : `${place.where} does not match the pattern ${schema.pattern}.`;
      report(walk, range, duration ? 'duration' : 'pattern', message);
      return;
    }
  }
  const wantsDuration = schema.format === 'duration' || (!schema.pattern && schema.type === 'string' && DURATION_FIELDS.has(place.key));
  if (wantsDuration && !isGoDuration(value)) {
    report(walk, range, 'duration', `${place.where} must be a Go duration such as 30s, 10m or 1h (got "${value}").`);
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) report(walk, range, 'min-length', `${place.where} must be at least ${schema.minLength} character(s) long.`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength) report(walk, range, 'max-length', `${place.where} must be at most ${schema.maxLength} characters long.`);
}

function checkNumber(walk: Walk, value: number, schema: SchemaNode, place: Place, range: [number, number]): void {
  if (schema.minimum !== undefined && value < schema.minimum) report(walk, range, 'minimum', `${place.where} must be at least ${schema.minimum}.`);
  if (schema.maximum !== undefined && value > schema.maximum) report(walk, range, 'maximum', `${place.where} must be at most ${schema.maximum}.`);
}

function compile(walk: Walk, pattern: string): RegExp | null {
  if (walk.patterns.has(pattern)) return walk.patterns.get(pattern)!;
  let re: RegExp | null = null;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    re = null; // A Go-only regular expression: not checked rather than wrongly reported.
  }
  walk.patterns.set(pattern, re);
  return re;
}

function typeMatches(schema: SchemaNode, value: unknown): boolean {
  if (schema.intOrString) return typeof value === 'string' || typeof value === 'number';
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
    case 'array':
      return false;
    default:
      return true;
  }
}

function expected(schema: SchemaNode): string {
  if (schema.intOrString) return 'a number or a string';
  return article(schema.type ?? 'value');
}

function article(type: string): string {
  const names: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)', object: 'an object', array: 'a list' };
  return names[type] ?? type;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a string';
}

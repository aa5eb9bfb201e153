// Diagnostics of a HelmRelease's `spec.values` once its chart is known: the chart's values.schema.json through
// the engine's validator (helm enforces it at install; exact ranges), and a note on each key the chart's
// values.yaml does not have, where the schema does not already judge it. The schema applies to the values
// merged over the chart's defaults, so a required key the release leaves out is not an error here.
import type { Diagnostic } from 'vscode-languageserver-types';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ServiceContext } from '../context';
import { diagnostic, type Level } from '../diagnostic';
import { validateAgainst } from '../schema/validate';
import type { SchemaNode } from '../schema/types';
import { closest } from '../text';
import type { ParsedFile } from '../yaml/parse';
import type { LoadedChart } from './chart';
import { readyChart, valuesNode } from './release';

export const UNKNOWN_VALUE = 'unknown-value';
/** Checks the merge with the chart's defaults decides, not the release's values alone. */
const MERGED_ONLY = new Set(['missing-required', 'one-of']);

export function valuesDiagnostics(ctx: ServiceContext, file: ParsedFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of file.docs) {
    if (doc.identity.kind !== 'HelmRelease') continue;
    const values = valuesNode(doc);
    const chart = values && readyChart(ctx, file.uri, doc);
    if (!values || !chart) continue;
    for (const p of checkValues(ctx, chart, values.node, values.keyRange, 'spec.values')) out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
  }
  return out;
}

export interface ValuesProblem {
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly message: string;
  readonly severity: Level;
}

/** The checks of one values mapping against a chart, at the mapping's own offsets (a valuesFrom ConfigMap maps them). */
export function checkValues(ctx: ServiceContext, chart: LoadedChart, node: YAMLMap, anchor: [number, number], where: string): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const label = `chart ${chart.name}${chart.version ? ` ${chart.version}` : ''}`;
  if (chart.schema) {
    for (const p of validateAgainst(ctx.registry, chart.schema, node, anchor, where)) {
      if (MERGED_ONLY.has(p.code)) continue;
      out.push({ ...p, message: `${p.message} (values.schema.json of the ${label})` });
    }
  }
  const found: Unknown[] = [];
  unknownKeys(chart.values, chart.schema, node, where, true, chart.passThrough, found);
  for (const u of found) {
    const hint = u.hint ? ` Did you mean "${u.hint}"?` : '';
    const message = `The ${label} has no value "${u.key}" in ${u.where} (its values.yaml does not have it).${hint}`;
    out.push({ start: u.range[0], end: u.range[1], code: UNKNOWN_VALUE, message, severity: u.hint ? 'warning' : 'info' });
  }
  return out;
}

interface Unknown {
  readonly key: string;
  readonly where: string;
  readonly range: [number, number];
  readonly hint?: string;
}

function unknownKeys(values: SchemaNode, schema: SchemaNode | undefined, node: Node, where: string, top: boolean, passThrough: ReadonlySet<string>, out: Unknown[]): void {
  // An empty mapping in values.yaml (`podAnnotations: {}`) is free-form: any key goes.
  if (!isMap(node) || !values.properties || !Object.keys(values.properties).length) return;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    if (top && passThrough.has(key)) continue;
    const known = values.properties[key];
    const judged = schema?.properties?.[key];
    if (!known) {
      if (!judged && !closedBySchema(schema)) out.push({ key, where, range: [pair.key.range[0], pair.key.range[1]], hint: closest(key, Object.keys(values.properties)) });
      continue;
    }
    const next = judged ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    unknownKeys(known, next, pair.value as Node, `${where}.${key}`, false, passThrough, out);
  }
}

/** Whether the schema already reports keys it does not name (the validator's unknown-field). */
function closedBySchema(schema: SchemaNode | undefined): boolean {
  return !!schema?.properties && (schema.additionalProperties === undefined || schema.additionalProperties === false);
}

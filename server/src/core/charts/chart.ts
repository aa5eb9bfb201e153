// A chart as the values features need it: name and version from Chart.yaml, the documentation tree of its
// values (values.yaml, with values.schema.json where the chart has one), the schema helm enforces, and the
// names of its dependencies (their values live under their name, and `global` is shared; a sub-chart whose files
// are there gives its own values and schema under that name, subcharts.ts). Built from the text of three files
// (and those of its sub-charts), wherever they came from: this repository, the disk cache or the network.
import { parse as parseYaml } from 'yaml';
import type { SchemaNode } from '../schema/types';
import { convertJsonSchema } from './jsonSchema';
import { mergeSubcharts, MAX_SUBCHARTS, type Dependency, type Subchart } from './subcharts';
import { documented, valuesDoc } from './valuesDoc';

export const CHART_FILES = ['Chart.yaml', 'values.yaml', 'values.schema.json'] as const;
export type ChartFileName = (typeof CHART_FILES)[number];
/** The three files of a chart, those it has. */
export type ChartTexts = Partial<Record<ChartFileName, string>>;

/** A values.schema.json larger than this is not read (helm would read it; an editor has no need to). */
export const MAX_SCHEMA_BYTES = 2 * 1024 * 1024;
/** A values.yaml larger than this is not read: parsing it would hold the server up (the largest public ones are ~200 KiB). */
export const MAX_VALUES_BYTES = 1024 * 1024;

export interface LoadedChart {
  readonly name: string;
  readonly version: string;
  /** Where it was read, for hovers: a folder of this repository, a cached archive, a URL. */
  readonly origin: string;
  /** What helm validates the merged values against (values.schema.json), when the chart has one. */
  readonly schema?: SchemaNode;
  /** Completion and hover: the schema's nodes documented by values.yaml, or values.yaml's structure alone. */
  readonly doc: SchemaNode;
  /** values.yaml's structure alone: the keys the chart knows of. */
  readonly values: SchemaNode;
  /** Top-level keys that belong to dependencies not read (`global` and each such dependency's name or alias). */
  readonly passThrough: ReadonlySet<string>;
  /** Top-level keys whose values come from a sub-chart that was read. */
  readonly subcharts?: readonly string[];
  /** What could not be read (an invalid schema, a values.yaml that does not parse). */
  readonly notes: readonly string[];
}

export function loadChart(files: ChartTexts, origin: string, subchartFiles: readonly ChartTexts[] = []): LoadedChart {
  const notes: string[] = [];
  const meta = chartMeta(files['Chart.yaml'], notes);
  const own = readOwn(files, notes);
  const subs = subchartFiles.slice(0, MAX_SUBCHARTS).map((f) => subchartOf(f, notes));
  const merged = mergeSubcharts(own.values, own.schema, meta.dependencies, subs);
  const read = new Set(merged.keys);
  const passThrough = ['global', ...meta.dependencies.map((d) => d.alias ?? d.name).filter((k) => !read.has(k))];
  return {
    name: meta.name,
    version: meta.version,
    origin,
    ...(merged.schema ? { schema: merged.schema } : {}),
    doc: documented(merged.schema, merged.values),
    values: merged.values,
    passThrough: new Set(passThrough),
    ...(merged.keys.length ? { subcharts: [...read] } : {}),
    notes,
  };
}

/** A chart's own values structure and schema. */
function readOwn(files: ChartTexts, notes: string[]): { values: SchemaNode; schema?: SchemaNode } {
  const valuesText = files['values.yaml'] ?? '';
  const tooLarge = valuesText.length > MAX_VALUES_BYTES;
  if (tooLarge) notes.push(`values.yaml is larger than ${MAX_VALUES_BYTES / 1024 / 1024} MiB; its keys are not read`);
  const values = valuesDoc(tooLarge ? '' : valuesText);
  if (values.problem) notes.push(values.problem);
  const schema = schemaOf(files['values.schema.json'], notes);
  return { values: values.schema, ...(schema ? { schema } : {}) };
}

function subchartOf(files: ChartTexts, notes: string[]): Subchart {
  const own: string[] = [];
  const meta = chartMeta(files['Chart.yaml'], own);
  const { values, schema } = readOwn(files, own);
  notes.push(...own.map((n) => `sub-chart ${meta.name}: ${n}`));
  // Its own dependencies are not read (one level deep): their keys stay free-form, never "unknown".
  const properties = { ...(values.properties ?? {}) };
  for (const d of meta.dependencies) properties[d.alias ?? d.name] ??= { type: 'object', properties: {}, additionalProperties: true };
  return { name: meta.name, values: meta.dependencies.length ? { ...values, properties } : values, ...(schema ? { schema } : {}) };
}

function chartMeta(text: string | undefined, notes: string[]): { name: string; version: string; dependencies: Dependency[] } {
  let meta: Record<string, unknown> = {};
  try {
    const parsed = text ? (parseYaml(text, { maxAliasCount: 10 }) as unknown) : undefined;
    if (parsed && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
  } catch {
    notes.push('Chart.yaml does not parse');
  }
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  const dependencies = deps.flatMap((d): Dependency[] => {
    const dep = d as Record<string, unknown> | null;
    if (typeof dep?.name !== 'string') return [];
    return [{ name: dep.name, ...(typeof dep.alias === 'string' ? { alias: dep.alias } : {}) }];
  });
  return { name: String(meta.name ?? ''), version: String(meta.version ?? ''), dependencies };
}

function schemaOf(text: string | undefined, notes: string[]): SchemaNode | undefined {
  if (text === undefined) return undefined;
  if (text.length > MAX_SCHEMA_BYTES) {
    notes.push(`values.schema.json is larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MiB; it is not checked`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    notes.push(`values.schema.json is not valid JSON (${(err as Error).message}); it is not checked`);
    return undefined;
  }
  const converted = convertJsonSchema(json);
  notes.push(...converted.notes);
  return converted.schema;
}

/**
 * A loaded chart as JSON, so the disk cache can keep it beside the archive: reading it back costs a JSON parse
 * instead of a YAML parse of values.yaml (tens of milliseconds for a large chart). The number names the format;
 * change it whenever what loadChart produces changes, so older files are not read.
 */
export const LOADED_FORMAT = 'chart-v2';

export function chartToJson(chart: LoadedChart): string {
  return JSON.stringify({ format: LOADED_FORMAT, ...chart, passThrough: [...chart.passThrough] });
}

/** The chart a chartToJson text holds, or undefined when it is not one of this format. */
export function chartFromJson(text: string): LoadedChart | undefined {
  try {
    const json = JSON.parse(text) as Omit<LoadedChart, 'passThrough'> & { format?: string; passThrough?: string[] };
    if (json?.format !== LOADED_FORMAT || typeof json.name !== 'string' || !json.doc || !json.values) return undefined;
    const { format: _format, ...chart } = json;
    void _format;
    return { ...chart, passThrough: new Set(json.passThrough ?? []), notes: json.notes ?? [] };
  } catch {
    return undefined;
  }
}

// A chart's sub-charts (its `charts/` folder: folders or packaged .tgz, declared in Chart.yaml's dependencies or
// not) as helm sees their values: each sub-chart's values live under its key in the parent's values (the
// dependency's alias, else its name), where the parent's values.yaml may override its defaults, and helm checks
// them against the sub-chart's own values.schema.json; `global` is shared by all. Merged here into the parent's
// three trees (values structure, schema, documentation), so completion, hover and checks under
// `spec.values.<key>` read the sub-chart. One level deep: a sub-chart's own sub-charts stay free-form.
import type { SchemaNode } from '../schema/types';

/** What one sub-chart contributes, read from its own files. */
export interface Subchart {
  readonly name: string;
  /** Its values.yaml's structure. */
  readonly values: SchemaNode;
  readonly schema?: SchemaNode;
}

export interface Dependency {
  readonly name: string;
  readonly alias?: string;
}

/** Sub-charts read at most: a chart with more is checked with the first ones. */
export const MAX_SUBCHARTS = 50;

export interface Merged {
  readonly values: SchemaNode;
  readonly schema?: SchemaNode;
  /** The keys under which a sub-chart's values are known. */
  readonly keys: readonly string[];
}

/** The parent's values and schema with each sub-chart's put under its key(s); `global` merged from all. */
export function mergeSubcharts(values: SchemaNode, schema: SchemaNode | undefined, dependencies: readonly Dependency[], subcharts: readonly Subchart[]): Merged {
  if (!subcharts.length) return { values, schema, keys: [] };
  const valueProps: Record<string, SchemaNode> = { ...(values.properties ?? {}) };
  const schemaProps: Record<string, SchemaNode> = { ...(schema?.properties ?? {}) };
  let schemaTouched = false;
  const keys: string[] = [];
  for (const sub of subcharts.slice(0, MAX_SUBCHARTS)) {
    for (const key of keysOf(sub.name, dependencies)) {
      keys.push(key);
      // The parent's values.yaml overrides the sub-chart's defaults, key by key.
      valueProps[key] = overlay(withoutGlobal(sub.values), valueProps[key]);
      if (sub.schema) {
        schemaProps[key] = schemaProps[key] ? { ...schemaProps[key], ...sub.schema, properties: { ...(schemaProps[key].properties ?? {}), ...(sub.schema.properties ?? {}) } } : sub.schema;
        schemaTouched = true;
      }
    }
    const global = sub.values.properties?.global;
    if (global) valueProps.global = overlay(global, valueProps.global);
  }
  const mergedValues: SchemaNode = { ...values, type: 'object', properties: valueProps, additionalProperties: true };
  if (!schemaTouched) return { values: mergedValues, schema, keys };
  // A parent without a schema of its own: only its sub-charts' keys are judged, the rest stays open.
  const base = schema ?? { type: 'object', additionalProperties: true };
  return { values: mergedValues, schema: { ...base, properties: schemaProps }, keys };
}

/** A sub-chart's values without its `global`, which helm shares at the parent's top level instead. */
function withoutGlobal(values: SchemaNode): SchemaNode {
  if (!values.properties?.global) return values;
  const { global: _global, ...properties } = values.properties;
  void _global;
  return { ...values, properties };
}

/** The keys a sub-chart's values go under: each dependency entry naming it (by alias), else its own name. */
function keysOf(name: string, dependencies: readonly Dependency[]): string[] {
  const declared = dependencies.filter((d) => d.name === name).map((d) => d.alias ?? d.name);
  return declared.length ? [...new Set(declared)] : [name];
}

/** A values tree with another laid over it: `over`'s keys, comments and defaults win. */
export function overlay(base: SchemaNode, over: SchemaNode | undefined): SchemaNode {
  if (!over) return base;
  if (!base.properties || !over.properties) return { ...base, ...over };
  const properties: Record<string, SchemaNode> = { ...base.properties };
  for (const [key, child] of Object.entries(over.properties)) properties[key] = overlay(base.properties[key] ?? {}, child);
  const merged: SchemaNode = { ...base, ...over, properties };
  const bothDefaults = isRecord(base.default) && isRecord(over.default);
  if (bothDefaults) merged.default = { ...(base.default as object), ...(over.default as object) };
  else delete merged.default;
  return merged;
}

function isRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

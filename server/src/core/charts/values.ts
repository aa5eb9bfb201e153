// Completion and hover inside a HelmRelease's `spec.values` read the chart through the same schema walk as
// every other field: the release's kind schema with `spec.values` standing for the chart's values (from
// values.schema.json, documented by values.yaml, or values.yaml's structure alone).
import type { ServiceContext } from '../context';
import type { KindSchema, SchemaNode } from '../schema/types';
import type { ParsedDoc } from '../yaml/parse';
import type { LoadedChart } from './chart';
import { readyChart, VALUES_PATH } from './release';

/** The kind schema to read at `path`: the chart's values under `spec.values` when the chart is known. */
export function chartKindSchema(ctx: ServiceContext, uri: string, doc: ParsedDoc | undefined, path: readonly (string | number)[], base: KindSchema | undefined): KindSchema | undefined {
  if (!base || !doc || path.length < VALUES_PATH.length || path[0] !== VALUES_PATH[0] || path[1] !== VALUES_PATH[1]) return base;
  const chart = readyChart(ctx, uri, doc);
  return chart ? { ...base, schema: valuesWrapper(chart) } : base;
}

const wrappers = new WeakMap<LoadedChart, SchemaNode>();

/** A kind schema whose `spec.values` is the chart's values (cached per chart). */
export function valuesWrapper(chart: LoadedChart): SchemaNode {
  let wrapper = wrappers.get(chart);
  if (!wrapper) {
    wrapper = { type: 'object', properties: { spec: { type: 'object', properties: { values: { ...chart.doc, description: `The values of chart ${chart.name} ${chart.version}.` } } } } };
    wrappers.set(chart, wrapper);
  }
  return wrapper;
}

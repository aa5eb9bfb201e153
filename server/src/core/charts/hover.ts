// What hover says of a HelmRelease's chart: where it comes from and whether it is known (on the chart, its
// version, the chartRef or `spec.values`), or why it is not there.
import type { ServiceContext } from '../context';
import type { NodeHit } from '../yaml/ast';
import type { ParsedDoc } from '../yaml/parse';
import { describePlan } from './plan';
import { releaseChart } from './release';

const CHART_PATHS = [['spec', 'chart', 'spec', 'chart'], ['spec', 'chart', 'spec', 'version'], ['spec', 'chartRef'], ['spec', 'values']];

export function chartHover(ctx: ServiceContext, uri: string, doc: ParsedDoc, hit: NodeHit): string[] {
  const path = hit.path.map(String);
  if (!CHART_PATHS.some((p) => p.every((seg, i) => path[i] === seg) && (path.length === p.length || p[1] === 'chartRef'))) return [];
  const found = releaseChart(ctx, uri, doc);
  if (!found) return [];
  const { plan, state } = found;
  if (state.state === 'ready') {
    const { chart } = state;
    const schema = chart.schema ? 'values checked against its values.schema.json' : 'no values.schema.json: keys from its values.yaml';
    const notes = chart.notes.length ? `\n\nNot read: ${chart.notes.join('; ')}.` : '';
    const subs = chart.subcharts?.length ? ` Sub-charts read: ${chart.subcharts.map((k) => `\`${k}\``).join(', ')} (their values under their key, \`global\` shared).` : '';
    return [`**Chart** \`${chart.name}\` \`${chart.version}\` from ${chart.origin} (${schema}).${subs}${notes}`];
  }
  if (state.state === 'pending') return [`**Chart**: reading ${describePlan(plan)}…`];
  return [`**Chart** not available: ${state.reason.replace(/\.$/, '')}. Values are not checked against it.${plan.kind === 'none' ? '' : `\n\nIt would come from ${describePlan(plan)}.`}`];
}

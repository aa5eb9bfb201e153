// The chart of the HelmRelease a document defines, as the values features see it: its plan and state, and the
// document's `spec.values` node. Nothing here waits: a chart not known yet is simply not there.
import { isMap, type Node, type YAMLMap } from 'yaml';
import type { ServiceContext } from '../context';
import { modelOf, objectOfDoc } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { displayName } from '../workspace/paths';
import { nodeAtPath, pairOf } from '../yaml/ast';
import type { ParsedDoc } from '../yaml/parse';
import type { LoadedChart } from './chart';
import { chartPlan, type ChartPlan } from './plan';
import type { ChartAsker, ChartState } from './resolver';

export const VALUES_PATH = ['spec', 'values'] as const;

export interface ReleaseChart {
  readonly plan: ChartPlan;
  readonly state: ChartState;
}

/** The chart of a document's HelmRelease (starting its resolution when due); undefined for other documents. */
export function releaseChart(ctx: ServiceContext, uri: string, doc: ParsedDoc): ReleaseChart | undefined {
  if (!ctx.charts || doc.identity.kind !== 'HelmRelease') return undefined;
  const release = objectOfDoc(ctx.index, uri, doc.index);
  const plan = release ? chartPlan(ctx, release) : undefined;
  return plan && release ? { plan, state: ctx.charts.stateOf(plan, () => askerOf(ctx, release)) } : undefined;
}

/** Who a release is, for asking the cluster it runs in for its chart. */
export function askerOf(ctx: ServiceContext, release: IndexedObject): ChartAsker {
  const model = modelOf(ctx);
  const namespaces = release.namespace ? [release.namespace] : (model.structure.namespacesOf(release) ?? []);
  return { name: release.name, namespaces, clusters: [...model.structure.clustersOf(release.uri)].map(displayName).sort() };
}

/** The loaded chart of a document's HelmRelease, when it is known. */
export function readyChart(ctx: ServiceContext, uri: string, doc: ParsedDoc): LoadedChart | undefined {
  const found = releaseChart(ctx, uri, doc);
  return found?.state.state === 'ready' ? found.state.chart : undefined;
}

/** Whether a path (keys from the document root) is inside `spec.values`. */
export function inValues(path: readonly (string | number)[]): boolean {
  return path.length > VALUES_PATH.length && path[0] === VALUES_PATH[0] && path[1] === VALUES_PATH[1];
}

/** The `spec.values` mapping of a document and the range of its key. */
export function valuesNode(doc: ParsedDoc): { node: YAMLMap; keyRange: [number, number] } | undefined {
  const spec = nodeAtPath(doc.root, ['spec']);
  if (!isMap(spec)) return undefined;
  const pair = pairOf(spec, 'values');
  const node = pair?.value as Node | null | undefined;
  const key = pair?.key as Node | undefined;
  if (!isMap(node) || !key?.range) return undefined;
  return { node, keyRange: [key.range[0], key.range[1]] };
}

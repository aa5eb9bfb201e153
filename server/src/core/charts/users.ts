// Which files a chart concerns: the HelmReleases that use it and the ConfigMaps they read values from. The
// service asks to resolve them all (the checker, the server after indexing), to know which files to publish
// again when a chart's state changes, and whether a closed file's diagnostics need its parse.
import type { ServiceContext } from '../context';
import { modelOf } from '../refs/model';
import type { WorkspaceIndex } from '../workspace/index';
import type { Structure } from '../workspace/structure';
import { chartPlan } from './plan';
import { askerOf } from './release';
import { readersOf } from './valuesFrom';

/** Starts the resolution of every HelmRelease's chart in the index and settles when all have settled. */
export async function resolveAllCharts(ctx: ServiceContext): Promise<void> {
  if (!ctx.charts) return;
  for (const o of ctx.index.ofKind('HelmRelease')) {
    const plan = chartPlan(ctx, o);
    if (plan) ctx.charts.stateOf(plan, () => askerOf(ctx, o));
  }
  await ctx.charts.settled();
}

/** The files whose HelmReleases use one of these plans (to publish again when their chart changed). */
export function filesUsing(ctx: ServiceContext, keys: readonly string[]): string[] {
  const byKey = usesOf(ctx);
  const out = new Set<string>();
  for (const key of keys) for (const uri of byKey.get(key) ?? []) out.add(uri);
  return [...out];
}

interface Uses {
  readonly version: number;
  readonly structure: Structure;
  readonly byKey: ReadonlyMap<string, ReadonlySet<string>>;
}

const usesMemo = new WeakMap<WorkspaceIndex, Uses>();

/**
 * Plan key -> the files that use it, built once per index version: charts settle one by one, and each would
 * otherwise resolve every HelmRelease's plan again.
 */
function usesOf(ctx: ServiceContext): ReadonlyMap<string, ReadonlySet<string>> {
  const structure = modelOf(ctx).structure;
  const hit = usesMemo.get(ctx.index);
  if (hit && hit.version === ctx.index.version && hit.structure === structure) return hit.byKey;
  const byKey = new Map<string, Set<string>>();
  for (const o of ctx.index.ofKind('HelmRelease')) {
    const plan = chartPlan(ctx, o);
    if (!plan || plan.kind === 'none') continue;
    const out = byKey.get(plan.key) ?? new Set<string>();
    byKey.set(plan.key, out);
    out.add(o.uri);
    // The ConfigMaps it reads values from are checked against the chart too.
    for (const ref of o.facts.refs) {
      if (ref.spec.role !== 'valuesFrom' || (ref.kind ?? 'ConfigMap') !== 'ConfigMap') continue;
      for (const cm of ctx.index.named('ConfigMap', ref.name)) out.add(cm.uri);
    }
  }
  usesMemo.set(ctx.index, { version: ctx.index.version, structure, byKey });
  return byKey;
}

/** Whether a file's diagnostics need its parse: it defines a HelmRelease whose chart is known. */
export function chartChecksNeedParse(ctx: ServiceContext, uri: string): boolean {
  if (!ctx.charts) return false;
  // Until some chart is known no ConfigMap's readers need looking for (every ConfigMap of the workspace asks).
  const anyReady = ctx.charts.anyReady();
  return ctx.index.objectsIn(uri).some((o) => {
    if (o.kind === 'ConfigMap') return anyReady && readersOf(ctx, o).some((r) => r.chart);
    const plan = o.kind === 'HelmRelease' ? chartPlan(ctx, o) : undefined;
    return !!plan && ctx.charts!.stateOf(plan, () => askerOf(ctx, o)).state === 'ready';
  });
}

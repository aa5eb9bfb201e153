// The chart fetcher of the editor's server: the disk cache first (offline), then the cluster the release runs in,
// then the network when this session may use it. The cluster is asked through the client (ChartFromClusterRequest):
// the explorer brings source-controller's artifact, the exact chart the cluster runs, with no registry access from
// this machine; it joins the cache, so the next start finds it offline. The resolver asks at most once per chart
// per retry period, so a cluster that says no is not asked again and again.
import type { ChartAsker, ChartFetcher, FetchedChart, RemotePlan } from '../../core/charts/resolver';
import { loadChart } from '../../core/charts/chart';
import { describePlan } from '../../core/charts/plan';
import type { ChartFromClusterRequest } from '../../shared/protocol';
import { adoptClusterChart } from './adopt';
import { FetchError } from './http';

/** Asks the client's explorer for a release's chart; rejects when the client did not answer in time. */
export type AskCluster = (params: ChartFromClusterRequest.Params) => Promise<ChartFromClusterRequest.Result>;

export interface ClusterFetcherOptions {
  /** The chart cache, where a chart from the cluster is kept. */
  readonly cacheDir: string;
  /** The cache alone. */
  readonly offline: ChartFetcher;
  /** The cache, then the network when allowed (its error says why not). */
  readonly online: ChartFetcher;
  readonly ask: AskCluster;
}

export function clusterFirstFetcher(options: ClusterFetcherOptions): ChartFetcher {
  return {
    fetch: async (plan: RemotePlan, asker?: ChartAsker): Promise<FetchedChart> => {
      const cached = await options.offline.fetch(plan).catch(() => undefined);
      if (cached) return cached;
      if (!asker) return options.online.fetch(plan);
      const fromCluster = await chartFromCluster(options, plan, asker);
      if (typeof fromCluster !== 'string') return fromCluster;
      return options.online.fetch(plan).catch((err: Error) => {
        throw new FetchError(`${err.message}; from the cluster: ${fromCluster}`);
      });
    },
  };
}

/** The cluster's chart of a release, or why there is none. */
async function chartFromCluster(options: ClusterFetcherOptions, plan: RemotePlan, asker: ChartAsker): Promise<FetchedChart | string> {
  const params: ChartFromClusterRequest.Params = { release: { name: asker.name, namespaces: asker.namespaces }, clusters: asker.clusters, source: describePlan(plan) };
  let answer: ChartFromClusterRequest.Result;
  try {
    answer = await options.ask(params);
  } catch (err) {
    return `the editor did not answer (${(err as Error).message})`;
  }
  if ('reason' in answer) return answer.reason;
  const { chart } = answer;
  try {
    // The release runs this chart whatever name its source has here: it is used as it is, and kept for the next start.
    const { files, subcharts } = (await adoptClusterChart(options.cacheDir, chart)).chart;
    const origin = `context ${chart.context} (source-controller's artifact ${chart.version}, ${chart.digest.slice(0, 19)}), kept in the chart cache`;
    return { files, subcharts, origin, chart: loadChart(files, origin, subcharts) };
  } catch (err) {
    return `the chart from context ${chart.context} was not kept: ${(err as Error).message}`;
  }
}

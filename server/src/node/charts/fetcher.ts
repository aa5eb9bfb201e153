// The chart fetcher of a process: the disk cache first (offline), then the network when this session may use
// it (a trusted workspace in the editor; never in the checker), storing what it brings in the cache.
import type { ChartFetcher, FetchedChart, RemotePlan } from '../../core/charts/resolver';
import { loadChart } from '../../core/charts/chart';
import { ChartCache } from './cache';
import { downloadFromRepository } from './helmRepository';
import { FetchError } from './http';
import { DEFAULT_FETCH_LIMITS, type FetchLimits } from './limits';
import { downloadFromRegistry } from './oci';
import { unpackChartTree } from './unpack';

export interface FetcherOptions {
  /** The cache folder (the extension's global storage, or `--chart-cache`); none: no cache. */
  readonly cacheDir?: string;
  /** Whether the network may be used. */
  readonly network: boolean;
  /** Why the network is not used, for hovers ("the workspace is not trusted"). */
  readonly offlineReason?: string;
  readonly limits?: Partial<FetchLimits>;
}

export function chartFetcher(options: FetcherOptions): ChartFetcher {
  const limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  const cache = options.cacheDir ? new ChartCache(options.cacheDir) : undefined;
  return {
    fetch: async (plan: RemotePlan): Promise<FetchedChart> => {
      const source = sourceOf(plan);
      const cached = await cache?.lookup(source, plan.kind === 'oci' && plan.digest ? { manifest: plan.digest } : { range: rangeOf(plan) });
      if (cached) {
        const origin = `the chart cache (${cached.entry.version}, sha256:${cached.entry.sha256.slice(0, 12)})`;
        const loaded = await cache!.loaded(cached.entry.sha256);
        if (loaded) return { files: {}, origin, chart: { ...loaded, origin } };
        const { files, subcharts } = await unpackChartTree(cached.archive, limits);
        const chart = loadChart(files, origin, subcharts);
        await cache!.storeLoaded(cached.entry.sha256, chart).catch(() => undefined);
        return { files, subcharts, origin, chart };
      }
      if (!options.network) throw new FetchError(`not in the chart cache${cache ? '' : ' (none is set)'}, and ${options.offlineReason ?? 'this session does not use the network'}`);
      const got = plan.kind === 'helm' ? await downloadFromRepository(plan, limits) : await downloadFromRegistry(plan, limits);
      // Unpacked before it is stored, so a bad archive never enters the cache.
      const { files, subcharts } = await unpackChartTree(got.archive, limits);
      const chart = loadChart(files, got.url, subcharts);
      const entry = await cache?.store(source, got.version, got.archive, 'manifest' in got ? (got.manifest as string) : undefined);
      if (entry) await cache!.storeLoaded(entry.sha256, chart).catch(() => undefined);
      return { files, subcharts, origin: got.url, chart };
    },
  };
}

/** The cache's name for a plan's chart source (also used to find its archive for a render). */
export function sourceOf(plan: RemotePlan): string {
  return plan.kind === 'helm' ? `helm|${plan.url}|${plan.chart}` : `oci|${plan.url}`;
}

export function rangeOf(plan: RemotePlan): string {
  return plan.kind === 'helm' ? plan.version : (plan.tag ?? plan.semver ?? '*');
}

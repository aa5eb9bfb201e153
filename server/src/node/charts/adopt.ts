// A chart the explorer brought from the cluster (ClusterChartRequest) into the chart cache, under the
// name of the source the cluster read it from, so the fetcher's cache lookup finds it for every release of
// that source. The archive is checked against its digest and unpacked (within the limits) before it is kept.
import type { ClusterChartRequest } from '../../shared/protocol';
import type { RemotePlan } from '../../core/charts/resolver';
import { ChartCache, sha256 } from './cache';
import { sourceOf } from './fetcher';
import { FetchError } from './http';
import { DEFAULT_FETCH_LIMITS } from './limits';
import { unpackChartTree, type UnpackedChart } from './unpack';

/** The plan whose cache source is the one the cluster names (URLs spelt as plan.ts spells them). */
function planOf(source: ClusterChartRequest.Source, version: string): RemotePlan {
  if (source.kind === 'oci') return { kind: 'oci', key: '', url: source.url.replace(/\/+$/, ''), tag: version };
  return { kind: 'helm', key: '', url: source.url.replace(/\/+$/, ''), chart: source.chart, version };
}

export interface Adopted {
  /** The cache's name of the source it was kept as. */
  readonly source: string;
  readonly chart: UnpackedChart;
}

/** Keeps the chart in the cache; rejects (with the reason) an archive that is not what it says. */
export async function adoptClusterChart(cacheDir: string, p: ClusterChartRequest.Params): Promise<Adopted> {
  const archive = Buffer.from(p.archive, 'base64');
  if (archive.length > DEFAULT_FETCH_LIMITS.maxArchiveBytes) throw new FetchError(`the chart from ${p.context} is over the archive size limit`);
  if (p.digest !== `sha256:${sha256(archive)}`) throw new FetchError(`the chart from ${p.context} does not match its digest ${p.digest}`);
  const chart = await unpackChartTree(archive, DEFAULT_FETCH_LIMITS);
  const source = sourceOf(planOf(p.source, p.version));
  await new ChartCache(cacheDir).store(source, p.version, archive, p.manifest);
  return { source, chart };
}

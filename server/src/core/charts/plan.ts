// Where a HelmRelease's chart comes from, decided from the index alone: a chart folder of this repository (a
// GitRepository whose URL is this workspace's remote, or a path that holds a Chart.yaml here), a Helm
// repository over HTTP(S), or an OCI registry; else why none can be read. Each plan has a key, so a chart is
// fetched once however many releases use it.
import { matchRemote } from '../gitea/remote';
import { modelOf, type Model } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import { cleanRepoPath, joinPath } from '../workspace/paths';
import { CHART_FILE } from '../workspace/charts';
import type { ServiceContext } from '../context';

export type ChartPlan = LocalPlan | HelmRepoPlan | OciPlan | NoPlan;

export interface LocalPlan {
  readonly kind: 'local';
  readonly key: string;
  /** The chart folder's URI. */
  readonly dir: string;
}

export interface HelmRepoPlan {
  readonly kind: 'helm';
  readonly key: string;
  /** The repository's URL (where index.yaml is). */
  readonly url: string;
  readonly chart: string;
  /** A version or a semver range (`*` when none is written). */
  readonly version: string;
}

export interface OciPlan {
  readonly kind: 'oci';
  readonly key: string;
  /** `oci://host/repository/chart`. */
  readonly url: string;
  readonly tag?: string;
  readonly semver?: string;
  readonly digest?: string;
}

export interface NoPlan {
  readonly kind: 'none';
  readonly reason: string;
}

/** The plan of a HelmRelease; undefined for other objects. */
export function chartPlan(ctx: ServiceContext, release: IndexedObject): ChartPlan | undefined {
  if (release.kind !== 'HelmRelease' || release.group !== 'helm.toolkit.fluxcd.io') return undefined;
  return planOf(modelOf(ctx), release, 0);
}

function planOf(model: Model, o: IndexedObject, depth: number): ChartPlan {
  const chartRef = o.facts.refs.find((r) => r.spec.role === 'chart');
  if (chartRef) {
    const target = resolveRef(model, o, chartRef).targets[0];
    if (!target) return { kind: 'none', reason: `the ${chartRef.kind ?? 'chartRef'} "${chartRef.name}" is not defined in this repository` };
    if (target.kind === 'OCIRepository') return ociRepositoryPlan(target);
    if (target.kind === 'HelmChart' && depth === 0) return planOf(model, target, 1);
    return { kind: 'none', reason: `a chart from an ${target.kind} is only known to the cluster` };
  }
  const chart = o.facts.chart?.chart;
  if (!chart) return { kind: 'none', reason: 'no chart is named' };
  const version = o.facts.chart?.version?.trim() || '*';
  const sourceRef = o.facts.refs.find((r) => r.spec.role === 'source');
  const source = sourceRef ? resolveRef(model, o, sourceRef).targets[0] : undefined;
  if (source?.kind === 'HelmRepository') return helmRepositoryPlan(source, chart, version);
  if (source?.kind === 'GitRepository' || !source) return gitPlan(model, source, chart, sourceRef?.name);
  return { kind: 'none', reason: `a chart from a ${source.kind} is not read by the editor` };
}

function helmRepositoryPlan(repo: IndexedObject, chart: string, version: string): ChartPlan {
  const url = repo.facts.sourceUrl;
  if (!url) return { kind: 'none', reason: `the HelmRepository "${repo.name}" has no url` };
  if (repo.facts.chart?.type === 'oci' || url.startsWith('oci://')) {
    const ref = `${url.replace(/\/+$/, '')}/${chart}`;
    const exact = isExactVersion(version);
    return { kind: 'oci', key: `oci|${ref}|${version}`, url: ref, ...(exact ? { tag: version } : { semver: version }) };
  }
  if (!/^https?:\/\//.test(url)) return { kind: 'none', reason: `the HelmRepository url "${url}" is not http(s) or oci` };
  const base = url.replace(/\/+$/, '');
  return { kind: 'helm', key: `helm|${base}|${chart}|${version}`, url: base, chart, version };
}

function ociRepositoryPlan(repo: IndexedObject): ChartPlan {
  const url = repo.facts.sourceUrl;
  if (!url?.startsWith('oci://')) return { kind: 'none', reason: `the OCIRepository "${repo.name}" has no oci:// url` };
  const { tag, semver, digest } = repo.facts.chart ?? {};
  const pinned = digest ? { digest } : semver ? { semver } : { tag: tag ?? 'latest' };
  return { kind: 'oci', key: `oci|${url}|${digest ?? semver ?? tag ?? 'latest'}`, url, ...pinned };
}

/** A chart path in a Git source: a folder of this workspace when the source is this repository (or unknown here). */
function gitPlan(model: Model, source: IndexedObject | undefined, path: string, sourceName: string | undefined): ChartPlan {
  const url = source?.facts.git?.url?.value;
  const remote = url ? matchRemote(model.remotes, url) : undefined;
  // Without any remote known (a checkout without one), the workspace may still be that repository: look here.
  if (url && !remote && model.remotes.length) return { kind: 'none', reason: `the chart is in another Git repository (${url}), which the editor does not fetch` };
  const clean = cleanRepoPath(path);
  const roots = remote ? [remote.root] : model.structure.roots;
  for (const root of roots) {
    const dir = joinPath(root, clean);
    if (dir && model.index.has(`${dir}/${CHART_FILE}`)) return { kind: 'local', key: `local|${dir}`, dir };
  }
  const where = source ? `the GitRepository "${sourceName}"` : `"${sourceName ?? 'the source'}" (not defined here)`;
  return { kind: 'none', reason: `no ${CHART_FILE} at \`${path}\` in this workspace (source: ${where})` };
}

export function isExactVersion(version: string): boolean {
  return /^v?\d+\.\d+\.\d+(?:[-+][\w.+-]*)?$/.test(version.trim());
}

/** Where a plan reads from, for hovers. */
export function describePlan(plan: ChartPlan): string {
  switch (plan.kind) {
    case 'local': return `the chart folder ${plan.dir}`;
    case 'helm': return `\`${plan.chart}\` \`${plan.version}\` from the Helm repository ${plan.url}`;
    case 'oci': return `${plan.url} at \`${plan.digest ?? plan.semver ?? plan.tag}\``;
    case 'none': return 'nowhere the editor can read';
  }
}

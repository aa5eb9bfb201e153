// The columns of the fleet view: one per shown context, placed under the environment and region of the cluster
// folder it deploys (the `fluxGitops.clusterContexts` mapping, else by name) and the platform's `environments`.
// Pure: it reads names and settings only.
import type { FleetLayoutRequest } from '../../../server/src/shared/protocol';
import type { ClusterContexts } from './contexts';

export type FleetEnvironment = 'staging' | 'production' | 'other';

/** What the language server knows of the platform's layout (categories, environments, cluster folders, placements). */
export type FleetLayout = FleetLayoutRequest.Result;

/** The platform's categories when the language server has not told them (kept in step with its layout rules). */
export const DEFAULT_CATEGORIES: readonly string[] = ['network', 'security', 'database', 'middleware', 'storage', 'observability', 'autoscaling', 'workplace', 'organizations'];

export const EMPTY_LAYOUT: FleetLayout = { categories: DEFAULT_CATEGORIES, environments: {}, clusters: [], placements: [] };

export interface FleetColumn {
  readonly context: string;
  /** The cluster folder the context deploys, when one matches. */
  readonly cluster?: string;
  readonly environment: FleetEnvironment;
  readonly region: string;
}

const ENV_ORDER: Readonly<Record<FleetEnvironment, number>> = { staging: 0, production: 1, other: 2 };

/** The environment a name says, if it says one. */
function guessEnvironment(name: string): FleetEnvironment | undefined {
  if (/prod/i.test(name)) return 'production';
  if (/stag/i.test(name)) return 'staging';
  return undefined;
}

/** `eu-central-production` -> `eu-central`; a name that is nothing but its environment stays as it is. */
export function regionOf(name: string): string {
  const region = name
    .replace(/^[^@]*@/, '')
    .replace(/[-_.]?(production|prod|staging|stage|stg)(?=$|[-_.])/gi, '')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return region || name;
}

/** The cluster folder a context deploys: named in the mapping, else the longest folder name it matches. */
export function clusterOfContext(context: string, clusters: readonly string[], mapping: ClusterContexts): string | undefined {
  for (const [cluster, v] of Object.entries(mapping)) {
    if (v === context || (Array.isArray(v) && v.includes(context))) return cluster;
  }
  const c = context.toLowerCase();
  const matches = clusters.filter((f) => mapping[f] === undefined && (c === f.toLowerCase() || c.includes(f.toLowerCase())));
  return matches.sort((a, b) => b.length - a.length)[0];
}

export function fleetColumns(contexts: readonly string[], layout: FleetLayout, mapping: ClusterContexts = {}): FleetColumn[] {
  const columns = contexts.map((context): FleetColumn => {
    const cluster = clusterOfContext(context, layout.clusters, mapping);
    const environment = (cluster && (layout.environments[cluster] ?? guessEnvironment(cluster))) || guessEnvironment(context) || 'other';
    return { context, cluster, environment, region: regionOf(cluster ?? context) };
  });
  return columns.sort(
    (a, b) => ENV_ORDER[a.environment] - ENV_ORDER[b.environment] || a.region.localeCompare(b.region) || a.context.localeCompare(b.context),
  );
}

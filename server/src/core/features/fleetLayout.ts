// What the fleet view needs of the repository: the platform's categories, the environments of the cluster
// folders, and the category folder each Flux Kustomization and HelmRelease is declared in. From the index alone.
import type { FleetLayoutRequest } from '../../shared/protocol';
import { CATEGORIES, environmentOf, placementOf } from '../rules/layout';
import type { PlatformSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';

const FLEET_KINDS: readonly (readonly [string, string])[] = [
  ['kustomize.toolkit.fluxcd.io', 'Kustomization'],
  ['helm.toolkit.fluxcd.io', 'HelmRelease'],
];

export function fleetLayout(index: WorkspaceIndex, platform: PlatformSettings): FleetLayoutRequest.Result {
  const clusters = new Set<string>();
  for (const uri of index.uris()) {
    const cluster = placementOf(uri)?.cluster;
    if (cluster) clusters.add(cluster);
  }
  const placements: FleetLayoutRequest.Placement[] = [];
  for (const [group, kind] of FLEET_KINDS) {
    for (const o of index.ofKind(kind)) {
      const category = placementOf(o.uri)?.category;
      if (o.group !== group || !category || !(category in CATEGORIES)) continue;
      placements.push({ kind, namespace: o.namespace, name: o.name, category });
    }
  }
  // Every cluster folder's environment: configured, else what its name says.
  const environments: Record<string, 'staging' | 'production'> = {};
  for (const cluster of clusters) {
    const env = environmentOf(cluster, platform);
    if (env) environments[cluster] = env;
  }
  return {
    categories: Object.keys(CATEGORIES).filter((c) => c !== 'flux-system'),
    environments,
    clusters: [...clusters].sort(),
    placements,
  };
}

// What the fleet view needs of the repository: the platform's categories, the environments of the cluster
// folders, and the category folder each Flux Kustomization and HelmRelease is declared in. From the index alone.
import { imagesOf } from '../../shared/images';
import type { FleetLayoutRequest } from '../../shared/protocol';
import { CATEGORIES, environmentOf, placementOf } from '../rules/layout';
import type { PlatformSettings } from '../settings';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';

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
  const declared: FleetLayoutRequest.Declared[] = [];
  for (const [group, kind] of FLEET_KINDS) {
    for (const o of index.ofKind(kind)) {
      if (o.group !== group) continue;
      const where = placementOf(o.uri);
      if (where?.cluster) declared.push(declaration(o, where.cluster));
      const category = where?.category;
      if (!category || !(category in CATEGORIES)) continue;
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
    declared,
  };
}

/** What a manifest declares, from the index's facts (no parse): chart version, image tags, path. */
function declaration(o: IndexedObject, cluster: string): FleetLayoutRequest.Declared {
  const images = imagesOf(o.facts.kustomization?.renderSpec?.['images']);
  return {
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
    cluster,
    ...(o.facts.chart?.version ? { chartVersion: o.facts.chart.version } : {}),
    ...(images.length ? { images } : {}),
    ...(o.facts.kustomization?.path ? { path: o.facts.kustomization.path.value } : {}),
  };
}


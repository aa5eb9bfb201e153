// The platform's repository layout: flux/clusters/<cluster>/<category>/<component>/..., the categories and
// the components that belong in each (data, not code), and the environment of a cluster.
import type { PlatformSettings } from '../settings';
import { decodeUriPath } from '../workspace/uri';

export const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'flux-system': [],
  network: ['cilium', 'stunner', 'k8gb'],
  security: ['kyverno', 'external-secrets', 'cert-manager'],
  database: ['cnpg', 'ferretdb', 'valkey'],
  middleware: ['strimzi'],
  storage: ['seaweedfs', 'velero'],
  observability: ['grafana'],
  autoscaling: ['keda'],
  workplace: ['stalwart'],
  organizations: [],
};

/** Other names the components go by (Helm chart names). */
const ALIASES: Readonly<Record<string, string>> = {
  'cloudnative-pg': 'cnpg',
  'strimzi-kafka-operator': 'strimzi',
  'external-secrets-operator': 'external-secrets',
  'grafana-operator': 'grafana',
};

export interface Placement {
  readonly cluster: string;
  /** The folder under the cluster, when the file is in one. */
  readonly category?: string;
  /** The folder under the category, when the file is in one. */
  readonly component?: string;
}

/** Where a file sits in flux/clusters/<cluster>/<category>/<component>/, if it sits there at all. */
export function placementOf(uri: string): Placement | undefined {
  const parts = uri.split('/').map(decodeUriPath);
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i] !== 'flux' || parts[i + 1] !== 'clusters') continue;
    const rest = parts.slice(i + 2);
    if (rest.length < 2) return undefined;
    return { cluster: rest[0], category: rest.length > 2 ? rest[1] : undefined, component: rest.length > 3 ? rest[2] : undefined };
  }
  return undefined;
}

/** The known component a name stands for (`cilium`, `cloudnative-pg` -> cnpg, `cert-manager-csi` -> cert-manager). */
export function componentOf(name: string): string | undefined {
  const n = name.toLowerCase();
  if (ALIASES[n]) return ALIASES[n];
  for (const list of Object.values(CATEGORIES)) for (const c of list) if (n === c || n.startsWith(`${c}-`)) return c;
  return undefined;
}

export function categoryOfComponent(component: string): string | undefined {
  return Object.entries(CATEGORIES).find(([, list]) => list.includes(component))?.[0];
}

export type Environment = 'staging' | 'production';

/** The environment of a cluster: configured, else guessed from its name. */
export function environmentOf(cluster: string, platform: PlatformSettings): Environment | undefined {
  const configured = platform.environments[cluster];
  if (configured) return configured;
  if (/prod/i.test(cluster)) return 'production';
  if (/stag/i.test(cluster)) return 'staging';
  return undefined;
}

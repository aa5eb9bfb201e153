// Which objects produce Secrets and ConfigMaps besides the manifests of those kinds: a table, as data.
import { isSeq, type Node, type YAMLMap } from 'yaml';
import { nodeAtPath } from '../yaml/ast';
import { scalarString } from '../yaml/parse';
import type { Produced } from './facts';

interface Producer {
  readonly group: string;
  readonly kind: string;
  readonly produce: (root: YAMLMap, name: string) => Produced[];
}

const at = (root: YAMLMap, ...path: string[]) => scalarString(nodeAtPath(root, path));

const PRODUCERS: readonly Producer[] = [
  { group: '', kind: 'Secret', produce: (_r, name) => [{ kind: 'Secret', name }] },
  { group: '', kind: 'ConfigMap', produce: (_r, name) => [{ kind: 'ConfigMap', name }] },
  {
    group: 'external-secrets.io', kind: 'ExternalSecret',
    produce: (root, name) => {
      const policy = at(root, 'spec', 'target', 'creationPolicy') ?? 'Owner';
      if (policy === 'None' || policy === 'Merge') return [];
      return [{ kind: 'Secret', name: at(root, 'spec', 'target', 'name') ?? name, owner: policy === 'Owner' }];
    },
  },
  {
    group: 'external-secrets.io', kind: 'ClusterExternalSecret',
    produce: (root, name) => [{ kind: 'Secret', name: at(root, 'spec', 'externalSecretSpec', 'target', 'name') ?? at(root, 'spec', 'externalSecretName') ?? name, anyNamespace: true }],
  },
  {
    group: 'source.extensions.fluxcd.io', kind: 'ArtifactGenerator',
    produce: (root) => {
      const items = nodeAtPath(root, ['spec', 'artifacts']);
      return isSeq(items) ? items.items.flatMap((i) => {
        const name = scalarString(nodeAtPath(i as Node, ['name']));
        return name ? [{ kind: 'ExternalArtifact', name }] : [];
      }) : [];
    },
  },
  { group: 'cert-manager.io', kind: 'Certificate', produce: (root) => secretNamed(at(root, 'spec', 'secretName')) },
  { group: 'bitnami.com', kind: 'SealedSecret', produce: (root, name) => [{ kind: 'Secret', name: at(root, 'spec', 'template', 'metadata', 'name') ?? name }] },
  { group: 'onepassword.com', kind: 'OnePasswordItem', produce: (_r, name) => [{ kind: 'Secret', name }] },
  { group: 'secrets.hashicorp.com', kind: 'VaultStaticSecret', produce: (root) => secretNamed(at(root, 'spec', 'destination', 'name')) },
  { group: 'secrets.hashicorp.com', kind: 'VaultDynamicSecret', produce: (root) => secretNamed(at(root, 'spec', 'destination', 'name')) },
];

function secretNamed(name: string | undefined): Produced[] {
  return name ? [{ kind: 'Secret', name }] : [];
}

export function producedBy(group: string, kind: string, root: YAMLMap, name: string): Produced[] {
  const p = PRODUCERS.find((x) => x.kind === kind && x.group === group);
  return p && name !== undefined ? p.produce(root, name) : [];
}

// Which objects produce Secrets and ConfigMaps besides the manifests of those kinds: a table, as data.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
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
      return [{ kind: 'Secret', name: at(root, 'spec', 'target', 'name') ?? name, owner: policy === 'Owner', keys: externalSecretKeys(root) }];
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

/**
 * The keys of the Secret an ExternalSecret writes, when the manifest alone says them: `spec.data[].secretKey`,
 * or the template's `data` keys (with the data keys too when the template merges). Undefined when `dataFrom` or
 * `templateFrom` decide them at run time.
 */
function externalSecretKeys(root: YAMLMap): readonly string[] | undefined {
  if (nodeAtPath(root, ['spec', 'dataFrom'])) return undefined;
  const data = nodeAtPath(root, ['spec', 'data']);
  const secretKeys = isSeq(data) ? data.items.flatMap((i) => scalarString(nodeAtPath(i as Node, ['secretKey'])) ?? []) : [];
  const template = nodeAtPath(root, ['spec', 'target', 'template']);
  if (!template) return secretKeys;
  if (nodeAtPath(root, ['spec', 'target', 'template', 'templateFrom'])) return undefined;
  const templateData = nodeAtPath(root, ['spec', 'target', 'template', 'data']);
  if (!isMap(templateData)) return secretKeys;
  const templateKeys = templateData.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []));
  return at(root, 'spec', 'target', 'template', 'mergePolicy') === 'Merge' ? [...secretKeys, ...templateKeys] : templateKeys;
}

function secretNamed(name: string | undefined): Produced[] {
  return name ? [{ kind: 'Secret', name }] : [];
}

export function producedBy(group: string, kind: string, root: YAMLMap, name: string): Produced[] {
  const p = PRODUCERS.find((x) => x.kind === kind && x.group === group);
  return p && name !== undefined ? p.produce(root, name) : [];
}

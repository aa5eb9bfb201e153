// What a Flux Operator instance declares for the cluster it runs in: a FluxInstance's `spec.sync`, or the same
// values under `instance.sync` of a HelmRelease of the `flux-instance` chart. The operator creates from it a
// source (GitRepository, OCIRepository or Bucket) and a root Kustomization, both named `sync.name` or else
// after the instance's namespace (as `flux bootstrap` names them), in that namespace.
import { isMap, type Node, type YAMLMap } from 'yaml';
import { nodeAtPath, type PathSegment } from '../yaml/ast';
import { scalarString, type ParsedFile } from '../yaml/parse';
import type { Produced, SyncFacts, ValueFact } from './facts';

const OPERATOR = 'fluxcd.controlplane.io';
const HELM = 'helm.toolkit.fluxcd.io';
const SOURCE_KINDS = new Set(['GitRepository', 'OCIRepository', 'Bucket']);
/** The namespace the operator runs in by default; an instance without a written namespace lands there. */
const DEFAULT_NAMESPACE = 'flux-system';

const str = (root: Node | undefined, path: readonly PathSegment[]) => scalarString(nodeAtPath(root, path));

function valueAt(file: ParsedFile, root: Node, path: readonly PathSegment[]): ValueFact | undefined {
  const node = nodeAtPath(root, path);
  const value = scalarString(node);
  if (value === undefined || !node?.range) return undefined;
  return { value, span: { start: node.range[0], end: node.range[1], range: file.lines.range(node.range[0], node.range[1]) } };
}

/** Where the sync block sits in a document of this kind, or undefined when the kind declares no instance. */
function syncPath(group: string, kind: string, root: YAMLMap): PathSegment[] | undefined {
  if (group === OPERATOR && kind === 'FluxInstance') return ['spec', 'sync'];
  if (group === HELM && kind === 'HelmRelease' && isFluxInstanceChart(root)) return ['spec', 'values', 'instance', 'sync'];
  return undefined;
}

/** A HelmRelease of the flux-instance chart: by chart name, or by the name of the chartRef's source. */
export function isFluxInstanceChart(root: YAMLMap): boolean {
  const chart = str(root, ['spec', 'chart', 'spec', 'chart']) ?? str(root, ['spec', 'chartRef', 'name']) ?? '';
  return /(^|\/)flux-instance$/.test(chart);
}

/** The namespace the instance (and so what it creates) lives in. */
function instanceNamespace(group: string, root: YAMLMap): string {
  const target = group === HELM ? str(root, ['spec', 'targetNamespace']) ?? str(root, ['spec', 'storageNamespace']) : undefined;
  return target ?? str(root, ['metadata', 'namespace']) ?? DEFAULT_NAMESPACE;
}

export function syncFacts(file: ParsedFile, group: string, kind: string, root: YAMLMap): SyncFacts | undefined {
  const at = syncPath(group, kind, root);
  if (!at) return undefined;
  const sync = nodeAtPath(root, at) as Node | undefined;
  if (!isMap(sync)) return undefined;
  const sourceKind = str(sync, ['kind']);
  if (!sourceKind || !SOURCE_KINDS.has(sourceKind)) return undefined;
  const namespace = instanceNamespace(group, root);
  return {
    kind: sourceKind,
    name: str(sync, ['name']) ?? namespace,
    namespace,
    url: str(sync, ['url']),
    ref: str(sync, ['ref']),
    path: valueAt(file, sync, ['path']),
  };
}

/** The objects the operator creates from a sync block, for references to resolve against. */
export function syncProduces(sync: SyncFacts | undefined): Produced[] {
  if (!sync) return [];
  return [
    { kind: sync.kind, name: sync.name, namespace: sync.namespace },
    { kind: 'Kustomization', name: sync.name, namespace: sync.namespace },
  ];
}

// Extraction of the facts of one document at index time (see facts.ts). Reads the syntax tree without
// converting it to JS; never reads the values of a Secret's data, only its keys.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { kindsNamed, splitApiVersion, type RefSpec } from '../../shared/kinds';
import { nodeAtPath, nodesAtPattern, pairOf, type PathSegment } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import type { FluxKustomizationFacts, GitRepositoryFacts, ObjectFacts, Produced, RefFact, Span, ValueFact } from './facts';
import { markerRefs, varUses } from './scan';
import { producedBy } from './producers';
import { syncFacts, syncProduces } from './operator';
import { versionDeclarations } from './declarations';
import { crdFacts, isCrd } from './crds';
import { chartFacts } from '../charts/facts';

export function spanOf(file: ParsedFile, node: Node | null | undefined, fallback = 0): Span {
  const start = node?.range ? node.range[0] : fallback;
  const end = node?.range ? node.range[1] : fallback;
  return { start, end, range: file.lines.range(start, end) };
}

export function str(root: Node | null | undefined, path: readonly PathSegment[]): string | undefined {
  return scalarString(nodeAtPath(root, path));
}

export function valueAt(file: ParsedFile, root: Node | null | undefined, path: readonly PathSegment[]): ValueFact | undefined {
  const node = nodeAtPath(root, path);
  const value = scalarString(node);
  return value === undefined ? undefined : { value, span: spanOf(file, node) };
}

export function mapKeys(node: Node | null | undefined): string[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []));
}

export function stringItems(node: Node | null | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((i) => {
    const s = scalarString(i as Node);
    return s === undefined ? [] : [s];
  });
}

export function objectFacts(file: ParsedFile, doc: ParsedDoc): ObjectFacts {
  const root = doc.root!;
  const { apiVersion = '', kind = '' } = doc.identity;
  const group = splitApiVersion(apiVersion).group;
  const info = kindsNamed(kind).find((k) => k.group === group);
  const refs = [...(info?.refs ?? []).flatMap((spec) => refsOf(file, root, spec)), ...markerRefs(file, doc)];
  const sync = syncFacts(file, group, kind, root);
  const declares = versionDeclarations(file, doc, group, kind, root);
  const chart = chartFacts(group, kind, root);
  return {
    ...(chart ? { chart } : {}),
    refs,
    vars: varUses(file, doc),
    produces: [...producedBy(group, kind, root, doc.identity.name ?? ''), ...syncProduces(sync)],
    ...(sync ? { sync } : {}),
    ...(declares.length ? { declares } : {}),
    ...(isCrd(group, kind) ? { crd: crdFacts(file, doc, root) } : {}),
    dataKeys: group === '' && (kind === 'ConfigMap' || kind === 'Secret') ? [...mapKeys(nodeAtPath(root, ['data'])), ...mapKeys(nodeAtPath(root, ['stringData']))] : undefined,
    substitutionDisabled: str(root, ['metadata', 'annotations', 'kustomize.toolkit.fluxcd.io/substitute']) === 'disabled'
      || str(root, ['metadata', 'labels', 'kustomize.toolkit.fluxcd.io/substitute']) === 'disabled',
    kustomization: group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization' ? fluxKustomization(file, root) : undefined,
    git: group === 'source.toolkit.fluxcd.io' && kind === 'GitRepository' ? gitRepository(file, root) : undefined,
    sourceUrl: group === 'source.toolkit.fluxcd.io' && kind !== 'GitRepository' ? (str(root, ['spec', 'url']) ?? str(root, ['spec', 'endpoint'])) : undefined,
    ...(group === 'notification.toolkit.fluxcd.io' && kind === 'Provider' ? { provider: { type: str(root, ['spec', 'type']), address: str(root, ['spec', 'address']) } } : {}),
  };
}

function refsOf(file: ParsedFile, root: YAMLMap, spec: RefSpec): RefFact[] {
  const out: RefFact[] = [];
  for (const { node, path } of nodesAtPattern(root, spec.path)) {
    const ref = refAt(file, node, path, spec);
    if (ref) out.push(ref);
  }
  return out;
}

function refAt(file: ParsedFile, node: Node, path: PathSegment[], spec: RefSpec): RefFact | undefined {
  const field = path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1);
  if (isScalar(node)) {
    const name = scalarString(node);
    return name ? { spec, field, name, optional: false, span: spanOf(file, node), wildcard: name.includes('*') } : undefined;
  }
  if (!isMap(node)) return undefined;
  const nameNode = pairOf(node, 'name')?.value;
  const name = scalarString(nameNode);
  const labelsOnly = !name && (!!pairOf(node, 'matchLabels') || !!pairOf(node, 'selector') || !!pairOf(node, 'labelSelector'));
  if (!name && !labelsOnly) return undefined;
  return {
    spec,
    field,
    kind: spec.hasKind ? str(node, ['kind']) : undefined,
    name: name ?? '*',
    namespace: spec.crossNamespace ? str(node, ['namespace']) : undefined,
    optional: str(node, ['optional']) === 'true',
    span: spanOf(file, nameNode ?? node, node.range?.[0]),
    wildcard: labelsOnly || (name ?? '').includes('*'),
    ...(spec.keyField ? { key: keyOf(file, node, spec.keyField) } : {}),
  };
}

function keyOf(file: ParsedFile, node: YAMLMap, field: { name: string; default: string }): RefFact['key'] {
  const written = pairOf(node, field.name)?.value as Node | undefined;
  const value = scalarString(written);
  return value === undefined ? { value: field.default } : { value, span: spanOf(file, written) };
}

function fluxKustomization(file: ParsedFile, root: YAMLMap): FluxKustomizationFacts {
  const postBuild = nodeAtPath(root, ['spec', 'postBuild']);
  return {
    path: valueAt(file, root, ['spec', 'path']),
    targetNamespace: str(root, ['spec', 'targetNamespace']),
    postBuild: !!postBuild,
    substitute: mapKeys(nodeAtPath(root, ['spec', 'postBuild', 'substitute'])),
    components: stringItems(nodeAtPath(root, ['spec', 'components'])),
    interval: str(root, ['spec', 'interval']),
    renderSpec: renderSpecOf(root),
  };
}

/** The spec fields a render takes, as JSON; left out when they are absurdly large (the render then uses none). */
const RENDER_FIELDS = ['targetNamespace', 'namePrefix', 'nameSuffix', 'patches', 'images', 'components', 'commonMetadata', 'postBuild'];
const MAX_RENDER_SPEC = 256 * 1024;

function renderSpecOf(root: YAMLMap): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const field of RENDER_FIELDS) {
    const node = nodeAtPath(root, ['spec', field]);
    if (node === undefined || node === null) continue;
    try {
      out[field] = (node as { toJSON(): unknown }).toJSON();
    } catch {
      return undefined;
    }
  }
  if (!Object.keys(out).length) return undefined;
  return JSON.stringify(out).length > MAX_RENDER_SPEC ? undefined : out;
}

function gitRepository(file: ParsedFile, root: YAMLMap): GitRepositoryFacts {
  return {
    url: valueAt(file, root, ['spec', 'url']),
    branch: str(root, ['spec', 'ref', 'branch']),
    tag: str(root, ['spec', 'ref', 'tag']),
    semver: str(root, ['spec', 'ref', 'semver']),
    commit: str(root, ['spec', 'ref', 'commit']),
    refName: str(root, ['spec', 'ref', 'name']),
    interval: str(root, ['spec', 'interval']),
    secretName: str(root, ['spec', 'secretRef', 'name']),
  };
}

export type { Produced };

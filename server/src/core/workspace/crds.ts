// CustomResourceDefinitions in the workspace (vendored CRDs, a chart's crds/): each is converted at index time
// by the same converter the schema build uses, so the kinds it defines get schemas like the pinned ones.
import type { YAMLMap } from 'yaml';
import { convertCrd } from '../../../../tools/schemas/convert.mjs';
import { textHash } from '../text';
import { nodeAtPath } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import type { KindSchema } from '../schema/types';
import type { CrdFacts } from './facts';

const str = (root: YAMLMap, path: string[]) => scalarString(nodeAtPath(root, path));

/** A CRD document larger than this is not used as a schema (a clear note instead of a slow server). */
export const MAX_CRD_BYTES = 2 * 1024 * 1024;

export function isCrd(group: string, kind: string): boolean {
  return group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition';
}

export function crdFacts(file: ParsedFile, doc: ParsedDoc, root: YAMLMap): CrdFacts | undefined {
  const group = str(root, ['spec', 'group']);
  const kind = str(root, ['spec', 'names', 'kind']);
  if (!group || !kind) return undefined;
  const hash = textHash(file.text.slice(doc.start, doc.end));
  const origin = `workspace CRD ${file.uri.split('/').slice(-3).join('/')}`;
  const size = doc.end - doc.start;
  return { group, kind, hash, ...crdSchemas(size, kind, origin, () => doc.doc.toJS({ maxAliasCount: 100 })) };
}

/**
 * The served kinds of one CRD, converted by the schema build's own converter, or why it cannot be used. Both the
 * workspace's CRDs and a cluster's (schema/clusterCrds.ts) come through here, with the same size limit.
 * @param size the CRD's length in its text (YAML or JSON); over MAX_CRD_BYTES it is not converted.
 */
export function crdSchemas(size: number, kind: string, origin: string, crd: () => unknown): { kinds: KindSchema[]; problem?: string } {
  if (size > MAX_CRD_BYTES) {
    return { kinds: [], problem: `This CustomResourceDefinition is over ${MAX_CRD_BYTES / 1024 / 1024} MiB; its schema is not used to check ${kind} manifests.` };
  }
  try {
    return { kinds: convertCrd(crd(), origin).filter((k) => k.served && k.kind && k.version).map(withTypeMeta) };
  } catch (err) {
    return { kinds: [], problem: `The schema of this CustomResourceDefinition could not be read (${(err as Error).message}); ${kind} manifests are not checked against it.` };
  }
}

/** The API server takes `apiVersion` and `kind` in every object, whether or not a CRD's schema declares them. */
function withTypeMeta(k: KindSchema): KindSchema {
  const properties = k.schema.properties ?? {};
  if (properties.apiVersion && properties.kind) return k;
  const typeMeta = { apiVersion: { type: 'string' as const }, kind: { type: 'string' as const } };
  return { ...k, schema: { ...k.schema, properties: { ...typeMeta, ...properties } } };
}

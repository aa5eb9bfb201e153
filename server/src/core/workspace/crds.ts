// CustomResourceDefinitions in the workspace (vendored CRDs, a chart's crds/): each is converted at index time
// by the same converter the schema build uses, so the kinds it defines get schemas like the pinned ones.
import type { YAMLMap } from 'yaml';
import { convertCrd } from '../../../../tools/schemas/convert.mjs';
import { textHash } from '../text';
import { nodeAtPath } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
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
  if (doc.end - doc.start > MAX_CRD_BYTES) {
    return { group, kind, hash, kinds: [], problem: `This CustomResourceDefinition is over ${MAX_CRD_BYTES / 1024 / 1024} MiB; its schema is not used to check ${kind} manifests.` };
  }
  try {
    const origin = `workspace CRD ${file.uri.split('/').slice(-3).join('/')}`;
    const kinds = convertCrd(doc.doc.toJS({ maxAliasCount: 100 }), origin).filter((k) => k.served && k.kind && k.version);
    return { group, kind, hash, kinds };
  } catch (err) {
    return { group, kind, hash, kinds: [], problem: `The schema of this CustomResourceDefinition could not be read (${(err as Error).message}); ${kind} manifests are not checked against it.` };
  }
}

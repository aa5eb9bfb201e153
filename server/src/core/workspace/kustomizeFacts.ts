// The facts of a kustomize kustomization.yaml: what it includes, which files it applies as patches, the
// namespace it sets and the Secrets / ConfigMaps its generators make.
import { isMap, isSeq, type Node } from 'yaml';
import { nodeAtPath } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import { str, stringItems } from './extract';
import type { GeneratorInput, KustomizeFacts, Produced } from './facts';
import { isKustomizationFile } from './paths';

export function isKustomizeDoc(file: ParsedFile, doc: ParsedDoc): boolean {
  const api = doc.identity.apiVersion;
  if (api) return api.startsWith('kustomize.config.k8s.io/');
  return isKustomizationFile(file.uri) && !!doc.root;
}

export function kustomizeFacts(doc: ParsedDoc): KustomizeFacts {
  const root = doc.root;
  return {
    namespace: str(root, ['namespace']),
    resources: [...stringItems(nodeAtPath(root, ['resources'])), ...stringItems(nodeAtPath(root, ['bases']))],
    components: stringItems(nodeAtPath(root, ['components'])),
    patches: [
      ...itemPaths(nodeAtPath(root, ['patches'])),
      ...itemPaths(nodeAtPath(root, ['patchesJson6902'])),
      // patchesStrategicMerge items are file paths or inline patches; only single-line items are paths.
      ...stringItems(nodeAtPath(root, ['patchesStrategicMerge'])).filter((p) => !p.includes('\n') && !p.includes(': ')),
    ],
    generated: [...generated(nodeAtPath(root, ['secretGenerator']), 'Secret'), ...generated(nodeAtPath(root, ['configMapGenerator']), 'ConfigMap')],
    inputs: [...inputs(nodeAtPath(root, ['configMapGenerator']), false), ...inputs(nodeAtPath(root, ['secretGenerator']), true)],
  };
}

/** The files generators read: `files` (`[key=]path`), `envs` and the older `env`. */
function inputs(node: Node | undefined, secret: boolean): GeneratorInput[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((i) => {
    if (!isMap(i)) return [];
    const files = stringItems(nodeAtPath(i as Node, ['files'])).map((f) => f.slice(f.indexOf('=') + 1));
    const envs = [...stringItems(nodeAtPath(i as Node, ['envs'])), ...[scalarString(nodeAtPath(i as Node, ['env']))].flatMap((e) => (e ? [e] : []))];
    return [...files, ...envs].map((path) => ({ path, secret }));
  });
}

function itemPaths(node: Node | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((i) => {
    const p = isMap(i) ? scalarString(nodeAtPath(i as Node, ['path'])) : undefined;
    return p ? [p] : [];
  });
}

function generated(node: Node | undefined, kind: 'Secret' | 'ConfigMap'): Produced[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((i) => {
    const name = isMap(i) ? scalarString(nodeAtPath(i as Node, ['name'])) : undefined;
    return name ? [{ kind, name }] : [];
  });
}

// The shared corpora (real repositories nobody here wrote) as a render file set: for the comparison test and
// the render bench.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { RenderRequest } from '../../../server/src/core/render/types';

export const CORPORA = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpora');
const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Every file of the corpora, keyed by its path under the corpora folder. */
export function readCorpora(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else found.set(path.relative(CORPORA, file), readFileSync(file, 'utf8'));
    }
  };
  walk(CORPORA);
  return found;
}

/** The folders of a file set that hold a kustomization file, sorted. */
export function kustomizationFolders(files: Map<string, string>): string[] {
  return [...new Set([...files.keys()].filter((f) => KUSTOMIZATION_FILE.test(f)).map((f) => path.dirname(f)))].sort();
}

interface FluxSpec {
  path?: string;
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: RenderRequest['patches'];
  images?: RenderRequest['images'];
  components?: string[];
  commonMetadata?: RenderRequest['commonMetadata'];
  postBuild?: { substitute?: Record<string, string>; substituteFrom?: unknown[] };
}

/**
 * A render request for each Flux Kustomization of the file set, from its spec, its path taken from the root of
 * the corpus it is in (the first path segment). Substitutions from ConfigMaps or Secrets count as unknown.
 */
export function fluxKustomizations(files: Map<string, string>): RenderRequest[] {
  const requests: RenderRequest[] = [];
  for (const [file, text] of files) {
    if (!/\.ya?ml$/.test(file) || !text.includes('kustomize.toolkit.fluxcd.io')) continue;
    const corpus = file.split('/')[0];
    for (const doc of parseAllDocuments(text)) {
      const object = (doc as { toJS?: () => unknown }).toJS?.() as { apiVersion?: string; kind?: string; spec?: FluxSpec } | undefined;
      if (object?.kind !== 'Kustomization' || !object.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') || !object.spec?.path) continue;
      requests.push(requestOf(corpus, object.spec));
    }
  }
  return requests;
}

function requestOf(corpus: string, spec: FluxSpec): RenderRequest {
  const { postBuild, path: specPath, ...fields } = spec;
  const request: RenderRequest = { path: path.posix.join(corpus, specPath!) };
  for (const key of ['targetNamespace', 'namePrefix', 'nameSuffix', 'patches', 'images', 'components', 'commonMetadata'] as const) {
    if (fields[key] !== undefined) Object.assign(request, { [key]: fields[key] });
  }
  if (postBuild) {
    request.substitute = Object.fromEntries(Object.entries(postBuild.substitute ?? {}).map(([k, v]) => [k, String(v)]));
    request.unknownVariables = (postBuild.substituteFrom?.length ?? 0) > 0;
  }
  return request;
}

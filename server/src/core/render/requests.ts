// What one render of a Flux Kustomization asks the engine: the folder its path lands on and the spec fields
// kustomize-controller merges into the build, from the manifest or, for a child Kustomization, from its
// parent's rendered output (where the parent's patches have reached it).
import type { Model } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import type { RenderPaths } from './paths';
import type { RenderImage, RenderPatch, RenderRequest } from './types';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    const s = text(x);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

export function renderRequest(model: Model, ks: IndexedObject, dir: string, spec: Json, paths: RenderPaths): RenderRequest | undefined {
  const path = paths.toRender(dir);
  if (path === undefined) return undefined;
  const req: RenderRequest = { path };
  for (const field of ['targetNamespace', 'namePrefix', 'nameSuffix'] as const) {
    const v = text(spec[field]);
    if (v) req[field] = v;
  }
  const patches = records(spec.patches).flatMap((p): RenderPatch[] => {
    const patch = text(p.patch);
    return patch ? [{ patch, ...(isRecord(p.target) ? { target: stringMap(p.target) } : {}) }] : [];
  });
  if (patches.length) req.patches = patches;
  const images = records(spec.images).flatMap((i): RenderImage[] => {
    const name = text(i.name);
    return name ? [{ name, newName: text(i.newName), newTag: text(i.newTag), digest: text(i.digest) }] : [];
  });
  if (images.length) req.images = images;
  const components = Array.isArray(spec.components) ? spec.components.flatMap((c) => text(c) ?? []) : [];
  if (components.length) req.components = components;
  if (isRecord(spec.commonMetadata)) {
    req.commonMetadata = { labels: stringMap(spec.commonMetadata.labels), annotations: stringMap(spec.commonMetadata.annotations) };
  }
  if (isRecord(spec.postBuild)) Object.assign(req, substitution(model, ks, spec.postBuild));
  return req;
}

/**
 * Post-build variables: `substitute` values as written, and the keys of the substituteFrom ConfigMaps and
 * Secrets the repository defines, whose values are unknown here (a Secret's are never read): they stay as
 * written in the output, defined. A source whose keys cannot be known makes every variable "defined".
 */
function substitution(model: Model, ks: IndexedObject, postBuild: Json): Pick<RenderRequest, 'substitute' | 'unknownVariables'> {
  const substitute: Record<string, string> = {};
  let unknown = false;
  for (const from of records(postBuild.substituteFrom)) {
    const keys = sourceKeys(model, ks, text(from.kind) ?? 'ConfigMap', text(from.name) ?? '');
    if (keys === undefined) {
      if (text(from.optional) !== 'true') unknown = true;
      continue;
    }
    for (const k of keys) substitute[k] = `\${${k}}`;
  }
  Object.assign(substitute, stringMap(postBuild.substitute));
  return unknown ? { substitute, unknownVariables: true } : { substitute };
}

/** The data keys of the ConfigMap or Secret a substituteFrom names, undefined when they cannot be known. */
function sourceKeys(model: Model, ks: IndexedObject, kind: string, name: string): readonly string[] | undefined {
  const home = (o: IndexedObject) => model.structure.sameCluster(o.uri, ks.uri);
  const defined = [...model.index.named(kind, name)].filter((o) => o.group === '' && home(o));
  // A ConfigMap or Secret manifest counts itself among the producers of its name: only the others are producers here.
  const produced = [...model.index.producersOf(kind, name)].filter((o) => home(o) && !(o.group === '' && o.kind === kind));
  if (!defined.length && !produced.length) return undefined;
  const keys = new Set<string>();
  for (const o of defined) {
    if (!o.facts.dataKeys) return undefined;
    o.facts.dataKeys.forEach((k) => keys.add(k));
  }
  for (const p of produced) {
    const made = p.facts.produces.find((x) => x.kind === kind && x.name === name);
    if (!made?.keys) return undefined;
    made.keys.forEach((k) => keys.add(k));
  }
  return [...keys];
}

// What one HelmRelease render asks the helm engine, from the manifest as written: the chart (a folder of this
// repository, or the archive the chart cache holds once resolution brought it), the values merged in
// helm-controller's order with the ConfigMaps of the repository, the release's name and namespace, and the
// Kubernetes version of its capabilities. Also the post-renderers for the kustomize renderer.
import { parse as parseYaml } from 'yaml';
import type { ServiceContext } from '../context';
import { chartPlan } from '../charts/plan';
import { askerOf } from '../charts/release';
import type { Model } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import { releaseIdentity, type ReleaseIdentity } from './helmNames';
import type { PostRenderer, ReleaseChart, ReleaseRequest } from './helmTypes';
import { mergeReleaseValues, type ValuesSource } from './helmValues';
import type { RenderImage, RenderPatch } from './types';

type Json = Record<string, unknown>;

/** Capabilities of this Kubernetes version unless the file's profile says otherwise (its schemas' k8s.io/kubernetes). */
export const DEFAULT_KUBE_VERSION = 'v1.36.0';

/** The Kubernetes version of the profile a file is checked with. */
export function kubeVersionOf(ctx: ServiceContext, uri: string): string {
  const version = ctx.schemasFor(uri).generatedFrom['k8s.io/kubernetes'];
  return version && /^v?\d+\.\d+/.test(version) ? (version.startsWith('v') ? version : `v${version}`) : DEFAULT_KUBE_VERSION;
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ReleaseInput {
  readonly request: ReleaseRequest;
  readonly identity: ReleaseIdentity;
  readonly postRenderers: readonly PostRenderer[];
  /** What the render cannot know (a Secret's values), said in the output. */
  readonly notes: readonly string[];
}

/** Reads one object's document of the workspace as JSON (the scheduler reads open documents first). */
export type ReadObject = (o: IndexedObject) => Promise<Json | undefined>;

/** Where the chart can be read now, or why it cannot (yet). */
export function releaseChart(ctx: ServiceContext, hr: IndexedObject): ReleaseChart | { reason: string; pending?: boolean } {
  const plan = chartPlan(ctx, hr);
  if (!plan) return { reason: 'not a HelmRelease' };
  if (plan.kind === 'none') return { reason: plan.reason };
  if (plan.kind === 'local') return { kind: 'folder', dir: plan.dir };
  const state = ctx.charts?.stateOf(plan, () => askerOf(ctx, hr));
  if (!state) return { reason: 'charts are not resolved in this session' };
  if (state.state === 'pending') return { reason: 'the chart is being resolved', pending: true };
  if (state.state === 'failed') return { reason: state.reason };
  return { kind: 'cache', plan };
}

export async function releaseInput(model: Model, hr: IndexedObject, doc: Json, chart: ReleaseChart, read: ReadObject, kubeVersion = DEFAULT_KUBE_VERSION): Promise<ReleaseInput> {
  const spec = isRecord(doc.spec) ? doc.spec : {};
  const identity = releaseIdentity(hr.name, hr.namespace ?? model.structure.namespacesOf(hr)?.[0] ?? 'default', { releaseName: str(spec.releaseName), targetNamespace: str(spec.targetNamespace) });
  const sources = await valuesSources(model, hr, spec, read);
  const merged = mergeReleaseValues(sources, isRecord(spec.values) ? spec.values : {});
  const install = isRecord(spec.install) ? spec.install : {};
  const request: ReleaseRequest = {
    chart,
    values: merged.values,
    releaseName: identity.name,
    namespace: identity.namespace,
    kubeVersion,
    ...(install.disableSchemaValidation === true ? { skipSchemaValidation: true } : {}),
    ...(install.crds === 'Skip' ? { skipCRDs: true } : {}),
  };
  return { request, identity, postRenderers: postRenderersOf(spec), notes: merged.notes };
}

/** Each valuesFrom entry: the ConfigMap key's text when the repository defines it, else why it is unknown. */
async function valuesSources(model: Model, hr: IndexedObject, spec: Json, read: ReadObject): Promise<ValuesSource[]> {
  const refs = hr.facts.refs.filter((r) => r.spec.role === 'valuesFrom');
  const out: ValuesSource[] = [];
  for (const entry of records(spec.valuesFrom)) {
    const kind = str(entry.kind) ?? 'ConfigMap';
    const name = str(entry.name) ?? '';
    const key = str(entry.valuesKey) ?? 'values.yaml';
    const what = `${kind} ${name} (key ${key})`;
    if (kind !== 'ConfigMap') {
      out.push({ kind: 'unknown', why: `the values of ${what} are unknown here: Secrets are never read` });
      continue;
    }
    const ref = refs.find((r) => r.name === name && (r.kind ?? 'ConfigMap') === kind);
    const target = ref ? resolveRef(model, hr, ref).targets[0] : undefined;
    const data = target ? (await read(target))?.data : undefined;
    const text = isRecord(data) ? str(data[key]) : undefined;
    if (text === undefined) {
      out.push({ kind: 'unknown', why: `the values of ${what} are unknown here: ${target ? 'the key is not in it' : 'it is not defined in this repository'}` });
      continue;
    }
    const targetPath = str(entry.targetPath);
    out.push({ kind: 'data', text, parse: (t) => parseYaml(t, { maxAliasCount: 100 }), ...(targetPath ? { targetPath, literal: entry.literal === true } : {}) });
  }
  return out;
}

function postRenderersOf(spec: Json): PostRenderer[] {
  return records(spec.postRenderers).flatMap((r): PostRenderer[] => {
    const k = isRecord(r.kustomize) ? r.kustomize : undefined;
    if (!k) return [];
    const patches = records(k.patches).flatMap((p): RenderPatch[] => {
      const patch = str(p.patch);
      return patch ? [{ patch, ...(isRecord(p.target) ? { target: p.target as RenderPatch['target'] } : {}) }] : [];
    });
    const images = records(k.images).flatMap((i): RenderImage[] => {
      const name = str(i.name);
      return name ? [{ name, newName: str(i.newName), newTag: str(i.newTag), digest: str(i.digest) }] : [];
    });
    return patches.length || images.length ? [{ patches, images }] : [];
  });
}

// What helm-controller does to a release's manifest after helm renders it (internal/postrender): each
// `spec.postRenderers[].kustomize` in turn, through the kustomize renderer (a kustomization of its own holding
// the manifest as its one resource, with the patches and images), then `spec.commonMetadata` and the origin
// labels `helm.toolkit.fluxcd.io/name` and `/namespace` on every object.
import { stringify } from 'yaml';
import type { PostRenderer } from './helmTypes';
import type { RenderedObject, RenderResult, RenderService } from './types';

type Json = Record<string, unknown>;

/** The render tree's folder post-renders use; no workspace folder is named like it. */
export const POST_RENDER_DIR = '.flux-gitops-post-render';

export async function postRender(engine: RenderService, key: string, objects: readonly RenderedObject[], renderers: readonly PostRenderer[]): Promise<RenderResult> {
  let current: RenderedObject[] = [...objects];
  let millis = 0;
  const dir = `${POST_RENDER_DIR}/${key}`;
  const files = [`${dir}/kustomization.yaml`, `${dir}/helm-output.yaml`];
  try {
    for (const r of renderers) {
      const manifest = current.map((o) => `---\n${stringify(o.object, { lineWidth: 0 })}`).join('');
      engine.syncFiles(new Map([[files[0], 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- helm-output.yaml\n'], [files[1], manifest]]));
      const result = await engine.render({ path: dir, patches: [...r.patches], images: [...r.images] });
      millis += result.millis;
      if (result.error) return { objects: [], error: { ...result.error, message: `post-renderer: ${result.error.message}`, path: undefined }, millis };
      current = keepOrigins(result.objects, current);
    }
  } finally {
    engine.syncFiles(new Map(files.map((f) => [f, null])));
  }
  return { objects: current, millis };
}

/** The template each object came from, as before the post-render (kustomize only knows the synthetic file). */
function keepOrigins(after: readonly RenderedObject[], before: readonly RenderedObject[]): RenderedObject[] {
  const id = (o: RenderedObject) => `${o.kind}|${o.namespace ?? ''}|${o.name}`;
  const origins = new Map(before.map((o) => [id(o), o.origin]));
  return after.map((o) => {
    const origin = origins.get(id(o));
    const { origin: _synthetic, ...rest } = o;
    void _synthetic;
    return origin ? { ...rest, origin } : rest;
  });
}

/** commonMetadata and the origin labels, which helm-controller applies after every other post-renderer. */
export function withReleaseMetadata(objects: readonly RenderedObject[], hr: { name: string; namespace: string }, common?: { labels?: Json; annotations?: Json }): RenderedObject[] {
  const origin = { 'helm.toolkit.fluxcd.io/name': hr.name, 'helm.toolkit.fluxcd.io/namespace': hr.namespace };
  return objects.map((o) => {
    const meta = typeof o.object.metadata === 'object' && o.object.metadata ? (o.object.metadata as Json) : {};
    const labels = { ...(meta.labels as Json | undefined), ...strings(common?.labels), ...origin };
    const annotations = common?.annotations ? { ...(meta.annotations as Json | undefined), ...strings(common.annotations) } : meta.annotations;
    const metadata = { ...meta, labels, ...(annotations ? { annotations } : {}) };
    return { ...o, object: { ...o.object, metadata } };
  });
}

function strings(v: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}

// What a HelmRelease render asks and answers: plain data between the core (which builds the request from the
// manifest and learns the release's objects) and the helm engine in node/ (which reads the chart's bytes and
// runs helm's template engine compiled to WebAssembly, tools/render/helm). No node or editor imports here.
import type { RemotePlan } from '../charts/resolver';
import type { RenderImage, RenderPatch, RenderResult } from './types';

/** Where the chart's files are: a chart folder of the workspace, or an archive the chart cache holds. */
export type ReleaseChart =
  | { readonly kind: 'folder'; readonly dir: string }
  | { readonly kind: 'cache'; readonly plan: RemotePlan };

/** One release as helm-controller installs it. */
export interface ReleaseRequest {
  readonly chart: ReleaseChart;
  /** The values the HelmRelease supplies (valuesFrom, then spec.values); helm merges them over the chart's defaults. */
  readonly values: Record<string, unknown>;
  readonly releaseName: string;
  readonly namespace: string;
  /** The Kubernetes version templates see in `.Capabilities` (e.g. v1.36.0). */
  readonly kubeVersion: string;
  /** `spec.install.disableSchemaValidation`. */
  readonly skipSchemaValidation?: boolean;
  /** `spec.install.crds: Skip`: the chart's crds/ are not applied. */
  readonly skipCRDs?: boolean;
}

/** A render's answer: the objects of the release's manifest (hooks and NOTES.txt left out), or helm's error. */
export interface ReleaseResult extends RenderResult {
  /** The manifest as helm stores it (`# Source:` comments), the input of post-renderers. */
  manifest?: string;
  /** The hooks left out of the manifest (helm runs them apart), as "Kind name (template)". */
  hooks?: string[];
  /** `<name>-<version>` of the chart rendered. */
  chart?: string;
}

/** The helm engine (node/render/helmEngine.ts); tests can feed fixed results. */
export interface ReleaseEngine {
  render(request: ReleaseRequest): Promise<ReleaseResult>;
  /**
   * A key that changes when the chart's files change (a folder's sizes and times, an archive's digest),
   * undefined when the chart cannot be read; renders are repeated only when it or the request changed.
   */
  chartKey(chart: ReleaseChart): Promise<string | undefined>;
  dispose(): void;
}

/** What `spec.postRenderers[].kustomize` asks of the kustomize renderer. */
export interface PostRenderer {
  readonly patches: readonly RenderPatch[];
  readonly images: readonly RenderImage[];
}

// Keeps the renders of the workspace's HelmReleases current, like the kustomize scheduler does for Flux
// Kustomizations: after indexing, after every change and when a chart is resolved, each HelmRelease whose chart
// can be read (a chart folder of this repository, or the chart cache) is rendered again when its request or its
// chart changed. What it renders joins the reference checks (helmChecks.ts); helm's errors go on the HelmRelease.
import type { Range } from 'vscode-languageserver-types';
import { isNode, parseAllDocuments } from 'yaml';
import type { ServiceContext } from '../context';
import type { Logger } from '../logger';
import { modelOf, type Model } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import { postRender, withReleaseMetadata } from './helmPostRender';
import { kubeVersionOf, releaseChart, releaseInput, type ReleaseInput } from './helmRequests';
import type { ReleaseEngine, ReleaseResult } from './helmTypes';
import { SerialPasses } from './passes';
import { buildKey, VersionedStore } from './store';
import { LineIndex } from '../yaml/lines';
import type { RenderService } from './types';

type Json = Record<string, unknown>;

export interface ReleaseRender {
  readonly hrUri: string;
  readonly hrDoc: number;
  readonly inputKey: string;
  readonly input: ReleaseInput;
  readonly result: ReleaseResult;
  /** Where the manifest names the chart (`spec.chart.spec.chart`, or `spec.chartRef.name`), for helm's errors. */
  readonly chartRange?: Range;
  /** What the inputs were read from (the files' index entries or open texts, the chart's key): equal, nothing is read again. */
  readonly stamps?: readonly unknown[];
}

/** The renders of HelmReleases, by `uri#doc` of the HelmRelease. */
export class ReleaseStore extends VersionedStore<ReleaseRender> {}

export interface ReleaseSchedulerDeps {
  readonly ctx: ServiceContext;
  readonly engine: ReleaseEngine;
  /** The kustomize renderer, for post-renderers (none: a release with post-renderers says it cannot apply them). */
  readonly kustomize?: RenderService;
  readonly store: ReleaseStore;
  readonly openDoc: (uri: string) => { readonly text: string } | undefined;
  readonly onRendered: (uris: readonly string[]) => void;
  readonly logger: Logger;
}

/** Engine failures in a row after which release renders are off for the session. */
const MAX_ENGINE_FAILURES = 3;

export class ReleaseScheduler {
  private readonly passes: SerialPasses;

  constructor(private readonly d: ReleaseSchedulerDeps) {
    this.passes = new SerialPasses(() => this.pass(), (err) => d.logger.error('HelmRelease renders are off for this session', err));
  }

  update(): Promise<void> {
    return this.passes.run();
  }

  private async pass(): Promise<void> {
    const { ctx, store } = this.d;
    const model = modelOf(ctx);
    const live = new Set<string>();
    let failures = 0;
    for (const hr of ctx.index.ofKind('HelmRelease')) {
      if (hr.group !== 'helm.toolkit.fluxcd.io' || model.structure.isPatch(hr.uri)) continue;
      const key = buildKey(hr.uri, hr.docIndex);
      const chart = releaseChart(ctx, hr);
      if ('reason' in chart) {
        // A chart still being resolved keeps the render it had; one that cannot be read has none.
        if (chart.pending && store.get(key)) live.add(key);
        continue;
      }
      live.add(key);
      const chartKey = await this.d.engine.chartKey(chart);
      const kubeVersion = kubeVersionOf(ctx, hr.uri);
      const stamps = [chartKey, kubeVersion, ...[hr.uri, ...valuesFromUris(model, hr)].map((uri) => this.d.openDoc(uri)?.text ?? ctx.index.entry(uri))];
      const before = store.get(key);
      if (before?.stamps && sameStamps(before.stamps, stamps)) continue;
      const read = await this.readDocAt(hr);
      if (!read) continue;
      const doc = read.json;
      const input = await releaseInput(model, hr, doc, chart, (o) => this.readDoc(o), kubeVersion);
      const inputKey = `${chartKey}\0${JSON.stringify(input.request)}\0${JSON.stringify(input.postRenderers)}\0${JSON.stringify(doc.spec && (doc.spec as Json).commonMetadata)}`;
      if (before?.inputKey === inputKey) {
        store.set(key, { ...before, stamps });
        continue;
      }
      const result = await this.renderRelease(hr, doc, input);
      if (result.error?.engine === 'failed') {
        if (++failures >= MAX_ENGINE_FAILURES) throw new Error(result.error.message);
        this.d.logger.warn(`Rendering HelmRelease ${hr.name} failed: ${result.error.message}`);
        continue;
      }
      failures = 0;
      store.set(key, { hrUri: hr.uri, hrDoc: hr.docIndex, inputKey, input, result, stamps, ...(read.chartRange ? { chartRange: read.chartRange } : {}) });
      this.d.onRendered(affected(ctx, hr, before?.result, result));
    }
    for (const key of [...store.keys()]) {
      if (live.has(key)) continue;
      const gone = store.get(key)!;
      store.delete(key);
      this.d.onRendered([gone.hrUri]);
    }
  }

  /** helm, then the post-renderers and the labels helm-controller adds. */
  private async renderRelease(hr: IndexedObject, doc: Json, input: ReleaseInput): Promise<ReleaseResult> {
    const result = await this.d.engine.render(input.request);
    if (result.error) return result;
    let objects = result.objects;
    if (input.postRenderers.length) {
      if (!this.d.kustomize) return { ...result, objects: [], error: { message: 'the post-renderers cannot be applied: the kustomize renderer is not running' } };
      const post = await postRender(this.d.kustomize, `${hr.namespace ?? '_'}-${hr.name}-${hr.docIndex}`, objects, input.postRenderers);
      if (post.error) return { ...result, objects: [], error: post.error };
      objects = post.objects;
    }
    const spec = (doc.spec ?? {}) as Json;
    const common = typeof spec.commonMetadata === 'object' && spec.commonMetadata ? (spec.commonMetadata as Json) : undefined;
    const hrNamespace = hr.namespace ?? input.identity.namespace;
    return { ...result, objects: withReleaseMetadata(objects, { name: hr.name, namespace: hrNamespace }, common as { labels?: Json; annotations?: Json }) };
  }

  /** One object's document as JSON: the open document's text, else the file's. */
  private async readDoc(o: IndexedObject): Promise<Json | undefined> {
    return (await this.readDocAt(o))?.json;
  }

  /** The document as JSON, and where it names its chart. */
  private async readDocAt(o: IndexedObject): Promise<{ json: Json; chartRange?: Range } | undefined> {
    const text = this.d.openDoc(o.uri)?.text ?? (await this.d.ctx.host.readFile(o.uri));
    if (text === undefined) return undefined;
    try {
      const docs = parseAllDocuments(text);
      const doc = Array.isArray(docs) ? docs[o.docIndex] : undefined;
      const json = doc?.toJS({ maxAliasCount: 100 }) as unknown;
      if (!doc || !json || typeof json !== 'object' || Array.isArray(json)) return undefined;
      const chart = doc.getIn(['spec', 'chart', 'spec', 'chart'], true) ?? doc.getIn(['spec', 'chartRef', 'name'], true);
      const range = isNode(chart) ? chart.range : undefined;
      const lines = range ? new LineIndex(text) : undefined;
      return { json: json as Json, ...(range && lines ? { chartRange: { start: lines.positionAt(range[0]), end: lines.positionAt(range[1]) } } : {}) };
    } catch {
      return undefined;
    }
  }
}

/** The files of the ConfigMaps a HelmRelease's valuesFrom names. */
function valuesFromUris(model: Model, hr: IndexedObject): string[] {
  return hr.facts.refs.filter((r) => r.spec.role === 'valuesFrom').flatMap((r) => resolveRef(model, hr, r).targets.map((t) => t.uri));
}

function sameStamps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The HelmRelease's file, and the files that refer to a name the release renders (now or before). */
function affected(ctx: ServiceContext, hr: IndexedObject, before: ReleaseResult | undefined, after: ReleaseResult): string[] {
  const names = new Set([...(before?.objects ?? []), ...after.objects].map((o) => o.name));
  const uris = new Set([hr.uri]);
  for (const name of names) for (const uri of ctx.index.referrersOf(name)) uris.add(uri);
  return [...uris];
}

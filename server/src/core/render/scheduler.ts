// Keeps the renders of the workspace's Flux Kustomizations current: after indexing and after every change it
// sends the render engine the files that changed, then renders again only the Kustomizations whose input
// changed, parents before children (a child's spec comes from its parent's output, patches applied). The
// fast index answers meanwhile; the checks switch to a build's render once it is there (render/checks.ts).
import type { ServiceContext } from '../context';
import type { Logger } from '../logger';
import { modelOf, type Model } from '../refs/model';
import { textHash } from '../text';
import type { FileEntry, IndexedObject } from '../workspace/index';
import { dirOf, joinPath } from '../workspace/paths';
import type { FluxBuild } from '../workspace/structure';
import { RenderPaths } from './paths';
import { renderedSchemaFindings } from './renderedSchema';
import { renderRequest } from './requests';
import { SerialPasses } from './passes';
import { buildKey, type BuildRender, type RenderStore } from './store';
import type { RenderedObject, RenderRequest, RenderResult, RenderService } from './types';

/** The engine's answers of one pass, by input key. */
type PassResults = Map<string, Promise<RenderResult>>;

export interface SchedulerDeps {
  readonly ctx: ServiceContext;
  readonly engine: RenderService;
  readonly store: RenderStore;
  /** The editor's version and text of an open document, undefined when it is not open. */
  readonly openDoc: (uri: string) => { readonly version: number; readonly text: string; readonly hash?: number } | undefined;
  /** The hash of a file's text as the index took it (its entry is the stamp the pass compares), if indexed. */
  readonly indexedHash?: (uri: string) => number | undefined;
  /** Files whose diagnostics may have changed because a render did. */
  readonly onRendered: (uris: readonly string[]) => void;
  readonly logger: Logger;
}

/** Engine failures in a row (no render in between) after which renders are off for the session. */
const MAX_ENGINE_FAILURES = 3;
/** The module cannot load at all: renders are off for the session (said once). */
const UNAVAILABLE = /^the render module could not be loaded/;

/** Builds taking in more files are not rendered: 1,000 files take seconds even natively, 10,000 minutes. */
export const MAX_BUILD_FILES = 2_000;

/** Files read per turn of the event loop while syncing (reads are synchronous on disk). */
const READS_PER_TURN = 32;
/** Work of one turn while syncing, at most (texts are hashed on the main loop). */
const TURN_MS = 8;

export class RenderScheduler {
  private readonly passes: SerialPasses;
  private readonly sent = new Map<string, number>();
  private readonly seen = new Map<string, FileEntry | string>();

  constructor(private readonly d: SchedulerDeps) {
    // A module that cannot load (or a broken worker) turns renders off; the fast index goes on alone.
    this.passes = new SerialPasses(
      () => this.pass(),
      (err) => {
        d.logger.error('Rendering is off for this session; checks use the fast index alone', err);
        d.store.clear();
      },
    );
  }

  /** Renders what changed; concurrent calls coalesce into one more pass. Settles when the renders are current. */
  update(): Promise<void> {
    return this.passes.run();
  }

  /** A plain `kustomize build` of a folder (a kustomization.yaml no Flux Kustomization builds), with the current files. */
  async renderFolder(dir: string): Promise<RenderResult> {
    const path = new RenderPaths(this.d.ctx.host.roots()).toRender(dir);
    if (path === undefined) return { objects: [], error: { message: 'the folder is outside the workspace' }, millis: 0 };
    if (this.passes.isStopped) return { objects: [], error: { message: 'rendering is off in this session (see the Flux GitOps output)' }, millis: 0 };
    await this.update();
    return this.d.engine.render({ path });
  }

  private async pass(): Promise<void> {
    const model = modelOf(this.d.ctx);
    const paths = new RenderPaths(this.d.ctx.host.roots());
    await this.sync(model, paths);
    const live = new Set<string>();
    const failures = { inARow: 0 };
    const results: PassResults = new Map();
    // A level's builds have their parents in the levels before: an engine with several processes renders them side by side.
    for (const level of parentsFirstLevels(model)) {
      await eachAtMost(level, this.d.engine.concurrency ?? 1, (b) => this.renderBuild(model, paths, b, live, failures, results));
    }
    for (const key of [...this.d.store.keys()]) if (!live.has(key)) this.d.store.delete(key);
  }

  private async renderBuild(model: Model, paths: RenderPaths, b: FluxBuild, live: Set<string>, failures: { inARow: number }, results: PassResults): Promise<void> {
    const key = buildKey(b.ks.uri, b.ks.docIndex);
    live.add(key);
    const spec = this.effectiveSpec(model, b);
    const request = spec && b.dir ? renderRequest(model, b.ks, b.dir, spec, paths) : undefined;
    if (!request) return;
    // What the build reads: its files and the files their generators read (a configMapGenerator's .lua file).
    const read = [...b.files].sort().flatMap((f) => [f, ...generatorInputs(model, f).map((i) => i.uri)]);
    const inputKey = `${JSON.stringify(request)}\0${read.map((f) => this.sent.get(f) ?? 0).join(',')}`;
    if (this.d.store.get(key)?.inputKey === inputKey) return;
    // kustomize's work grows faster than the files a build takes in: a huge folder is not tried (a note says so).
    const result = b.files.size > MAX_BUILD_FILES ? tooLarge(request.path, b.files.size) : await this.renderOnce(request, inputKey, results);
    if (result.error?.engine === 'failed') {
      // Not kustomize's verdict: the checks of this build stay with the fast index. An engine that keeps
      // failing (a module or a process that cannot start) turns renders off rather than retrying forever.
      if (this.d.store.get(key)) this.d.store.delete(key);
      if (UNAVAILABLE.test(result.error.message) || ++failures.inARow >= MAX_ENGINE_FAILURES) throw new Error(result.error.message);
      this.d.logger.warn(`Rendering ${request.path} failed: ${result.error.message}`);
      return;
    }
    failures.inARow = 0;
    const before = this.d.store.get(key);
    const render = await this.withSchemaFindings(renderOf(b, inputKey, result, paths), paths);
    this.d.store.set(key, render);
    // The files of the build are re-checked only when what the checks read of the render changed.
    this.d.onRendered(before && checkedFacts(before) === checkedFacts(render) ? [b.ks.uri] : [b.ks.uri, ...b.files]);
  }

  /**
   * The engine's answer for an input, asked once per pass: copies of one Kustomization (the same request over
   * the same file texts, e.g. a file of a thousand identical documents) share one render.
   */
  private renderOnce(request: RenderRequest, inputKey: string, results: PassResults): Promise<RenderResult> {
    let result = results.get(inputKey);
    if (!result) {
      result = this.d.engine.render(request, inputKey);
      results.set(inputKey, result);
    }
    return result;
  }

  /** The render with its objects checked against their schemas (render/renderedSchema.ts). */
  private async withSchemaFindings(render: BuildRender, paths: RenderPaths): Promise<BuildRender> {
    if (render.result.error) return render;
    const textOf = async (uri: string) => this.d.openDoc(uri)?.text ?? (await this.d.ctx.host.readFile(uri));
    return { ...render, schemaFindings: await renderedSchemaFindings(this.d.ctx, render, paths, { textOf }) };
  }

  /** The Kustomization's spec as its parent rendered it (patches applied), else as written. */
  private effectiveSpec(model: Model, b: FluxBuild): Record<string, unknown> | undefined {
    for (const parent of model.structure.fluxBuildsOf(b.ks.uri)) {
      const render = this.d.store.get(buildKey(parent.ks.uri, parent.ks.docIndex));
      const rendered = render && !render.result.error ? renderedSelf(render.byUri.get(b.ks.uri) ?? [], b.ks) : undefined;
      const spec = rendered?.object.spec;
      if (spec && typeof spec === 'object') return spec as Record<string, unknown>;
    }
    return { ...(b.ks.facts.kustomization?.renderSpec ?? {}) };
  }

  /** Sends the engine every workspace file whose text changed since the last pass, and the files now gone. */
  private async sync(model: Model, paths: RenderPaths): Promise<void> {
    const delta = new Map<string, string | null>();
    const wanted = new Set<string>();
    const queue: { uri: string; secret: boolean; stamp: FileEntry | string | undefined }[] = [];
    for (const uri of model.index.uris()) {
      wanted.add(uri);
      const open = this.d.openDoc(uri);
      const stamp = open === undefined ? model.index.entry(uri) : `open:${open.version}`;
      if (stamp !== this.seen.get(uri)) queue.push({ uri, secret: false, stamp });
      for (const input of generatorInputs(model, uri)) {
        if (wanted.has(input.uri)) continue;
        wanted.add(input.uri);
        queue.push({ uri: input.uri, secret: input.secret, stamp: input.secret ? 'secret' : this.d.ctx.host.stamp?.(input.uri) });
      }
    }
    let turn = performance.now();
    for (let i = 0; i < queue.length; i++) {
      const { uri, secret, stamp } = queue[i];
      if (stamp !== undefined && stamp === this.seen.get(uri)) continue;
      // A secretGenerator's files hold Secret values: never read, they are rendered empty.
      const open = secret ? undefined : this.d.openDoc(uri);
      const text = secret ? '' : (open?.text ?? (await this.d.ctx.host.readFile(uri)));
      const at = paths.toRender(uri);
      if (at === undefined) continue;
      if (stamp !== undefined) this.seen.set(uri, stamp);
      if (text === undefined) continue;
      // An open document's hash is the one its checks computed already, a closed file's the one its indexing did
      // (a multi-MB text is hashed once).
      const hash = open?.hash ?? (secret ? undefined : this.d.indexedHash?.(uri)) ?? textHash(text);
      if (this.sent.get(uri) !== hash) {
        delta.set(at, text);
        this.sent.set(uri, hash);
      }
      // Requests are answered between turns: a turn reads at most READS_PER_TURN files, or hashes for TURN_MS.
      if (i % READS_PER_TURN === READS_PER_TURN - 1 || performance.now() - turn > TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
    }
    for (const uri of [...this.sent.keys()]) {
      if (wanted.has(uri)) continue;
      const at = paths.toRender(uri);
      if (at !== undefined) delta.set(at, null);
      this.sent.delete(uri);
      this.seen.delete(uri);
    }
    if (delta.size) this.d.engine.syncFiles(delta);
  }
}

function tooLarge(path: string, files: number): RenderResult {
  const message = `the build takes in ${files.toLocaleString('en-US')} files, more than the ${MAX_BUILD_FILES.toLocaleString('en-US')} a render takes`;
  return { objects: [], error: { message, path, engine: 'too-large' }, millis: 0 };
}

/** Files a kustomization's generators read, as URIs. */
function generatorInputs(model: Model, uri: string): { uri: string; secret: boolean }[] {
  const facts = model.index.kustomizeIn(uri);
  if (!facts?.inputs?.length) return [];
  return facts.inputs.flatMap((i) => {
    const target = joinPath(dirOf(uri), i.path);
    return target ? [{ uri: target, secret: i.secret }] : [];
  });
}

/** The local builds with a folder, each after every build whose output holds its Kustomization. */
function parentsFirst(model: Model): FluxBuild[] {
  const all = new Set([...model.structure.allFluxBuilds()].filter((b) => b.dir && b.local !== 'no'));
  const done = new Set<FluxBuild>();
  const out: FluxBuild[] = [];
  const visit = (b: FluxBuild, depth: number) => {
    if (done.has(b) || depth > 64) return;
    done.add(b);
    for (const p of model.structure.fluxBuildsOf(b.ks.uri)) if (p !== b && p.dir) visit(p, depth + 1);
    out.push(b);
  };
  for (const b of all) visit(b, 0);
  return out.filter((b) => all.has(b));
}

/** parentsFirst in levels: a build's level is one more than its deepest parent's. */
function parentsFirstLevels(model: Model): FluxBuild[][] {
  const depth = new Map<FluxBuild, number>();
  const levels: FluxBuild[][] = [];
  for (const b of parentsFirst(model)) {
    const parents = model.structure.fluxBuildsOf(b.ks.uri).filter((p) => p !== b && depth.has(p));
    const d = parents.length ? Math.max(...parents.map((p) => depth.get(p)!)) + 1 : 0;
    depth.set(b, d);
    (levels[d] ??= []).push(b);
  }
  return levels.filter((l) => l.length);
}

/** Runs `fn` over the items with at most `n` in flight; the first failure rejects once the others settle. */
async function eachAtMost<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
  const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The Kustomization object a parent rendered from this manifest (its name may carry a prefix or suffix). */
function renderedSelf(objects: readonly RenderedObject[], ks: IndexedObject): RenderedObject | undefined {
  const candidates = objects.filter((o) => o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'));
  return candidates.find((o) => o.name === ks.name) ?? candidates.find((o) => o.name.includes(ks.name));
}

function renderOf(b: FluxBuild, inputKey: string, result: RenderResult, paths: RenderPaths): BuildRender {
  const byUri = new Map<string, RenderedObject[]>();
  for (const o of result.objects) {
    const uri = o.origin ? paths.toUri(o.origin.path) : undefined;
    if (!uri) continue;
    const list = byUri.get(uri);
    if (list) list.push(o);
    else byUri.set(uri, [o]);
  }
  return { ksUri: b.ks.uri, ksDoc: b.ks.docIndex, inputKey, result, byUri, files: [...b.files] };
}

/** What the checks read of a render (render/checks.ts): whether it failed, and each file's undefined variables. */
function checkedFacts(r: BuildRender): string {
  if (r.result.error) return `error:${r.result.error.message}`;
  const vars = [...r.byUri].map(([uri, objects]) => `${uri}=${objects.flatMap((o) => o.undefinedVariables ?? []).join(',')}`);
  const schema = (r.schemaFindings ?? []).map((f) => `${f.at?.uri ?? ''}:${f.at?.range.start.line ?? ''}:${f.code}:${f.problem}`);
  return `ok:${vars.join(';')}|${schema.join(';')}`;
}

// The language service: one factory that wires the features over a shared context and returns a frozen
// object. It imports neither vscode nor the LSP connection; the server and the checker adapt it.
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentLink, DocumentSymbol, Hover, Location, Position, Range, SymbolInformation } from 'vscode-languageserver-types';
import type { ServiceContext } from './context';
import { ChartResolver, type ChartFetcher, type ResolverOptions } from './charts/resolver';
import { chartChecksNeedParse, filesUsing, resolveAllCharts } from './charts/users';
import { OpenDocuments, type OpenDocument } from './documents';
import { TextSync, type TextScanner } from './textSync';
import { codeActions } from './features/codeActions';
import { complete, type CompletionOptions } from './features/completion';
import { diagnose } from './features/diagnostics';
import { forPatch, localDiagnostics } from './features/local';
import { applySeverities, capDiagnostics } from './diagnostic';
import { hover } from './features/hover';
import { definition, dependents, documentLinks, references } from './features/navigation';
import { rename, renameTarget, type RenameResult } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { findObject, objectsIn } from './features/objects';
import type { ClusterSchemasRequest, FindObjectRequest, ObjectsInRequest } from '../shared/protocol';
import { FileStates } from './fileStates';
import type { IndexCacheStore } from './indexCache';
import { Indexer, type BulkScanner, type IndexOptions, type IndexSummary } from './indexing';
import type { Logger } from './logger';
import { RenderScheduler } from './render/scheduler';
import { RenderStore } from './render/store';
import { renderedOutput, renderLenses } from './render/features';
import type { RenderedText } from './render/output';
import type { RenderService } from './render/types';
import { ReleaseScheduler, ReleaseStore } from './render/helmScheduler';
import { releaseAt, releaseLenses, releaseOutput } from './render/helmFeatures';
import type { ReleaseEngine } from './render/helmTypes';
import { ClusterSchemaStore } from './schema/clusterCrds';
import { entryKinds, fileProfiles } from './schema/fileProfiles';
import { crdsForJob, workspaceCrds } from './schema/workspaceCrds';
import type { ProfileCatalog } from './schema/profiles';
import type { SchemaRegistry } from './schema/registry';
import { modelOf } from './refs/model';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { WorkspaceHost } from './workspace/host';
import { applySuppressions, hasSuppressions } from './suppress';
import { textHash } from './text';
import { LineIndex } from './yaml/lines';
import { chartContentOf, isChartContent } from './workspace/charts';
import { WorkspaceIndex } from './workspace/index';
import { parseFile, type ParsedFile } from './yaml/parse';

export type { BulkScanner, IndexOptions, IndexSummary } from './indexing';

export interface LanguageService {
  readonly registry: SchemaRegistry;
  readonly index: WorkspaceIndex;
  settings(): Settings;
  setSettings(settings: Settings): void;
  indexWorkspace(options?: IndexOptions): Promise<IndexSummary>;
  /** Settles when the background check that follows indexing has primed every file's local diagnostics. */
  backgroundCheck(): Promise<void>;
  /** Writes the on-disk index cache now, if there is one (e.g. on shutdown). */
  saveCache(): void;
  /**
   * A file changed on disk (created, saved, renamed to here): index it unless it is open. True when it was indexed
   * now; false when a worker indexes it (whenChecked tells when, with `indexed`).
   */
  fileChanged(uri: string, text: string): boolean;
  fileDeleted(uri: string): void;
  /**
   * Opens or updates a document; it is parsed only if the index has not seen this text. `hash`: its textHash,
   * when something computed it already (the server's wire worker, for a large text).
   */
  open(uri: string, version: number, text: string, hash?: number): void;
  close(uri: string): void;
  openUris(): string[];
  parsed(uri: string): ParsedFile | undefined;
  diagnostics(uri: string): Diagnostic[];
  /** Whether a worker is still checking a large open document, or a closed file (whenChecked tells when it is done). */
  checking(uri: string): boolean;
  /** `indexed`: a closed file changed on disk was indexed (its dependants and renders may change too). */
  whenChecked(listener: (uri: string, indexed: boolean) => void): void;
  /**
   * Diagnostics of a file that is not open, from the index and its cached local diagnostics (a scan with
   * diagnostics, the background check, or an earlier call). Undefined when they need the file's text (nothing
   * cached, or suppression comments): call again with it. Undefined with the text too while a worker checks a
   * large file (whenChecked tells when it is done).
   */
  closedDiagnostics(uri: string, text?: string): Diagnostic[] | undefined;
  completion(uri: string, position: Position, options: CompletionOptions): CompletionItem[];
  hover(uri: string, position: Position): Hover | null;
  codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[];
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentLinks(uri: string): DocumentLink[];
  dependents(uri: string): string[];
  documentSymbols(uri: string): DocumentSymbol[];
  /** The objects a file defines and the namespaces they land in. */
  objectsIn(uri: string): ObjectsInRequest.Result;
  /** Where the workspace defines an object. */
  findObject(params: FindObjectRequest.Params): FindObjectRequest.Result;
  workspaceSymbols(query: string): SymbolInformation[];
  /** The name under the cursor that a rename would change, or why it cannot (undefined: nothing here). */
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | { error: string } | undefined;
  rename(uri: string, position: Position, newName: string): RenameResult;
  /** What the render engine said of each Flux Kustomization. */
  readonly renders: RenderStore;
  /** Starts resolving every HelmRelease's chart; settles when all are settled (at once without charts). */
  resolveCharts(): Promise<void>;
  /** Resolves again the charts that failed (one was added to the cache); settles when all are settled. */
  retryCharts(): Promise<void>;
  /** Hears the files whose HelmReleases' charts changed state (to publish them again). */
  onChartsChanged(listener: (uris: readonly string[]) => void): void;
  /**
   * Renders with this engine from now on (the node worker). `onRendered` hears which files' diagnostics a
   * finished render may have changed.
   */
  useRenderer(engine: RenderService, onRendered: (uris: readonly string[]) => void): void;
  /** Renders what changed since the last call; settles when the renders are current (at once without an engine). */
  render(): Promise<void>;
  /** "Show Rendered Output": the Flux Kustomization at a line of a file, or the folder of a kustomization.yaml or folder. */
  renderedOutput(uri: string, line?: number, name?: string): Promise<RenderedText>;
  /** Code lenses of renders above each Flux Kustomization of an open file. */
  codeLenses(uri: string): CodeLens[];
  /** Renders HelmReleases with this helm engine from now on (after useRenderer, whose kustomize applies post-renderers). */
  useReleaseRenderer(engine: ReleaseEngine): void;
  /** Checks a folder with a live cluster's CRDs from now on (or stops, with `crds: null`); publish again after. */
  setClusterSchemas(params: ClusterSchemasRequest.Params): ClusterSchemasRequest.Result;
}

export interface ServiceOptions {
  readonly registry: SchemaRegistry;
  readonly scanner?: BulkScanner;
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  readonly settings?: Settings;
  /** Where the index is kept between starts (the server); none for the checker and the tests. */
  readonly cache?: IndexCacheStore;
  /** Checks large open documents off the main thread (the server); without it they are parsed here. */
  readonly textScanner?: TextScanner;
  /** Every profile, so that each cluster is checked with the releases it declares; without it, `registry` only. */
  readonly catalog?: ProfileCatalog;
  /** HelmRelease values features: charts of this repository, and remote ones through the fetcher, if any. */
  readonly charts?: { readonly fetcher?: ChartFetcher; readonly readArchive?: ResolverOptions['readArchive'] };
}

export function createLanguageService(options: ServiceOptions): LanguageService {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const index = new WorkspaceIndex();
  const files = new FileStates(options.registry, settings);
  const docs = new OpenDocuments(() => ({ maxBytes: settings.maxFileBytes }), !options.textScanner);
  const clusters = new ClusterSchemaStore();
  const ctx: ServiceContext = {
    registry: options.registry,
    logger: options.logger,
    settings: () => settings,
    host: options.host,
    index,
    parsed: (uri) => docs.parsed(uri),
    renders: new RenderStore(),
    releases: new ReleaseStore(),
    ...(options.charts ? { charts: new ChartResolver({ host: options.host, fetcher: options.charts.fetcher, readArchive: options.charts.readArchive, logger: options.logger }) } : {}),
    ...fileProfiles(options.catalog, options.registry, () => modelOf(ctx), (uri) => docs.parsed(uri), clusters),
  };
  let scheduler: RenderScheduler | undefined;
  let releaseScheduler: ReleaseScheduler | undefined;
  let kustomize: { engine: RenderService; onRendered: (uris: readonly string[]) => void } | undefined;
  const profileFor = (uri: string) => {
    // Workers load the pinned profiles, and are sent the workspace CRDs a file needs (crdsFor); a file that needs a
    // live cluster's CRDs is checked here.
    const profile = ctx.schemasFor(uri).profile;
    return profile.includes('+cluster:') ? undefined : profile;
  };
  const crdsFor = (profile: string, uris: readonly string[]) => {
    const crds = workspaceCrds(index);
    const entries = uris.map((u) => index.entry(u));
    // A file not in the index yet: its kinds are not known without a parse here, so it gets every CRD kind.
    if (entries.some((e) => !e)) return crdsForJob(profile, crds, [...crds.byKey.values()].map((k) => [k.apiVersion, k.kind] as const));
    return crdsForJob(profile, crds, entries.flatMap((e) => entryKinds(e!)));
  };
  const indexer = new Indexer({ ...options, index, files, isOpen: (uri) => docs.has(uri), settings: () => settings, profileFor, crdsFor });
  const sync = new TextSync({
    docs, index, files, logger: options.logger, scanner: options.textScanner,
    skip: (uri) => isChartContent(uri, (u) => index.has(u)),
    job: (uri) => {
      const profile = profileFor(uri) ?? options.registry.profile;
      const crds = crdsFor(profile, [uri]);
      return { maxBytes: settings.maxFileBytes, index: true, check: { profile, platform: settings.platform, ...(crds ? { crds } : {}) } };
    },
  });
  const chartContent = chartContentOf(index);
  const withFile = <T>(uri: string, empty: T, fn: (file: ParsedFile) => T): T => {
    const file = ctx.parsed(uri);
    return file ? fn(file) : empty;
  };
  /** An open document's text and line table (never a whole parse of a large one), else the parse of a closed file. */
  const withText = <T>(uri: string, empty: T, fn: (file: { uri: string; text: string; lines: LineIndex }) => T): T => {
    const doc = docs.get(uri);
    return doc ? fn({ uri, text: doc.text, lines: docs.lines(uri)! }) : withFile(uri, empty, fn);
  };
  /**
   * The parse a feature at a position needs (in a large text, only the document there; in a big document, the
   * compact text of what the cursor needs) and the offset in that parse's text.
   */
  const withFileAt = <T>(uri: string, p: Position, empty: T, fn: (file: ParsedFile, offset: number) => T): T => {
    const offset = docs.lines(uri)?.offsetAt(p);
    const file = offset === undefined ? undefined : docs.parsedAt(uri, offset);
    return file ? fn(file, file.lines.offsetAt(p)) : empty;
  };
  /** Local diagnostics of a text: from the cache, or computed from a parse (and cached). */
  const localOf = (uri: string, hash: number, parse: () => ParsedFile, text: string) => {
    const registry = ctx.schemasFor(uri);
    const key = files.keyFor(registry.profile);
    const cached = files.localOf(uri, hash, key);
    if (cached) return cached;
    files.setLocal(uri, hash, localDiagnostics(registry, settings.platform, parse()), hasSuppressions(text), key);
    return files.localOf(uri, hash, key)!;
  };
  /**
   * An open document's diagnostics while the workspace is being indexed: its own checks with the setting's profile,
   * at once. Cross-file checks (and the profile its cluster declares) would read a partial index, and rebuild its
   * structure at every file; they come when indexing is done (the server publishes every open document then).
   * Findings a kustomize patch is spared are held back until it is known whether this file is one.
   */
  const provisional = (doc: OpenDocument): Diagnostic[] => {
    let local = files.localOf(doc.uri, doc.hash);
    if (!local) {
      files.setLocal(doc.uri, doc.hash, localDiagnostics(options.registry, settings.platform, docs.parsed(doc.uri)!), hasSuppressions(doc.text));
      local = files.localOf(doc.uri, doc.hash)!;
    }
    const found = applySeverities([...forPatch(local.diagnostics, true)], settings.severities);
    return capDiagnostics(applySuppressions(doc.text, () => docs.lines(doc.uri)!, found));
  };
  const openLocal = (doc: OpenDocument) => localOf(doc.uri, doc.hash, () => docs.parsed(doc.uri)!, doc.text).diagnostics;

  const service: LanguageService = {
    registry: options.registry,
    index,
    settings: () => settings,
    setSettings: (s) => {
      settings = s;
      files.settingsChanged(s);
    },
    indexWorkspace: (o) => indexer.indexWorkspace(o),
    backgroundCheck: () => indexer.backgroundCheck(),
    saveCache: () => indexer.save(),
    fileChanged: (uri, text) => {
      // A file over a few KiB is indexed in a worker (when there is one); whenChecked tells when.
      if (sync.indexClosed(uri, text)) return false;
      indexer.indexText(uri, text);
      return true;
    },
    fileDeleted: (uri) => {
      indexer.forget(uri);
      docs.delete(uri);
    },
    open: (uri, version, text, hash) => {
      docs.set(uri, version, text, hash);
      sync.changed(uri);
    },
    close: (uri) => docs.delete(uri),
    openUris: () => docs.uris(),
    parsed: ctx.parsed,
    diagnostics: (uri) => {
      const doc = docs.get(uri);
      if (!doc || chartContent(uri) || sync.checking(uri)) return [];
      if (indexer.indexing) return provisional(doc);
      return diagnose(ctx, { uri, text: doc.text, local: openLocal(doc), lines: () => docs.lines(uri)!, parsed: () => docs.parsed(uri) });
    },
    checking: (uri) => sync.checking(uri),
    whenChecked: (listener) => sync.whenChecked(listener),
    closedDiagnostics: (uri, text) => {
      if (docs.has(uri) || !index.has(uri)) return undefined;
      if (text === undefined) {
        const indexed = files.indexed.get(uri);
        const cached = files.localOf(uri, indexed ?? -1, files.keyFor(ctx.schemasFor(uri).profile));
        if (!cached || cached.suppressions !== false || chartChecksNeedParse(ctx, uri)) {
          // No checks known for the indexed text: a worker reads the file and checks it (checking() says so meanwhile),
          // rather than the caller reading it here to hand it over.
          const worker = profileFor(uri);
          if (!cached && worker !== undefined && indexed !== undefined) sync.scanClosedFromDisk(uri, indexed);
          return undefined;
        }
        return diagnose(ctx, { uri, text: '', local: cached.diagnostics, lines: () => new LineIndex('') });
      }
      // A closed file's text over a few hundred bytes is checked in a worker (when there is one, and it knows the
      // file's profile, which the lookup below uses): no parse of it holds up a request, and a trivial one costs
      // less here than the round trip. whenChecked tells when. A large text whose indexed version has no known
      // checks goes there unhashed: it is most likely that version, and the worker hashes it.
      const worker = profileFor(uri);
      const indexed = files.indexed.get(uri);
      if (worker !== undefined && text.length >= HASH_IN_WORKER && !files.localOf(uri, indexed ?? -1, files.keyFor(worker)) && sync.scanClosedUnhashed(uri, text, indexed)) return undefined;
      const hash = textHash(text);
      if (worker !== undefined && !files.localOf(uri, hash, files.keyFor(worker)) && sync.scanClosed(uri, text, hash, CLOSED_IN_WORKER)) return undefined;
      const parse = () => parseFile(uri, 0, text, { maxBytes: settings.maxFileBytes });
      const local = localOf(uri, hash, parse, text).diagnostics;
      return diagnose(ctx, { uri, text, local, lines: () => new LineIndex(text), parsed: parse });
    },
    completion: (uri, p, o) => withFileAt(uri, p, [], (f, offset) => complete(ctx, f, offset, o)),
    hover: (uri, p) => withFileAt(uri, p, null, (f, offset) => hover(ctx, f, offset)),
    codeActions: (uri, d) => withText(uri, [], (f) => codeActions(f, d)),
    definition: (uri, p) => withFileAt(uri, p, [], (f, offset) => definition(ctx, f, offset)),
    references: (uri, p, inc) => withFileAt(uri, p, [], (f, offset) => references(ctx, f, offset, inc)),
    documentLinks: (uri) => withFile(uri, [], (f) => documentLinks(ctx, f)),
    dependents: (uri) => dependents(ctx, uri),
    documentSymbols: (uri) => withText(uri, [], (f) => documentSymbols(ctx, f)),
    objectsIn: (uri) => objectsIn(ctx, uri),
    findObject: (params) => findObject(ctx, params),
    workspaceSymbols: (query) => workspaceSymbols(ctx, query),
    prepareRename: (uri, p) => withFileAt(uri, p, undefined, (f, offset) => {
      const t = renameTarget(ctx, f, offset);
      return t && 'error' in t ? t : t && { range: t.range, placeholder: t.name };
    }),
    renders: ctx.renders,
    resolveCharts: () => resolveAllCharts(ctx),
    retryCharts: () => {
      ctx.charts?.retryFailed();
      return resolveAllCharts(ctx);
    },
    onChartsChanged: (listener) => ctx.charts?.onChange((keys) => listener(filesUsing(ctx, keys))),
    useRenderer: (engine, onRendered) => {
      kustomize = { engine, onRendered };
      scheduler = new RenderScheduler({ ctx, engine, store: ctx.renders, openDoc: (uri) => docs.get(uri), indexedHash: (uri) => files.indexed.get(uri), onRendered, logger: options.logger });
    },
    render: async () => {
      await scheduler?.update();
      await releaseScheduler?.update();
    },
    renderedOutput: (uri, line, name) => {
      const hr = releaseAt(ctx, uri, line, name);
      return hr ? releaseOutput(releaseScheduler, ctx.releases!, hr) : renderedOutput(ctx, scheduler, uri, line, name);
    },
    codeLenses: (uri) => [...renderLenses(ctx, uri, !!scheduler), ...releaseLenses(ctx, releaseScheduler && ctx.releases, uri)],
    useReleaseRenderer: (engine) => {
      const onRendered = kustomize?.onRendered ?? (() => undefined);
      releaseScheduler = new ReleaseScheduler({ ctx, engine, kustomize: kustomize?.engine, store: ctx.releases!, openDoc: (uri) => docs.get(uri), onRendered, logger: options.logger });
      // A chart resolved (or changed) later renders its releases then.
      ctx.charts?.onChange(() => void releaseScheduler?.update());
    },
    setClusterSchemas: (params) => clusters.set(params),
    rename: (uri, p, newName) => withFileAt<RenameResult>(uri, p, { error: 'The file is not open.' }, (f, offset) => rename(ctx, f, offset, newName)),
  };
  settledReads(service, () => sync.settleAll());
  return Object.freeze(service);
}

/**
 * Closed texts of at least this many characters are checked in a worker: the round trip costs this thread only
 * the message, while a parse and check here of a few KiB takes 5-30 ms that a request would wait behind, and a
 * hostile text of a few hundred bytes (aliases, deep flow collections) as much. Only trivial texts stay here.
 */
const CLOSED_IN_WORKER = 256;

/** Closed texts of at least this many characters are hashed in the worker when their checks are asked for first. */
const HASH_IN_WORKER = 64 * 1024;

/** What only records an edit, or reads no index: everything else first brings the index up to date. */
const NOT_READS = new Set(['open', 'close', 'openUris', 'settings', 'setSettings', 'checking', 'whenChecked']);

/** Every reading method first settles the open documents' pending edits (see textSync.ts). */
function settledReads(service: LanguageService, settle: () => void): void {
  const methods = service as unknown as Record<string, unknown>;
  for (const [name, fn] of Object.entries(methods)) {
    if (typeof fn !== 'function' || NOT_READS.has(name)) continue;
    methods[name] = (...args: unknown[]) => {
      settle();
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
}

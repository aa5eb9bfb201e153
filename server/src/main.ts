// The language server: adapts the LSP connection to the pure language service in core/.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ErrorCodes, FileChangeType, ProposedFeatures, ResponseError, TextDocuments,
  TextDocumentSyncKind, type CodeActionParams, type CompletionParams, type Connection, type DefinitionParams,
  type CodeLensParams, type DidChangeWatchedFilesParams, type DocumentLinkParams, type HoverParams, type InitializeParams,
  type DocumentSymbolParams, type InitializeResult, type PrepareRenameParams, type ReferenceParams, type RenameParams, type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError, type Logger } from './core/logger';
import { createLanguageService, type LanguageService } from './core/service';
import { CONFIG_FILE, DEFAULT_SETTINGS, mergeSettings, parseConfigFile, type Settings, type SettingsLayer } from './core/settings';
import { diskHost, toPath, toUri } from './node/diskHost';
import type { WorkspaceHost } from './core/workspace/host';
import { loadCatalog, loadRegistry, schemaDirs } from './node/schemas';
import { workerScanner } from './node/scanWorkers';
import { workerTextScanner } from './node/textScanner';
import { ChartFromClusterRequest, ClusterChartRequest, ClusterConnectedNotification, ClusterSchemasRequest, FindObjectRequest, FleetLayoutRequest, ObjectAtRequest, PromoteRequest, ObjectsInRequest, RenderedOutputRequest, RendersChangedNotification, StatusNotification, type InitializationOptions } from './shared/protocol';
import { objectAt } from './core/features/objects';
import { fleetLayout } from './core/features/fleetLayout';
import { promoteRequest } from './core/features/promote';
import { Publisher } from './node/publisher';
import { takeTextHash } from './node/textHashes';
import { fileCacheStore, workspaceCacheName } from './node/indexCacheFile';
import { startRenderEngine, startRendering, type RenderLoop } from './node/renders';
import type { RenderEngineOptions } from './node/render/rendererPool';
import type { RenderService } from './core/render/types';
import { chartFetcher } from './node/charts/fetcher';
import { adoptClusterChart } from './node/charts/adopt';
import { clusterFirstFetcher } from './node/charts/clusterFetcher';
import { readChartArchive } from './node/charts/unpack';
import { RefRenders } from './node/refRenders';
import { stdioWire } from './node/wire';

let shutdownAsked = false;
// Over stdio, the JSON of a large message is parsed in a worker (node/wire.ts), not on this loop. The client's end
// of stdin closing ends the server, as vscode-languageserver's own transport does.
const wire = stdioWire(() => process.exit(shutdownAsked ? 0 : 1));
const connection = wire ? createConnection(ProposedFeatures.all, wire.reader, wire.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const logger: Logger = {
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m, err) => connection.console.error(err ? `${m}: ${describeError(err)}` : m),
};
// stdout is the wire: anything a library prints goes to the client's log instead of into the message stream.
if (wire) {
  console.log = console.info = console.debug = (...args: unknown[]) => logger.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => logger.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => logger.error(args.map(String).join(' '));
}

interface State {
  service: LanguageService;
  host: WorkspaceHost;
  options: InitializationOptions;
  roots: string[];
  editorLayer: SettingsLayer;
  publisher: Publisher;
  renders?: RenderLoop;
  /** The render process, loading while the workspace is indexed; renders start with it once the index has published. */
  renderEngine?: RenderService;
  refRenders?: RefRenders;
}

let state: State | undefined;

/** Every handler goes through here: a failure is logged with the request and the file, and answers empty. */
function guard<P, R>(name: string, empty: R, fn: (p: P, s: State) => R): (p: P) => R {
  return (params: P) => {
    if (!state) return empty;
    try {
      return fn(params, state);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      const uri = (params as { textDocument?: { uri?: string } })?.textDocument?.uri ?? '';
      logger.error(`${name} failed${uri ? ` for ${uri}` : ''}`, err);
      return empty;
    }
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  const roots = (params.workspaceFolders ?? []).map((f) => toPath(f.uri));
  if (!roots.length && params.rootUri) roots.push(toPath(params.rootUri));
  const settings = DEFAULT_SETTINGS;
  const dirs = options.schemaDir ? [options.schemaDir, ...schemaDirs()] : schemaDirs();
  const profile = options.profile ?? profileFromConfigFiles(roots, options) ?? settings.profile;
  // The indexing workers start now and load their schemas while the schemas load here and the client answers.
  const scanner = workerScanner(dirs, { prewarm: true, profile });
  const registry = loadProfile(profile, dirs);
  const host = diskHost(roots, () => state?.service.settings().exclude ?? settings.exclude);
  const cache = options.cacheDir && roots.length ? fileCacheStore(options.cacheDir, roots, logger) : undefined;
  const service = createLanguageService({ registry, host, logger, settings, scanner, cache, textScanner: workerTextScanner(dirs), catalog: loadCatalog(dirs), charts: { fetcher: serverChartFetcher(options), readArchive: (uri) => readChartArchive(uri) } });
  const publisher = new Publisher({
    service,
    versionOf: (uri) => documents.get(uri)?.version,
    send: (p) => void connection.sendDiagnostics(p),
    readFile: (uri) => host.readFile(uri),
    logger,
  });
  // A large document checked in a worker is published (with its dependants) when the worker answers.
  // A closed file indexed there (changed on disk) may change its dependants' diagnostics and the renders.
  service.whenChecked((uri, indexed) => {
    publisher.changed(uri);
    if (indexed && state) {
      revalidateDependents(state, uri);
      state.renders?.changed();
    }
  });
  // A HelmRelease whose chart became known (or failed) is checked again.
  service.onChartsChanged((uris) => uris.forEach((uri) => publisher.schedule(uri)));
  state = { service, host, options, roots, editorLayer: {}, publisher };
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-', '/'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'flux-gitops', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (!state) return;
  const s = state;
  logger.info(`Schemas: profile ${s.service.registry.profile}, ${s.service.registry.allKinds().length} kinds from ${Object.entries(s.service.registry.generatedFrom).map(([m, v]) => `${m}@${v}`).join(', ')}`);
  await connection.client.register(DidChangeConfigurationNotification.type, { section: 'fluxGitops' }).catch(() => undefined);
  await reloadSettings(s);
  if (s.roots.length) s.renderEngine = startRenderEngine(logger, renderCache(s.options.cacheDir, s.roots));
  const summary = await s.service.indexWorkspace();
  const cached = summary.cached ? `, ${summary.cached} of them unchanged since the last start` : '';
  logger.info(`Indexed ${summary.files} YAML files (${summary.objects} objects) in ${summary.millis} ms under ${s.roots.join(', ') || '(no folder)'}${cached}.`);
  const params: StatusNotification.Params = { profile: s.service.registry.profile, schemaVersions: { ...s.service.registry.generatedFrom }, ...summary };
  void connection.sendNotification(StatusNotification.method, params);
  for (const uri of s.service.openUris()) s.publisher.schedule(uri);
  // Renders start with the index (their process loaded meanwhile), beside the background check: what they settle
  // is re-published as it comes (closed files wait in the publisher for the background check), and a chart
  // resolved later renders its releases then.
  s.renders = startRendering(s.service, logger, (uris) => rendered(s, uris), { engine: s.renderEngine }, { chartCacheDir: s.options.chartCacheDir });
  // Closed files are published once the background check has cached what they need.
  void s.service.backgroundCheck().then(() => {
    void s.service.resolveCharts();
    s.publisher.everyClosed();
  });
});

/**
 * Renders kept in the workspace's storage: reopened, the server has the whole tree's renders at once and renders
 * only what changed since. Written a few seconds after the last render; the engine starts anyway, so that an edit
 * renders without waiting for it.
 */
function renderCache(cacheDir: string | undefined, roots: readonly string[]): RenderEngineOptions {
  if (!cacheDir) return {};
  return { cacheFile: path.join(cacheDir, `renders-${workspaceCacheName(roots)}.jsonl`), cacheOptions: { saveAfterMs: RENDER_CACHE_SAVE_MS, warmAlways: true } };
}

const RENDER_CACHE_SAVE_MS = 5000;

/** A render finished: the files it covers may have new diagnostics, the editor's lenses and rendered views too. */
function rendered(s: State, uris: readonly string[]): void {
  for (const uri of uris) s.publisher.schedule(uri);
  const params: RendersChangedNotification.Params = { uris: uris.slice(0, 1) };
  void connection.sendNotification(RendersChangedNotification.method, params);
  void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

/** Charts from the cache, then the cluster (when the client's explorer can ask it), then the network only in a trusted workspace. */
function serverChartFetcher(options: InitializationOptions) {
  const trusted = options.trusted !== false;
  const online = chartFetcher({ cacheDir: options.chartCacheDir, network: trusted, offlineReason: 'the workspace is not trusted (charts are fetched only in a trusted one)' });
  if (!options.clusterCharts || !options.chartCacheDir) return online;
  const offline = chartFetcher({ cacheDir: options.chartCacheDir, network: false });
  return clusterFirstFetcher({ cacheDir: options.chartCacheDir, offline, online, ask: askCluster });
}

/** The explorer downloads within 60 s (chartArtifact.ts); an answer later than this is not waited for. */
const ASK_CLUSTER_MS = 90_000;

function askCluster(params: ChartFromClusterRequest.Params): Promise<ChartFromClusterRequest.Result> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ASK_CLUSTER_MS / 1000} s`)), ASK_CLUSTER_MS);
  });
  const answer = connection.sendRequest<ChartFromClusterRequest.Result>(ChartFromClusterRequest.method, params);
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

/** When charts were last asked again because a context connected: a flapping connection asks at most this often. */
let lastClusterRetry = -Infinity;
const CLUSTER_RETRY_MS = 30_000;

/** The profile named by a workspace's .flux-gitops.yaml; read once at start because schemas load then. */
function profileFromConfigFiles(roots: string[], options: InitializationOptions): string | undefined {
  if (options.trusted === false) return undefined;
  for (const root of roots) {
    const file = path.join(root, CONFIG_FILE);
    if (!existsSync(file)) continue;
    const profile = parseConfigFile(readFileSync(file, 'utf8')).layer.profile;
    if (profile) return profile;
  }
  return undefined;
}

/** Loads a profile's schemas; an unknown profile is reported and the default one is used instead. */
function loadProfile(profile: string, dirs: string[]) {
  try {
    return loadRegistry(profile, dirs);
  } catch (err) {
    if (profile === DEFAULT_SETTINGS.profile) throw err;
    logger.error(`Profile "${profile}" is not available; using ${DEFAULT_SETTINGS.profile}`, err);
    return loadRegistry(DEFAULT_SETTINGS.profile, dirs);
  }
}

async function reloadSettings(s: State): Promise<void> {
  const editor = (await connection.workspace.getConfiguration('fluxGitops').catch(() => undefined)) as Record<string, unknown> | undefined;
  s.editorLayer = {
    exclude: Array.isArray(editor?.exclude) ? (editor!.exclude as string[]) : undefined,
    severities: editor?.rules && typeof editor.rules === 'object' ? (editor.rules as SettingsLayer['severities']) : undefined,
    profile: typeof editor?.profile === 'string' ? editor.profile : undefined,
  };
  const scope = (editor?.diagnostics as { scope?: unknown } | undefined)?.scope;
  s.publisher.setScope(scope === 'open' ? 'open' : 'workspace');
  const fileLayers: SettingsLayer[] = [];
  if (s.options.trusted !== false) {
    for (const root of s.roots) {
      const text = await s.host.readFile(toUri(path.join(root, CONFIG_FILE)));
      if (text === undefined) continue;
      const { layer, problems } = parseConfigFile(text);
      problems.forEach((p) => logger.warn(p));
      fileLayers.push(layer);
    }
  }
  const merged: Settings = mergeSettings(DEFAULT_SETTINGS, s.editorLayer, ...fileLayers);
  s.service.setSettings(merged);
}

/**
 * What the disk now has of a file (undefined: gone) goes into the index, and its dependants are published again:
 * now, or once a worker has indexed it (whenChecked), not from its old entry now.
 */
function takeDiskText(s: State, uri: string, text: string | undefined): void {
  if (text === undefined) s.service.fileDeleted(uri);
  else if (!s.service.fileChanged(uri, text)) return;
  revalidateDependents(s, uri);
}

function revalidateDependents(s: State, uri: string): void {
  for (const dep of s.service.dependents(uri)) s.publisher.schedule(dep);
}

documents.onDidOpen((e) => {
  if (!state) return;
  state.service.open(e.document.uri, e.document.version, e.document.getText(), takeTextHash(e.document.uri, e.document.version));
  state.publisher.schedule(e.document.uri);
});

documents.onDidChangeContent((e) => {
  if (!state) return;
  state.service.open(e.document.uri, e.document.version, e.document.getText(), takeTextHash(e.document.uri, e.document.version));
  // The edit is only recorded here; the publisher takes it (and its dependants) after the burst of edits.
  state.publisher.changed(e.document.uri);
  state.renders?.changed();
});

documents.onDidClose((e) => {
  if (!state) return;
  const s = state;
  s.service.close(e.document.uri);
  // The closed text may differ from the disk: re-index what is on disk, then publish it as a closed file.
  void s.host.readFile(e.document.uri).then((text) => {
    takeDiskText(s, e.document.uri, text);
    s.publisher.closed(e.document.uri);
    s.renders?.changed();
  });
});

connection.onDidChangeWatchedFiles(async (params: DidChangeWatchedFilesParams) => {
  if (!state) return;
  const s = state;
  let configChanged = false;
  for (const change of params.changes) {
    if (change.uri.endsWith(`/${CONFIG_FILE}`)) configChanged = true;
    takeDiskText(s, change.uri, change.type === FileChangeType.Deleted ? undefined : await s.host.readFile(change.uri));
    s.publisher.schedule(change.uri);
  }
  if (configChanged) await reloadSettings(s);
  s.renders?.changed();
  for (const uri of s.service.openUris()) s.publisher.schedule(uri);
  if (configChanged) s.publisher.everyClosed();
});

connection.onDidChangeConfiguration(async () => {
  if (!state) return;
  await reloadSettings(state);
  for (const uri of state.service.openUris()) state.publisher.schedule(uri);
  state.publisher.everyClosed();
});

connection.onCompletion(guard('completion', [], (p: CompletionParams, s) => s.service.completion(p.textDocument.uri, p.position, { clientHasSnippets: !!s.options.clientHasSnippets })));
connection.onHover(guard('hover', null, (p: HoverParams, s) => s.service.hover(p.textDocument.uri, p.position)));
connection.onCodeAction(guard('codeAction', [], (p: CodeActionParams, s) => s.service.codeActions(p.textDocument.uri, p.context.diagnostics)));
connection.onDefinition(guard('definition', [], (p: DefinitionParams, s) => s.service.definition(p.textDocument.uri, p.position)));
connection.onReferences(guard('references', [], (p: ReferenceParams, s) => s.service.references(p.textDocument.uri, p.position, p.context.includeDeclaration)));
connection.onDocumentSymbol(guard('documentSymbol', [], (p: DocumentSymbolParams, s) => s.service.documentSymbols(p.textDocument.uri)));
connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p: WorkspaceSymbolParams, s) => s.service.workspaceSymbols(p.query)));
connection.onPrepareRename(guard('prepareRename', null, (p: PrepareRenameParams, s) => {
  const r = s.service.prepareRename(p.textDocument.uri, p.position);
  if (r && 'error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
  return r ?? null;
}));
connection.onRenameRequest(guard('rename', null, (p: RenameParams, s) => {
  const r = s.service.rename(p.textDocument.uri, p.position, p.newName);
  if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
  return r.edit;
}));
connection.onDocumentLinks(guard('documentLinks', [], (p: DocumentLinkParams, s) => s.service.documentLinks(p.textDocument.uri)));
connection.onRequest(FindObjectRequest.method, guard('findObject', [] as FindObjectRequest.Result, (p: FindObjectRequest.Params, s) => s.service.findObject(p)));
connection.onRequest(ObjectsInRequest.method, guard('objectsIn', [] as ObjectsInRequest.Result, (p: ObjectsInRequest.Params, s) => s.service.objectsIn(p.uri)));
connection.onRequest(ObjectAtRequest.method, guard('objectAt', null as ObjectAtRequest.Result | null, (p: ObjectAtRequest.Params, s) => objectAt(s.service, p)));
connection.onRequest(FleetLayoutRequest.method, guard('fleetLayout', null as FleetLayoutRequest.Result | null, (_p: unknown, s) => fleetLayout(s.service.index, s.service.settings().platform)));
connection.onRequest(PromoteRequest.method, async (p: PromoteRequest.Params): Promise<PromoteRequest.Result> => {
  if (!state) return { error: 'The language server is starting.' };
  return promoteRequest(state.service, (uri) => state!.host.readFile(uri), p).catch((err: Error) => {
    logger.error(`promote failed for ${p.uri}`, err);
    return { error: `Promotion failed: ${err.message}` };
  });
});

connection.onRequest(ClusterSchemasRequest.method, guard('clusterSchemas', { crds: 0, kinds: 0, problems: ['The language server is starting.'] } as ClusterSchemasRequest.Result, (p: ClusterSchemasRequest.Params, s) => {
  const result = s.service.setClusterSchemas(p);
  logger.info(p.crds ? `Schemas of context ${p.context} for ${p.folderUri}: ${result.crds} CRDs, ${result.kinds} kinds${result.problems.length ? `; ${result.problems.join(' ')}` : ''}.` : `Schemas of context ${p.context} no longer used for ${p.folderUri}.`);
  for (const uri of s.service.openUris()) s.publisher.schedule(uri);
  s.publisher.everyClosed();
  return result;
}));

// A chart the explorer downloaded from a cluster joins the chart cache; releases whose chart failed try again.
connection.onRequest(ClusterChartRequest.method, async (p: ClusterChartRequest.Params): Promise<ClusterChartRequest.Result> => {
  const s = state;
  if (!s?.options.chartCacheDir) return { error: 'the language server has no chart cache' };
  try {
    const { source } = await adoptClusterChart(s.options.chartCacheDir, p);
    logger.info(`Chart ${source} ${p.version} from context ${p.context} is in the chart cache.`);
    void s.service.retryCharts();
    return { source };
  } catch (err) {
    logger.error(`The chart from context ${p.context} was not kept`, err);
    return { error: (err as Error).message };
  }
});

// A context connected in the explorer: charts not found before may be there now (at most every 30 s).
connection.onNotification(ClusterConnectedNotification.method, (p: ClusterConnectedNotification.Params) => {
  const s = state;
  if (!s || Date.now() - lastClusterRetry < CLUSTER_RETRY_MS) return;
  lastClusterRetry = Date.now();
  logger.info(`Context ${p.context} connected: charts not found so far are looked for again.`);
  void s.service.retryCharts();
});

connection.onCodeLens(guard('codeLens', [], (p: CodeLensParams, s) => s.service.codeLenses(p.textDocument.uri)));
connection.onRequest(RenderedOutputRequest.method, async (p: RenderedOutputRequest.Params): Promise<RenderedOutputRequest.Result> => {
  if (!state) return { text: '# The language server is starting.\n', objects: 0, error: 'starting' };
  try {
    if (p.ref === undefined) return await state.service.renderedOutput(p.uri, p.line);
    const folder = state.roots.find((r) => p.uri.startsWith(`${toUri(r)}/`));
    if (!folder) return { text: '# The file is outside the workspace folders.\n', objects: 0, error: 'outside' };
    state.refRenders ??= new RefRenders(state.service, logger);
    return await state.refRenders.output(folder, toUri(folder), p.ref, p.uri, p.line);
  } catch (err) {
    logger.error(`renderedOutput failed for ${p.uri}`, err);
    return { text: `# Rendering failed: ${(err as Error).message}\n`, objects: 0, error: (err as Error).message };
  }
});

connection.onShutdown(() => {
  shutdownAsked = true;
  state?.renders?.dispose();
  if (!state?.renders) state?.renderEngine?.dispose();
  state?.refRenders?.dispose();
  state?.service.saveCache();
});

process.on('uncaughtException', (err) => logger.error('Uncaught exception', err));
process.on('unhandledRejection', (err) => logger.error('Unhandled rejection', err));

documents.listen(connection);
connection.listen();

export type { Connection };

// The language service: one factory that wires the features over a shared context and returns a frozen
// object. It imports neither vscode nor the LSP connection; the server and the checker adapt it.
import type { CodeAction, CompletionItem, Diagnostic, DocumentLink, Hover, Location, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context';
import { OpenDocuments, type OpenDocument } from './documents';
import { codeActions } from './features/codeActions';
import { complete, type CompletionOptions } from './features/completion';
import { diagnose } from './features/diagnostics';
import { localDiagnostics, localKey, type LocalResult } from './features/local';
import { hover } from './features/hover';
import { definition, dependents, documentLinks, references } from './features/navigation';
import type { Logger } from './logger';
import type { SchemaRegistry } from './schema/registry';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { readEach, type WorkspaceHost } from './workspace/host';
import { ChunkQueue, type ScanItem, type ScanJob } from './scan';
import { hasSuppressions } from './suppress';
import { textHash } from './text';
import { LineIndex } from './yaml/lines';
import { WorkspaceIndex } from './workspace/index';
import { loadWorkspaceMeta } from './workspace/meta';
import { parseFile, type ParsedFile } from './yaml/parse';

/** Below this many files, worker threads cost more to start than they save. */
const BULK_THRESHOLD = 400;

export interface IndexSummary {
  readonly files: number;
  readonly objects: number;
  readonly millis: number;
}

export interface LanguageService {
  readonly registry: SchemaRegistry;
  readonly index: WorkspaceIndex;
  settings(): Settings;
  setSettings(settings: Settings): void;
  indexWorkspace(options?: IndexOptions): Promise<IndexSummary>;
  /** Settles when the background check that follows indexing has primed every file's local diagnostics. */
  backgroundCheck(): Promise<void>;
  /** A file changed on disk (created, saved, renamed to here): index it unless it is open. */
  fileChanged(uri: string, text: string): void;
  fileDeleted(uri: string): void;
  /** Opens or updates a document; it is parsed only if the index has not seen this text. */
  open(uri: string, version: number, text: string): void;
  close(uri: string): void;
  openUris(): string[];
  parsed(uri: string): ParsedFile | undefined;
  diagnostics(uri: string): Diagnostic[];
  /**
   * Diagnostics of a file that is not open, from the index and its cached local diagnostics (a scan with
   * diagnostics, the background check, or an earlier call). Undefined when they need the file's text (nothing
   * cached, or suppression comments): call again with it.
   */
  closedDiagnostics(uri: string, text?: string): Diagnostic[] | undefined;
  completion(uri: string, position: Position, options: CompletionOptions): CompletionItem[];
  hover(uri: string, position: Position): Hover | null;
  codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[];
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentLinks(uri: string): DocumentLink[];
  dependents(uri: string): string[];
}

/**
 * Scans the files of a queue in worker threads (the server and the checker); order is free. In the background
 * it leaves a core to the main thread, so the editor stays responsive.
 */
export type BulkScanner = (queue: ChunkQueue, job: ScanJob, onBatch: (items: readonly ScanItem[]) => void, background: boolean) => Promise<void>;

export interface ServiceOptions {
  readonly registry: SchemaRegistry;
  readonly scanner?: BulkScanner;
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  readonly settings?: Settings;
}

export interface IndexOptions {
  /** Also compute every file's local diagnostics in the same pass (the checker); else the server does it in the background. */
  readonly withDiagnostics?: boolean;
}

export function createLanguageService(options: ServiceOptions): LanguageService {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  let key = localKey(options.registry.profile, settings.platform);
  const index = new WorkspaceIndex();
  const docs = new OpenDocuments(() => ({ maxBytes: settings.maxFileBytes }));
  const ctx: ServiceContext = {
    registry: options.registry,
    logger: options.logger,
    settings: () => settings,
    host: options.host,
    index,
    parsed: (uri) => docs.parsed(uri),
  };
  const withFile = <T>(uri: string, empty: T, fn: (file: ParsedFile) => T): T => {
    const file = ctx.parsed(uri);
    return file ? fn(file) : empty;
  };
  const offsetOf = (file: ParsedFile, p: Position) => file.lines.offsetAt(p);
  /** The hash of the text each file was indexed from. */
  const indexed = new Map<string, number>();
  const local = new Map<string, LocalResult>();
  let background: Promise<void> = Promise.resolve();

  const prime = (items: readonly ScanItem[], job: ScanJob) => {
    for (const item of items) {
      if (item.entry && !docs.has(item.uri)) {
        index.updateEntry(item.uri, item.entry);
        indexed.set(item.uri, item.hash);
      }
      if (item.local && job.check && localKey(job.check.profile, job.check.platform) === key) {
        local.set(item.uri, { hash: item.hash, key, diagnostics: item.local, suppressions: item.suppressions });
      }
    }
  };
  /** Scans through the worker threads; false when there are none or they failed (then the caller does the work here). */
  const scan = async (queue: ChunkQueue, job: ScanJob, background: boolean): Promise<boolean> => {
    if (!options.scanner) return false;
    try {
      await options.scanner(queue, job, (items) => prime(items, job), background);
      return true;
    } catch (err) {
      options.logger.error('Scanning in worker threads failed; working here instead', err);
      return false;
    }
  };
  const checkJob = (index: boolean): ScanJob => ({ maxBytes: settings.maxFileBytes, index, check: { profile: options.registry.profile, platform: settings.platform } });
  const indexText = (uri: string, text: string) => {
    index.update(parseFile(uri, 0, text, { maxBytes: settings.maxFileBytes }));
    indexed.set(uri, textHash(text));
  };
  /** Local diagnostics of an open document's current text: from the cache, or computed from its parse. */
  const localOf = (doc: OpenDocument): readonly Diagnostic[] => {
    const cached = local.get(doc.uri);
    if (cached && cached.hash === doc.hash && cached.key === key) return cached.diagnostics;
    const diagnostics = localDiagnostics(options.registry, settings.platform, docs.parsed(doc.uri)!);
    local.set(doc.uri, { hash: doc.hash, key, diagnostics });
    return diagnostics;
  };

  const service: LanguageService = {
    registry: options.registry,
    index,
    settings: () => settings,
    setSettings: (s) => {
      settings = s;
      key = localKey(options.registry.profile, settings.platform);
    },
    indexWorkspace: async (o = {}) => {
      const started = Date.now();
      await loadWorkspaceMeta(options.host);
      // The workers start while the workspace is listed; a small workspace is indexed here instead.
      const queue = new ChunkQueue([], { open: true });
      const job: ScanJob = o.withDiagnostics ? checkJob(true) : { maxBytes: settings.maxFileBytes, index: true };
      const scanning = options.scanner ? scan(queue, job, false) : Promise.resolve(false);
      const uris = await options.host.listYamlFiles();
      const todo = uris.filter((u) => !docs.has(u));
      const big = todo.length >= BULK_THRESHOLD;
      if (big) queue.add(todo);
      queue.close();
      const bulk = (await scanning) && big;
      if (!bulk) {
        await readEach(options.host, todo, (uri, text) => {
          if (!docs.has(uri)) indexText(uri, text);
        });
      }
      // The server primes every file's local diagnostics in the background, so that opening files is cheap.
      if (bulk && !o.withDiagnostics) {
        const t0 = Date.now();
        background = scan(new ChunkQueue(uris), checkJob(false), true).then((ok) => {
          if (ok) options.logger.info(`Checked ${uris.length} files in the background in ${Date.now() - t0} ms.`);
        });
      }
      return { files: uris.length, objects: index.size, millis: Date.now() - started };
    },
    backgroundCheck: () => background,
    fileChanged: (uri, text) => {
      if (!docs.has(uri)) indexText(uri, text);
    },
    fileDeleted: (uri) => {
      index.remove(uri);
      indexed.delete(uri);
      local.delete(uri);
      docs.delete(uri);
    },
    open: (uri, version, text) => {
      const doc = docs.set(uri, version, text);
      // Opening a file whose text the index already holds changes nothing in the workspace model.
      if (indexed.get(uri) !== doc.hash || !index.has(uri)) {
        const file = docs.parsed(uri)!;
        index.update(file);
        indexed.set(uri, doc.hash);
      }
    },
    close: (uri) => docs.delete(uri),
    openUris: () => docs.uris(),
    parsed: ctx.parsed,
    diagnostics: (uri) => {
      const doc = docs.get(uri);
      if (!doc) return [];
      return diagnose(ctx, { uri, text: doc.text, local: localOf(doc), lines: () => docs.parsed(uri)!.lines });
    },
    closedDiagnostics: (uri, text) => {
      if (docs.has(uri) || !index.has(uri)) return undefined;
      let cached = local.get(uri);
      const fresh = cached && cached.key === key && cached.hash === indexed.get(uri);
      if (text === undefined) {
        if (!fresh || cached!.suppressions !== false) return undefined;
        return diagnose(ctx, { uri, text: '', local: cached!.diagnostics, lines: () => { throw new Error('no text'); } });
      }
      const hash = textHash(text);
      if (!cached || cached.key !== key || cached.hash !== hash) {
        const file = parseFile(uri, 0, text, { maxBytes: settings.maxFileBytes });
        cached = { hash, key, diagnostics: localDiagnostics(options.registry, settings.platform, file), suppressions: hasSuppressions(text) };
        local.set(uri, cached);
      }
      const lines = () => new LineIndex(text);
      return diagnose(ctx, { uri, text, local: cached.diagnostics, lines });
    },
    completion: (uri, p, o) => withFile(uri, [], (f) => complete(ctx, f, offsetOf(f, p), o)),
    hover: (uri, p) => withFile(uri, null, (f) => hover(ctx, f, offsetOf(f, p))),
    codeActions: (uri, d) => withFile(uri, [], (f) => codeActions(f, d)),
    definition: (uri, p) => withFile(uri, [], (f) => definition(ctx, f, offsetOf(f, p))),
    references: (uri, p, inc) => withFile(uri, [], (f) => references(ctx, f, offsetOf(f, p), inc)),
    documentLinks: (uri) => withFile(uri, [], (f) => documentLinks(ctx, f)),
    dependents: (uri) => dependents(ctx, uri),
  };
  return Object.freeze(service);
}

// The language service: one factory that wires the features over a shared context and returns a frozen
// object. It imports neither vscode nor the LSP connection; the server and the checker adapt it.
import type { CodeAction, CompletionItem, Diagnostic, DocumentLink, Hover, Location, Position } from 'vscode-languageserver-types';
import type { ServiceContext } from './context';
import { DocumentCache } from './documents';
import { codeActions } from './features/codeActions';
import { complete, type CompletionOptions } from './features/completion';
import { diagnose } from './features/diagnostics';
import { hover } from './features/hover';
import { definition, dependents, documentLinks, references } from './features/navigation';
import type { Logger } from './logger';
import type { SchemaRegistry } from './schema/registry';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { readEach, type WorkspaceHost } from './workspace/host';
import { textHash } from './text';
import type { FileEntry } from './workspace/index';
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
  indexWorkspace(): Promise<IndexSummary>;
  /** A file changed on disk (created, saved, renamed to here): index it unless it is open. */
  fileChanged(uri: string, text: string): void;
  fileDeleted(uri: string): void;
  open(uri: string, version: number, text: string): ParsedFile;
  close(uri: string): void;
  openUris(): string[];
  parsed(uri: string): ParsedFile | undefined;
  diagnostics(uri: string): Diagnostic[];
  completion(uri: string, position: Position, options: CompletionOptions): CompletionItem[];
  hover(uri: string, position: Position): Hover | null;
  codeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[];
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentLinks(uri: string): DocumentLink[];
  dependents(uri: string): string[];
}

/** Builds index entries for many files at once (the server does it in worker threads); order is free. */
export type BulkIndexer = (uris: readonly string[], maxBytes: number) => Promise<{ uri: string; entry: FileEntry; hash: number }[]>;

export interface ServiceOptions {
  readonly registry: SchemaRegistry;
  readonly bulkIndexer?: BulkIndexer;
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  readonly settings?: Settings;
}

export function createLanguageService(options: ServiceOptions): LanguageService {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const index = new WorkspaceIndex();
  const open = new DocumentCache({ maxBytes: settings.maxFileBytes });
  const openSet = new Set<string>();
  const ctx: ServiceContext = {
    registry: options.registry,
    logger: options.logger,
    settings: () => settings,
    host: options.host,
    index,
    parsed: (uri) => (openSet.has(uri) ? open.peek(uri) : undefined),
  };
  const withFile = <T>(uri: string, empty: T, fn: (file: ParsedFile) => T): T => {
    const file = ctx.parsed(uri);
    return file ? fn(file) : empty;
  };
  const offsetOf = (file: ParsedFile, p: Position) => file.lines.offsetAt(p);
  const indexed = new Map<string, number>();
  /** Indexes through the bulk indexer; false when there is none or it failed (then the caller does it here). */
  const bulkIndex = async (uris: readonly string[]): Promise<boolean> => {
    if (!options.bulkIndexer) return false;
    try {
      const entries = await options.bulkIndexer(uris, settings.maxFileBytes);
      for (const e of entries) {
        if (openSet.has(e.uri)) continue;
        index.updateEntry(e.uri, e.entry);
        indexed.set(e.uri, e.hash);
      }
      return true;
    } catch (err) {
      options.logger.error('Indexing in worker threads failed; indexing here instead', err);
      return false;
    }
  };
  const indexText = (uri: string, text: string) => {
    index.update(parseFile(uri, 0, text, { maxBytes: settings.maxFileBytes }));
    indexed.set(uri, textHash(text));
  };

  const service: LanguageService = {
    registry: options.registry,
    index,
    settings: () => settings,
    setSettings: (s) => {
      settings = s;
    },
    indexWorkspace: async () => {
      const started = Date.now();
      await loadWorkspaceMeta(options.host);
      const uris = await options.host.listYamlFiles();
      const todo = uris.filter((u) => !openSet.has(u));
      const bulk = todo.length >= BULK_THRESHOLD ? await bulkIndex(todo) : false;
      if (!bulk) {
        await readEach(options.host, todo, (uri, text) => {
          if (!openSet.has(uri)) indexText(uri, text);
        });
      }
      return { files: uris.length, objects: index.size, millis: Date.now() - started };
    },
    fileChanged: (uri, text) => {
      if (!openSet.has(uri)) indexText(uri, text);
    },
    fileDeleted: (uri) => {
      index.remove(uri);
      indexed.delete(uri);
      open.delete(uri);
      openSet.delete(uri);
    },
    open: (uri, version, text) => {
      openSet.add(uri);
      const file = open.get(uri, version, text);
      // Opening a file whose text the index already holds changes nothing in the workspace model.
      const hash = textHash(text);
      if (indexed.get(uri) !== hash || !index.has(uri)) {
        index.update(file);
        indexed.set(uri, hash);
      }
      return file;
    },
    close: (uri) => {
      openSet.delete(uri);
      open.delete(uri);
    },
    openUris: () => [...openSet],
    parsed: ctx.parsed,
    diagnostics: (uri) => withFile(uri, [], (f) => diagnose(ctx, f)),
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



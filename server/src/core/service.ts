// The language service: one factory that wires the features over a shared context and returns a frozen
// object. It imports neither vscode nor the LSP connection; the server and the checker adapt it.
import type { CodeAction, CompletionItem, Diagnostic, DocumentLink, DocumentSymbol, Hover, Location, Position, Range, SymbolInformation } from 'vscode-languageserver-types';
import type { ServiceContext } from './context';
import { OpenDocuments, type OpenDocument } from './documents';
import { codeActions } from './features/codeActions';
import { complete, type CompletionOptions } from './features/completion';
import { diagnose } from './features/diagnostics';
import { localDiagnostics } from './features/local';
import { hover } from './features/hover';
import { definition, dependents, documentLinks, references } from './features/navigation';
import { rename, renameTarget, type RenameResult } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { findObject, objectsIn } from './features/objects';
import type { FindObjectRequest, ObjectsInRequest } from '../shared/protocol';
import { FileStates } from './fileStates';
import type { IndexCacheStore } from './indexCache';
import { Indexer, type BulkScanner, type IndexOptions, type IndexSummary } from './indexing';
import type { Logger } from './logger';
import type { SchemaRegistry } from './schema/registry';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { WorkspaceHost } from './workspace/host';
import { hasSuppressions } from './suppress';
import { textHash } from './text';
import { LineIndex } from './yaml/lines';
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
  documentSymbols(uri: string): DocumentSymbol[];
  /** The objects a file defines and the namespaces they land in. */
  objectsIn(uri: string): ObjectsInRequest.Result;
  /** Where the workspace defines an object. */
  findObject(params: FindObjectRequest.Params): FindObjectRequest.Result;
  workspaceSymbols(query: string): SymbolInformation[];
  /** The name under the cursor that a rename would change, or why it cannot (undefined: nothing here). */
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | { error: string } | undefined;
  rename(uri: string, position: Position, newName: string): RenameResult;
}

export interface ServiceOptions {
  readonly registry: SchemaRegistry;
  readonly scanner?: BulkScanner;
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  readonly settings?: Settings;
  /** Where the index is kept between starts (the server); none for the checker and the tests. */
  readonly cache?: IndexCacheStore;
}

export function createLanguageService(options: ServiceOptions): LanguageService {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const index = new WorkspaceIndex();
  const files = new FileStates(options.registry, settings);
  const docs = new OpenDocuments(() => ({ maxBytes: settings.maxFileBytes }));
  const ctx: ServiceContext = {
    registry: options.registry,
    logger: options.logger,
    settings: () => settings,
    host: options.host,
    index,
    parsed: (uri) => docs.parsed(uri),
  };
  const indexer = new Indexer({ ...options, index, files, isOpen: (uri) => docs.has(uri), settings: () => settings });
  const withFile = <T>(uri: string, empty: T, fn: (file: ParsedFile) => T): T => {
    const file = ctx.parsed(uri);
    return file ? fn(file) : empty;
  };
  const offsetOf = (file: ParsedFile, p: Position) => file.lines.offsetAt(p);
  /** Local diagnostics of a text: from the cache, or computed from a parse (and cached). */
  const localOf = (uri: string, hash: number, parse: () => ParsedFile, text: string) => {
    const cached = files.localOf(uri, hash);
    if (cached) return cached;
    files.setLocal(uri, hash, localDiagnostics(options.registry, settings.platform, parse()), hasSuppressions(text));
    return files.localOf(uri, hash)!;
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
    fileChanged: (uri, text) => indexer.indexText(uri, text),
    fileDeleted: (uri) => {
      indexer.forget(uri);
      docs.delete(uri);
    },
    open: (uri, version, text) => {
      const doc = docs.set(uri, version, text);
      // Opening a file whose text the index already holds changes nothing in the workspace model.
      if (files.indexed.get(uri) !== doc.hash || !index.has(uri)) {
        index.update(docs.parsed(uri)!);
        files.indexed.set(uri, doc.hash);
      }
    },
    close: (uri) => docs.delete(uri),
    openUris: () => docs.uris(),
    parsed: ctx.parsed,
    diagnostics: (uri) => {
      const doc = docs.get(uri);
      if (!doc) return [];
      return diagnose(ctx, { uri, text: doc.text, local: openLocal(doc), lines: () => docs.parsed(uri)!.lines });
    },
    closedDiagnostics: (uri, text) => {
      if (docs.has(uri) || !index.has(uri)) return undefined;
      if (text === undefined) {
        const cached = files.localOf(uri, files.indexed.get(uri) ?? -1);
        if (!cached || cached.suppressions !== false) return undefined;
        return diagnose(ctx, { uri, text: '', local: cached.diagnostics, lines: () => new LineIndex('') });
      }
      const parse = () => parseFile(uri, 0, text, { maxBytes: settings.maxFileBytes });
      const local = localOf(uri, textHash(text), parse, text).diagnostics;
      return diagnose(ctx, { uri, text, local, lines: () => new LineIndex(text) });
    },
    completion: (uri, p, o) => withFile(uri, [], (f) => complete(ctx, f, offsetOf(f, p), o)),
    hover: (uri, p) => withFile(uri, null, (f) => hover(ctx, f, offsetOf(f, p))),
    codeActions: (uri, d) => withFile(uri, [], (f) => codeActions(f, d)),
    definition: (uri, p) => withFile(uri, [], (f) => definition(ctx, f, offsetOf(f, p))),
    references: (uri, p, inc) => withFile(uri, [], (f) => references(ctx, f, offsetOf(f, p), inc)),
    documentLinks: (uri) => withFile(uri, [], (f) => documentLinks(ctx, f)),
    dependents: (uri) => dependents(ctx, uri),
    documentSymbols: (uri) => withFile(uri, [], (f) => documentSymbols(ctx, f)),
    objectsIn: (uri) => objectsIn(ctx, uri),
    findObject: (params) => findObject(ctx, params),
    workspaceSymbols: (query) => workspaceSymbols(ctx, query),
    prepareRename: (uri, p) => withFile(uri, undefined, (f) => {
      const t = renameTarget(ctx, f, offsetOf(f, p));
      return t && 'error' in t ? t : t && { range: t.range, placeholder: t.name };
    }),
    rename: (uri, p, newName) => withFile<RenameResult>(uri, { error: 'The file is not open.' }, (f) => rename(ctx, f, offsetOf(f, p), newName)),
  };
  return Object.freeze(service);
}

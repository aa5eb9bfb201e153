// Keeping the workspace index in step with the open documents without blocking the editor. An edit only
// records the new text; the index follows when something reads it (a request, the publisher), so a burst of
// a thousand edits costs one parse, of the last text. A large text (documents.ts) is never parsed here: a
// worker indexes and checks it, at most one scan per document at a time, and the answer for a text that
// was edited meanwhile is dropped in favour of a scan of the latest one.
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnostic } from './diagnostic';
import { isLarge, isMidSize, type OpenDocuments } from './documents';
import { localKey } from './features/local';
import type { FileStates } from './fileStates';
import type { Logger } from './logger';
import type { ScanItem, ScanJob } from './scan';
import type { WorkspaceIndex } from './workspace/index';
import { LineIndex } from './yaml/lines';

/** Indexes and checks one text off the main thread (the server's worker). */
/** Scans a text in a worker; without a text the worker reads the file (a closed one) from disk itself. */
export type TextScanner = (uri: string, text: string | undefined, job: ScanJob) => Promise<ScanItem>;

export interface TextSyncDeps {
  readonly docs: OpenDocuments;
  readonly index: WorkspaceIndex;
  readonly files: FileStates;
  /** What a worker does with a file's text (the profile is the file's own). */
  readonly job: (uri: string) => ScanJob & { readonly check: NonNullable<ScanJob['check']> };
  readonly scanner?: TextScanner;
  readonly logger: Logger;
  /** Files the index leaves out (chart contents). */
  readonly skip: (uri: string) => boolean;
}

export class TextSync {
  private readonly stale = new Set<string>();
  /** Large documents being scanned, by the hash of the text in the worker. */
  private readonly scanning = new Map<string, number>();
  /** Per closed file, the indexed text's hash when a text of it went to the worker unhashed (scanClosedUnhashed). */
  private readonly unhashed = new Map<string, number>();
  /** The latest text of a closed file that changed again while its scan was in flight. */
  private readonly queued = new Map<string, string>();
  private listener: (uri: string, indexed: boolean) => void = () => undefined;

  constructor(private readonly d: TextSyncDeps) {}

  /** An open document's text changed (or it was opened). */
  changed(uri: string): void {
    this.stale.add(uri);
  }

  /** Tells when a worker has indexed and checked a large document (its diagnostics can be published). */
  whenChecked(listener: (uri: string, indexed: boolean) => void): void {
    this.listener = listener;
  }

  /**
   * Whether a worker is still computing the local diagnostics of a document's current text, or of a closed
   * file (whose publication waits for the answer rather than reading and hashing megabytes again meanwhile).
   */
  checking(uri: string): boolean {
    this.settle(uri);
    const doc = this.d.docs.get(uri);
    if (!doc) return this.scanning.has(uri);
    if (!this.d.scanner || !this.d.docs.offThread(uri) || this.d.files.localOf(uri, doc.hash)) return false;
    this.scan(uri);
    return true;
  }

  /** Brings the index up to date with every open document's latest text. */
  settleAll(): void {
    for (const uri of this.stale) this.settle(uri);
  }

  settle(uri: string): void {
    if (!this.stale.delete(uri)) return;
    const doc = this.d.docs.get(uri);
    if (!doc || this.d.skip(uri)) return;
    // Opening a file whose text the index already holds changes nothing in the workspace model.
    if (this.d.files.indexed.get(uri) === doc.hash && this.d.index.has(uri)) return;
    if (this.d.scanner && this.d.docs.offThread(uri)) return this.scan(uri);
    this.d.index.update(this.d.docs.parsed(uri)!);
    this.d.files.indexed.set(uri, doc.hash);
  }

  /**
   * Like scanClosed for a large closed text whose hash is not computed here (the worker's answer brings it): the
   * file's indexed text has no known checks, and the text read back from disk is most likely that one. Once per
   * indexed text: if the answer is for another text, the caller hashes it here the next time (false).
   */
  scanClosedUnhashed(uri: string, text: string, indexed: number | undefined): boolean {
    if (!this.d.scanner || indexed === undefined || this.unhashed.get(uri) === indexed) return false;
    if (this.scanning.has(uri)) return true;
    this.unhashed.set(uri, indexed);
    return this.scanClosed(uri, text, -1, 0);
  }

  /**
   * The local diagnostics of a closed file whose indexed text has none known, from a worker that reads the file
   * itself (true): its text is then neither read, decoded nor copied on this thread. Once per indexed text, as
   * scanClosedUnhashed (the disk may hold another text by now: the answer is kept by its hash, and the caller's next
   * look reads the file). False without a worker.
   */
  scanClosedFromDisk(uri: string, indexed: number): boolean {
    if (!this.d.scanner || this.d.docs.has(uri) || this.d.skip(uri) || this.unhashed.get(uri) === indexed) return false;
    if (this.scanning.has(uri)) return true;
    this.unhashed.set(uri, indexed);
    return this.scanClosed(uri, undefined, -1, 0);
  }

  /**
   * The local diagnostics of a file that is not open, from a worker (true), or false when the text is small
   * (under `minChars`, else not large) or there is no worker (the caller computes them). whenChecked tells when
   * they are cached.
   */
  scanClosed(uri: string, text: string | undefined, hash: number, minChars?: number): boolean {
    if (!this.d.scanner || (text !== undefined && (minChars === undefined ? !isLarge(text) : text.length < minChars))) return false;
    if (this.scanning.has(uri)) return true;
    const job = this.d.job(uri);
    this.scanning.set(uri, hash);
    this.d.scanner(uri, text, { ...job, index: false }).then(
      (item) => this.scanned(uri, job, item, true),
      (err) => {
        this.d.logger.error(`Checking ${uri} in a worker failed`, err);
        this.scanned(uri, job, { uri, hash, local: [failure(err)], suppressions: false }, true);
      },
    );
    return true;
  }

  /**
   * Indexes (and checks) a large file that changed on disk and is not open, in the worker (true), or false
   * when the caller should do it here. A text that changes again meanwhile is scanned after the one in flight.
   */
  indexClosed(uri: string, text: string): boolean {
    if (!this.d.scanner || !isMidSize(text) || this.d.docs.has(uri) || this.d.skip(uri)) return false;
    if (this.scanning.has(uri)) {
      this.queued.set(uri, text);
      return true;
    }
    const job = this.d.job(uri);
    this.scanning.set(uri, -1);
    const done = (item: ScanItem | undefined) => {
      this.scanning.delete(uri);
      if (item && !this.d.docs.has(uri)) {
        if (item.entry) this.d.index.updateEntry(uri, item.entry);
        this.d.files.indexed.set(uri, item.hash);
        this.d.files.setLocal(uri, item.hash, item.local ?? [], item.suppressions, localKey(job.check.profile, job.check.platform));
        this.listener(uri, true);
      }
      this.next(uri);
    };
    this.d.scanner(uri, text, job).then(done, (err) => {
      this.d.logger.error(`Indexing ${uri} in a worker failed`, err);
      done(undefined);
    });
    return true;
  }

  private scan(uri: string): void {
    const doc = this.d.docs.get(uri);
    if (!doc || this.scanning.has(uri)) return; // The answer for the text in flight brings the next scan.
    const job = this.d.job(uri);
    this.scanning.set(uri, doc.hash);
    this.d.scanner!(uri, doc.text, job).then(
      (item) => this.scanned(uri, job, item),
      (err) => {
        this.d.logger.error(`Checking ${uri} in a worker failed`, err);
        this.scanned(uri, job, { uri, hash: doc.hash, local: [failure(err)] });
      },
    );
  }

  /** The text of a closed file that changed on disk while a scan of it was in flight is indexed now. */
  private next(uri: string): void {
    const text = this.queued.get(uri);
    this.queued.delete(uri);
    if (text !== undefined) this.indexClosed(uri, text);
  }

  /** A worker's answer for an open document, or a closed file (whose index entry came from the same text). */
  private scanned(uri: string, job: ReturnType<TextSyncDeps['job']>, item: ScanItem, closedText = false): void {
    this.scanning.delete(uri);
    // Whatever this answer was for, a text the disk has since is indexed (else the index would keep an old one).
    this.next(uri);
    const doc = this.d.docs.get(uri);
    const key = localKey(job.check.profile, job.check.platform);
    if (doc && doc.hash !== item.hash) {
      // Superseded: the open document's latest text is scanned now.
      this.checking(uri);
      return;
    }
    if (!doc && this.d.files.indexed.get(uri) !== item.hash) {
      // A closed file indexed from another text: what the worker found is kept by the hash of its text, and the
      // publisher reads the file again (it scans again only if the text there is yet another one). A late answer
      // for an editor's text (closed since) leaves the checks of the text indexed from disk, if they are known.
      const indexed = this.d.files.indexed.get(uri);
      if (closedText || indexed === undefined || !this.d.files.localOf(uri, indexed, key)) this.d.files.setLocal(uri, item.hash, item.local ?? [], item.suppressions, key);
      this.listener(uri, false);
      return;
    }
    if (item.entry) this.d.index.updateEntry(uri, item.entry);
    this.d.files.indexed.set(uri, item.hash);
    this.d.files.setLocal(uri, item.hash, item.local ?? [], item.suppressions, key);
    this.listener(uri, false);
  }
}

function failure(err: unknown): Diagnostic {
  const message = `This file could not be analysed (${(err as Error)?.message ?? String(err)}).`;
  return diagnostic(new LineIndex(''), 0, 0, 'unparsable-file', message, 'error');
}

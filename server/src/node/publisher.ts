// Publishes diagnostics: open documents after each burst of messages, and, when the scope is the whole
// workspace, the files that are not open too (from the index and the cached local diagnostics, so a closed
// file costs no parse unless its text changed or holds suppression comments). Work is done in small slices
// per turn of the event loop, so that thousands of files never hold up a completion or a hover.
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Logger } from '../core/logger';
import type { LanguageService } from '../core/service';

export type DiagnosticsScope = 'workspace' | 'open';

export interface PublisherHost {
  readonly service: LanguageService;
  /** The version of an open document, undefined when it is not open. */
  versionOf(uri: string): number | undefined;
  send(params: PublishDiagnosticsParams): void;
  readFile(uri: string): Promise<string | undefined>;
  readonly logger: Logger;
}

/** Open documents validated per turn (a few milliseconds at most: a completion waits no longer). */
const OPEN_PER_TURN = 64;
/** Closed files per turn: cheap each, but there may be ten thousand of them, and a request waits for the turn. */
const CLOSED_PER_TURN = 8;
/**
 * An open document is validated again no sooner than this many milliseconds (or twice what its last
 * validation took) after the last time: a burst of edits to one file is validated a few times, not once per
 * edit, so that a request behind the burst does not wait for a thousand validations. Single edits, seconds
 * apart as people type, are validated at once.
 */
const MIN_GAP_MS = 10;
/**
 * Work per turn stops after this many milliseconds, whatever the counts above allow: a request that arrives
 * meanwhile (a completion behind the re-publishing a finished render causes) waits about this long at most.
 */
const TURN_BUDGET_MS = 2;

export class Publisher {
  private scope: DiagnosticsScope = 'workspace';
  private readonly openPending = new Set<string>();
  private readonly closedPending = new Set<string>();
  /** Closed files whose text was read for their check, waiting for a flush. */
  private readonly closedTexts = new Map<string, string | undefined>();
  /** Closed files whose last publication was not empty. */
  private readonly closedShown = new Set<string>();
  /** Edited documents whose dependents are still to be scheduled. */
  private readonly changedPending = new Set<string>();
  /** When each open document may be validated again. */
  private readonly notBefore = new Map<string, number>();
  private turn?: NodeJS.Immediate;
  private wake?: NodeJS.Timeout;
  /**
   * Closed files wait for the first everyClosed() (after the background check): before it they have no cached
   * local diagnostics, and each would be read and parsed here while the workers check it anyway.
   */
  private closedHeld = true;

  constructor(private readonly host: PublisherHost) {}

  setScope(scope: DiagnosticsScope): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.everyClosed();
  }

  /** A document to validate after the current burst (open or not: it is sorted out then). */
  schedule(uri: string): void {
    if (this.host.versionOf(uri) !== undefined) this.openPending.add(uri);
    else this.closedPending.add(uri);
    this.turn ??= setImmediate(() => this.flush());
  }

  /** An open document was edited (or checked by a worker): it and the files that depend on it are validated. */
  changed(uri: string): void {
    if (this.host.versionOf(uri) !== undefined) this.changedPending.add(uri);
    this.schedule(uri);
  }

  /** Every indexed file that is not open (after indexing, or when the scope or the settings change). */
  everyClosed(): void {
    this.closedHeld = false;
    for (const uri of this.host.service.index.uris()) if (this.host.versionOf(uri) === undefined) this.closedPending.add(uri);
    for (const uri of this.closedShown) this.closedPending.add(uri);
    this.turn ??= setImmediate(() => this.flush());
  }

  /** A document was closed: it is published as a closed file from now on (or cleared). */
  closed(uri: string): void {
    if (this.scope === 'open') return this.host.send({ uri, diagnostics: [] });
    // What was published while it was open is on screen: the closed check replaces it, or clears it.
    this.closedShown.add(uri);
    this.schedule(uri);
  }

  private flush(): void {
    this.turn = undefined;
    let n = 0;
    let wait = Infinity;
    const now = performance.now();
    for (const uri of this.openPending) {
      if (n >= OPEN_PER_TURN || performance.now() - now > TURN_BUDGET_MS) break;
      const early = (this.notBefore.get(uri) ?? 0) - now;
      if (early > 0) {
        wait = Math.min(wait, early);
        continue;
      }
      n++;
      this.openPending.delete(uri);
      this.closedShown.delete(uri);
      const edited = this.dependentsOf(uri);
      const started = performance.now();
      this.validateOpen(uri);
      const ended = performance.now();
      // Only edits wait for the gap: the first edit after opening a file is validated at once.
      if (edited) this.notBefore.set(uri, ended + Math.max(MIN_GAP_MS, 2 * (ended - started)));
      else this.notBefore.delete(uri);
    }
    if (wait < Infinity && !this.wake) {
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.turn ??= setImmediate(() => this.flush());
      }, Math.ceil(wait));
    }
    n = 0;
    for (const uri of this.closedHeld ? [] : this.closedPending) {
      if (n++ >= CLOSED_PER_TURN || performance.now() - now > TURN_BUDGET_MS) break;
      this.closedPending.delete(uri);
      this.validateClosed(uri);
    }
    this.checkReadTexts(now);
    const ready = [...this.openPending].some((uri) => (this.notBefore.get(uri) ?? 0) <= performance.now());
    if (ready || this.closedTexts.size || (this.closedPending.size && !this.closedHeld)) this.turn = setImmediate(() => this.flush());
  }

  /** The files an edit may have changed the diagnostics of (after the index has taken the edit). */
  private dependentsOf(uri: string): boolean {
    if (!this.changedPending.delete(uri)) return false;
    try {
      for (const dep of this.host.service.dependents(uri)) if (dep !== uri) this.schedule(dep);
    } catch (err) {
      this.host.logger.error(`Finding the dependants of ${uri} failed`, err);
    }
    return true;
  }

  private validateOpen(uri: string): void {
    const version = this.host.versionOf(uri);
    if (version === undefined) return;
    try {
      // A worker is checking a large text; its answer schedules the document again (service.whenChecked).
      if (this.host.service.checking(uri)) return;
      this.host.send({ uri, version, diagnostics: this.host.service.diagnostics(uri) });
    } catch (err) {
      this.host.logger.error(`Diagnostics failed for ${uri}`, err);
      this.host.send({ uri, diagnostics: [] });
    }
  }

  private validateClosed(uri: string): void {
    if (this.host.versionOf(uri) !== undefined) return;
    const wanted = this.scope === 'workspace' && this.host.service.index.has(uri);
    if (!wanted) return this.showClosed(uri, []);
    try {
      // A worker is checking its text; its answer schedules the file again (service.whenChecked).
      if (this.host.service.checking(uri)) return;
      const diagnostics = this.host.service.closedDiagnostics(uri);
      if (diagnostics) return this.showClosed(uri, diagnostics);
      // A worker took the file from disk itself.
      if (this.host.service.checking(uri)) return;
    } catch (err) {
      this.host.logger.error(`Diagnostics failed for ${uri}`, err);
      return this.showClosed(uri, []);
    }
    // Its text is needed (changed on disk, or suppression comments). Reads finish together: their checks wait
    // for the next flush, which takes them within its time budget.
    void this.host.readFile(uri).then((text) => {
      this.closedTexts.set(uri, text);
      this.turn ??= setImmediate(() => this.flush());
    });
  }

  /** Checks closed files whose text was read, one at least, then until the turn's budget is spent. */
  private checkReadTexts(since: number): void {
    let first = true;
    for (const [uri, text] of this.closedTexts) {
      if (!first && performance.now() - since > TURN_BUDGET_MS) break;
      first = false;
      this.closedTexts.delete(uri);
      if (this.host.versionOf(uri) !== undefined) continue;
      try {
        this.showClosed(uri, text === undefined ? [] : (this.host.service.closedDiagnostics(uri, text) ?? []));
      } catch (err) {
        this.host.logger.error(`Diagnostics failed for ${uri}`, err);
      }
    }
  }

  private showClosed(uri: string, diagnostics: Diagnostic[]): void {
    if (!diagnostics.length && !this.closedShown.has(uri)) return;
    if (diagnostics.length) this.closedShown.add(uri);
    else this.closedShown.delete(uri);
    this.host.send({ uri, diagnostics });
  }
}

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

export class Publisher {
  private scope: DiagnosticsScope = 'workspace';
  private readonly openPending = new Set<string>();
  private readonly closedPending = new Set<string>();
  /** Closed files whose last publication was not empty. */
  private readonly closedShown = new Set<string>();
  private turn?: NodeJS.Immediate;

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

  /** Every indexed file that is not open (after indexing, or when the scope or the settings change). */
  everyClosed(): void {
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
    for (const uri of this.openPending) {
      if (n++ >= OPEN_PER_TURN) break;
      this.openPending.delete(uri);
      this.closedShown.delete(uri);
      this.validateOpen(uri);
    }
    n = 0;
    for (const uri of this.closedPending) {
      if (n++ >= CLOSED_PER_TURN) break;
      this.closedPending.delete(uri);
      this.validateClosed(uri);
    }
    if (this.openPending.size || this.closedPending.size) this.turn = setImmediate(() => this.flush());
  }

  private validateOpen(uri: string): void {
    const version = this.host.versionOf(uri);
    if (version === undefined) return;
    try {
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
      const diagnostics = this.host.service.closedDiagnostics(uri);
      if (diagnostics) return this.showClosed(uri, diagnostics);
    } catch (err) {
      this.host.logger.error(`Diagnostics failed for ${uri}`, err);
      return this.showClosed(uri, []);
    }
    // Its text is needed (changed on disk, or suppression comments).
    void this.host.readFile(uri).then((text) => {
      if (this.host.versionOf(uri) !== undefined) return;
      try {
        this.showClosed(uri, text === undefined ? [] : (this.host.service.closedDiagnostics(uri, text) ?? []));
      } catch (err) {
        this.host.logger.error(`Diagnostics failed for ${uri}`, err);
      }
    });
  }

  private showClosed(uri: string, diagnostics: Diagnostic[]): void {
    if (!diagnostics.length && !this.closedShown.has(uri)) return;
    if (diagnostics.length) this.closedShown.add(uri);
    else this.closedShown.delete(uri);
    this.host.send({ uri, diagnostics });
  }
}

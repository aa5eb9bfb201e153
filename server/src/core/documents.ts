// The documents the editor holds open, and the parses of the ones a feature has needed lately. A document is
// parsed only when something needs its syntax tree (completion, hover, links, a text the index or the local
// diagnostics have not seen): opening many files that are unchanged on disk parses none of them.
import { textHash } from './text';
import { parseFile, type ParsedFile, type ParseLimits } from './yaml/parse';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly hash: number;
}

/** How many syntax trees of open documents stay in memory (the ones used last). */
const KEEP_PARSES = 64;

export class OpenDocuments {
  private readonly docs = new Map<string, OpenDocument>();
  /** Parses by uri, in least-recently-used order (a Map keeps insertion order). */
  private readonly parses = new Map<string, ParsedFile>();

  constructor(private readonly limits: () => ParseLimits) {}

  set(uri: string, version: number, text: string): OpenDocument {
    const doc = { uri, version, text, hash: textHash(text) };
    this.docs.set(uri, doc);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  /** The parse of an open document's current text (parsed now if it is not kept). */
  parsed(uri: string): ParsedFile | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const kept = this.parses.get(uri);
    this.parses.delete(uri);
    const file = kept && kept.version === doc.version && kept.text === doc.text ? kept : parseFile(uri, doc.version, doc.text, this.limits());
    this.keep(file);
    return file;
  }

  /** Keeps a parse made elsewhere (e.g. to update the index) for the features that follow. */
  keep(file: ParsedFile): void {
    this.parses.delete(file.uri);
    this.parses.set(file.uri, file);
    if (this.parses.size > KEEP_PARSES) this.parses.delete(this.parses.keys().next().value!);
  }

  delete(uri: string): void {
    this.docs.delete(uri);
    this.parses.delete(uri);
  }
}

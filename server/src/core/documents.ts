// The documents the editor holds open, and the parses of the ones a feature has needed lately. A document is
// parsed only when something needs its syntax tree (completion, hover, links, a text the index or the local
// diagnostics have not seen): opening many files that are unchanged on disk parses none of them.
// A large text (the server only) is never parsed whole here: a worker checks it, and features get the
// document around the cursor (parseWindow), so that no request waits for a parse of megabytes.
import { textHash } from './text';
import { LineIndex } from './yaml/lines';
import { parseFile, parseWindow, type ParsedFile, type ParseLimits } from './yaml/parse';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly hash: number;
}

/** How many syntax trees of open documents stay in memory (the ones used last). */
const KEEP_PARSES = 64;
/** Above this many characters a text is large: parsed whole in a worker only (when there is one). */
export const LARGE_TEXT = 256 * 1024;
export function isLarge(text: string): boolean {
  return text.length > LARGE_TEXT;
}

/** The largest document of a large text that a feature parses around its cursor. */
const WINDOW = 256 * 1024;

export class OpenDocuments {
  private readonly docs = new Map<string, OpenDocument>();
  /** Parses by uri, in least-recently-used order (a Map keeps insertion order). */
  private readonly parses = new Map<string, ParsedFile>();
  /** Line tables of large texts (a parse carries its own for the others). */
  private readonly lineTables = new Map<string, LineIndex>();

  /** `wholeLarge`: large texts are parsed whole here too (the checker and the tests, which have no loop to keep free). */
  constructor(private readonly limits: () => ParseLimits, private readonly wholeLarge = true) {}

  set(uri: string, version: number, text: string): OpenDocument {
    const doc = { uri, version, text, hash: textHash(text) };
    this.docs.set(uri, doc);
    this.lineTables.delete(uri);
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

  /** Whether a document is too large to parse whole on this thread. */
  isLarge(uri: string): boolean {
    const doc = this.docs.get(uri);
    return !!doc && !this.wholeLarge && isLarge(doc.text);
  }

  /** The parse of an open document's current text (parsed now if it is not kept); none for a large text. */
  parsed(uri: string): ParsedFile | undefined {
    const doc = this.docs.get(uri);
    if (!doc || this.isLarge(uri)) return undefined;
    const kept = this.parses.get(uri);
    this.parses.delete(uri);
    const file = kept && kept.version === doc.version && kept.text === doc.text ? kept : parseFile(uri, doc.version, doc.text, this.limits());
    this.keep(file);
    return file;
  }

  /** The parse a feature at `offset` needs: the whole text, or only the document there in a large text. */
  parsedAt(uri: string, offset: number): ParsedFile | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !this.isLarge(uri)) return this.parsed(uri);
    return parseWindow(uri, doc.version, doc.text, this.lines(uri)!, offset, WINDOW);
  }

  /** The line table of an open document's text. */
  lines(uri: string): LineIndex | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    if (!this.isLarge(uri)) return this.parsed(uri)!.lines;
    let table = this.lineTables.get(uri);
    if (!table) this.lineTables.set(uri, (table = new LineIndex(doc.text)));
    return table;
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
    this.lineTables.delete(uri);
  }
}

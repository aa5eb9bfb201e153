// The documents the editor holds open, and the parses of the ones a feature has needed lately. A document is
// parsed only when something needs its syntax tree (completion, hover, links, a text the index or the local
// diagnostics have not seen): opening many files that are unchanged on disk parses none of them.
// A large text (the server only) is never parsed whole here: a worker checks it, and features get the
// document around the cursor (parseWindow), so that no request waits for a parse of megabytes. A mid-sized one
// (over 8 KiB) is checked and indexed by the worker too, and parsed whole here only when a feature needs it all.
import { textHash } from './text';
import { LineIndex } from './yaml/lines';
import { measure } from './yaml/limits';
import { parseFile, parseWindow, type ParsedFile, type ParseLimits } from './yaml/parse';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly hash: number;
}

/** A document's text and, once something asks, its hash: a burst of edits hashes only the texts that are read. */
class Versioned implements OpenDocument {
  private computed?: number;
  private largeText?: boolean;
  private midText?: boolean;

  constructor(readonly uri: string, readonly version: number, readonly text: string, hash?: number) {
    this.computed = hash;
  }

  get hash(): number {
    this.computed ??= textHash(this.text);
    return this.computed;
  }

  get large(): boolean {
    this.largeText ??= isLarge(this.text);
    return this.largeText;
  }

  /** Large, or at least mid-sized: checked and indexed in a worker, features parse only around the cursor. */
  get offThread(): boolean {
    this.midText ??= isMidSize(this.text);
    return this.midText;
  }
}

/** How many syntax trees of open documents stay in memory (the ones used last). */
const KEEP_PARSES = 64;
/**
 * Above this many characters a text is large: parsed whole in a worker only (when there is one). The yaml
 * library parses about a megabyte a second on a busy machine, so a larger parse would hold a request up.
 */
export const LARGE_TEXT = 64 * 1024;
/** Above this many items (lines and flow entries) a text is large too: flow collections parse slowest. */
const LARGE_ITEMS = 4_000;

/**
 * Above this many characters (or items) an open document is checked and indexed in a worker, not here: a parse
 * and check of 8 KiB takes about 5 ms on a busy machine, and every request that arrives meanwhile waits for it.
 * Features still get a whole parse of such a text on demand (unlike a large one); completion, hover and
 * navigation parse only what the cursor needs (yaml/cursorWindow.ts).
 */
const MID_TEXT = 8 * 1024;
const MID_ITEMS = 500;

/** A text of at least mid size (see MID_TEXT): its parse and check belong in a worker. */
export function isMidSize(text: string): boolean {
  return text.length > MID_TEXT || measure(text).items > MID_ITEMS;
}

export function isLarge(text: string): boolean {
  return text.length > LARGE_TEXT || measure(text).items > LARGE_ITEMS;
}

/** The largest document of a large text that a feature parses around its cursor. */
const WINDOW = 128 * 1024;

export class OpenDocuments {
  private readonly docs = new Map<string, OpenDocument>();
  /** Parses by uri, in least-recently-used order (a Map keeps insertion order). */
  private readonly parses = new Map<string, ParsedFile>();
  /** Line tables of large texts (a parse carries its own for the others). */
  private readonly lineTables = new Map<string, LineIndex>();
  /** The last document parsed around a cursor in a large text, per uri, and the offsets of the text it serves. */
  private readonly windows = new Map<string, { file: ParsedFile; version: number; text: string; from: number; to: number }>();

  /** `wholeLarge`: large texts are parsed whole here too (the checker and the tests, which have no loop to keep free). */
  constructor(private readonly limits: () => ParseLimits, private readonly wholeLarge = true) {}

  /** `hash`: the text's textHash, when the caller has it (else computed when first read). */
  set(uri: string, version: number, text: string, hash?: number): OpenDocument {
    const doc = new Versioned(uri, version, text, hash);
    this.docs.set(uri, doc);
    this.lineTables.delete(uri);
    this.windows.delete(uri);
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
    return !!doc && !this.wholeLarge && (doc as Versioned).large;
  }

  /** Whether a worker checks and indexes a document (large or mid-sized), so that no edit parses it here. */
  offThread(uri: string): boolean {
    const doc = this.docs.get(uri);
    return !!doc && !this.wholeLarge && (doc as Versioned).offThread;
  }

  /** The parse of an open document's current text (parsed now if it is not kept); none for a large text. */
  parsed(uri: string): ParsedFile | undefined {
    const doc = this.docs.get(uri);
    if (!doc || this.isLarge(uri)) return undefined;
    const file = this.keptWhole(doc) ?? parseFile(uri, doc.version, doc.text, this.limits());
    this.keep(file);
    return file;
  }

  /** The parse a feature at `offset` needs: the whole text, or only the document there in a large text. */
  parsedAt(uri: string, offset: number): ParsedFile | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !this.offThread(uri)) return this.parsed(uri);
    const whole = this.keptWhole(doc);
    if (whole) return whole;
    const kept = this.windows.get(uri);
    if (kept && kept.version === doc.version && kept.text === doc.text && kept.from <= offset && offset <= kept.to) return kept.file;
    const lines = this.lines(uri)!;
    const file = parseWindow(uri, doc.version, doc.text, lines, offset, WINDOW);
    if (!file) return undefined;
    // A window holds the offsets of the documents it parsed; a compact text (a big document) only its cursor's line.
    const line = lines.positionAt(offset).line;
    const [from, to] = file.text === doc.text && file.docs.length ? [file.docs[0].start, file.docs[file.docs.length - 1].end] : [lines.lineStart(line), lines.lineEnd(line)];
    this.windows.set(uri, { file, version: doc.version, text: doc.text, from, to });
    return file;
  }

  /** The line table of an open document's text. */
  lines(uri: string): LineIndex | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    if (!this.offThread(uri)) return this.parsed(uri)!.lines;
    const whole = this.keptWhole(doc);
    if (whole) return whole.lines;
    let table = this.lineTables.get(uri);
    if (!table) this.lineTables.set(uri, (table = new LineIndex(doc.text)));
    return table;
  }

  /** A whole parse of the document's current text, if one is kept (a feature asked for it). */
  private keptWhole(doc: OpenDocument): ParsedFile | undefined {
    const kept = this.parses.get(doc.uri);
    return kept && kept.version === doc.version && kept.text === doc.text ? kept : undefined;
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
    this.windows.delete(uri);
  }
}

// Parses a file once per version into one entry per `---` document, with source ranges. Every feature reads
// this parse. Hostile input (binary, huge, deeply nested, alias bombs) yields a file-level problem, never a
// throw: the caller always gets a ParsedFile.
import { Composer, Document, isMap, isScalar, parseAllDocuments, Parser, type Node, type YAMLMap } from 'yaml';
import { DEFAULT_LIMITS, refusal, type ParseLimits } from './limits';
import { compactAround } from './cursorWindow';
import { LineIndex } from './lines';

export { DEFAULT_LIMITS, type ParseLimits } from './limits';

export interface SyntaxProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly severity: 'error' | 'warning';
}

export interface DocIdentity {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface ParsedDoc {
  readonly index: number;
  readonly doc: Document.Parsed;
  readonly start: number;
  readonly end: number;
  readonly identity: DocIdentity;
  readonly root: YAMLMap | undefined;
  readonly problems: readonly SyntaxProblem[];
}

export interface ParsedFile {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly docs: readonly ParsedDoc[];
  /** Problems that concern the whole file (binary, too large, too deep); when set, `docs` may be empty. */
  readonly fileProblems: readonly SyntaxProblem[];
}

/** Warnings of the yaml library that are noise for Kubernetes manifests (custom tags are left to their tools). */
const IGNORED_WARNINGS = new Set(['TAG_RESOLVE_FAILED', 'BAD_DIRECTIVE']);

export function parseFile(uri: string, version: number, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedFile {
  const lines = new LineIndex(text);
  const refused = refusal(text, limits);
  if (refused) return { uri, version, text, lines, docs: [], fileProblems: [refused] };
  const traces = withoutStackTraces();
  try {
    const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
    const list = Array.isArray(docs) ? docs : [];
    return { uri, version, text, lines, docs: list.map((d, i) => toParsedDoc(d, i)), fileProblems: [] };
  } catch (err) {
    const deep = err instanceof RangeError;
    const message = deep
      ? 'This file is nested too deeply to analyse; it was skipped.'
      : `This file could not be parsed: ${(err as Error).message}`;
    return { uri, version, text, lines, docs: [], fileProblems: [{ message, start: 0, end: 0, code: 'unparsable-file', severity: 'error' }] };
  } finally {
    Error.stackTraceLimit = traces;
  }
}

/**
 * The yaml library reports each syntax error as an Error, whose stack trace costs more than the parse itself
 * when a broken text has thousands of them: none is recorded while parsing (the previous limit is returned).
 */
function withoutStackTraces(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return limit;
}

/**
 * Only the document of a large text that holds `offset`, parsed with the offsets of the whole text (the
 * parser starts counting at the document's first byte): what completion and hover need, in the time a
 * document takes rather than the whole file. Undefined when that document alone is larger than `maxWindow`.
 */
export function parseWindow(uri: string, version: number, text: string, lines: LineIndex, offset: number, maxWindow: number): ParsedFile | undefined {
  const start = documentStart(text, offset);
  const end = documentEnd(text, offset);
  if (end - start > COMPACT_FROM) return parseCompact(uri, version, lines, start, end, offset);
  if (end - start > maxWindow) return undefined;
  const slice = text.slice(start, end);
  // A document of thousands of items takes too long to parse for a request: it is not parsed at all.
  const refused = refusal(slice, { maxBytes: maxWindow, maxItems: WINDOW_ITEMS });
  if (refused) return undefined;
  const docs = composeAt(slice, start);
  return docs && { uri, version, text, lines, docs, fileProblems: [] };
}

/** The documents of `text`, whose first character is at `offset` of what its positions count in; none on a throw. */
function composeAt(text: string, offset: number): ParsedDoc[] | undefined {
  const traces = withoutStackTraces();
  try {
    const parser = new Parser();
    parser.offset = offset;
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
    return [...composer.compose(parser.parse(text), true, offset + text.length)].map((d, i) => toParsedDoc(d, i));
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = traces;
  }
}

/**
 * A document over this many characters is parsed as the compact text of what the cursor needs (cursorWindow.ts):
 * its file's text and line table are that compact text's, positions the whole text's.
 */
const COMPACT_FROM = 8 * 1024;

function parseCompact(uri: string, version: number, lines: LineIndex, start: number, end: number, offset: number): ParsedFile | undefined {
  const first = lines.positionAt(start).line;
  // A document that ends the text ends on its last line (after a final line break: an empty one).
  const last = Math.max(first, lines.positionAt(end === lines.text.length ? end : Math.max(start, end - 1)).line);
  const compact = compactAround(lines, first, last, lines.positionAt(offset));
  if (!compact || refusal(compact.text, { maxBytes: compact.text.length * 4, maxItems: WINDOW_ITEMS })) return undefined;
  const docs = composeAt(compact.text, 0);
  return docs && { uri, version, text: compact.text, lines: compact.lines, docs, fileProblems: [] };
}

const MARKER = /^---(\s|$)/;
/** The most items (lines and flow entries) of a document parsed around a cursor. */
const WINDOW_ITEMS = 4_000;

/** Where the document holding `offset` starts: after the last `---` line at or before it. */
function documentStart(text: string, offset: number): number {
  let at = Math.min(offset, text.length);
  for (;;) {
    const nl = text.lastIndexOf('\n---', at - 1);
    if (nl < 0) return 0;
    if (MARKER.test(text.slice(nl + 1, nl + 5))) return nl + 1;
    at = nl;
  }
}

/** Where the document holding `offset` ends: at the next `---` line after it, or the end of the text. */
function documentEnd(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const nl = text.indexOf('\n---', at);
    if (nl < 0) return text.length;
    if (MARKER.test(text.slice(nl + 1, nl + 5))) return nl + 1;
    at = nl + 1;
  }
}

function toParsedDoc(doc: Document.Parsed, index: number): ParsedDoc {
  const [start, , end] = doc.range ?? [0, 0, 0];
  const root = isMap(doc.contents) ? doc.contents : undefined;
  const problems: SyntaxProblem[] = [];
  for (const e of doc.errors) problems.push(problem(e.message, e.pos, e.code, 'error'));
  for (const w of doc.warnings) {
    if (!IGNORED_WARNINGS.has(w.code)) problems.push(problem(w.message, w.pos, w.code, 'warning'));
  }
  return { index, doc, start, end, identity: identityOf(root), root, problems };
}

function problem(message: string, pos: [number, number], code: string, severity: 'error' | 'warning'): SyntaxProblem {
  const firstLine = message.split('\n')[0];
  return { message: firstLine, start: pos[0], end: Math.max(pos[1], pos[0]), code: `yaml-${code.toLowerCase().replace(/_/g, '-')}`, severity };
}

function identityOf(root: YAMLMap | undefined): DocIdentity {
  if (!root) return {};
  const meta = mapGet(root, 'metadata');
  const metaMap = isMap(meta) ? meta : undefined;
  return {
    apiVersion: scalarString(mapGet(root, 'apiVersion')),
    kind: scalarString(mapGet(root, 'kind')),
    name: metaMap ? scalarString(mapGet(metaMap, 'name')) : undefined,
    namespace: metaMap ? scalarString(mapGet(metaMap, 'namespace')) : undefined,
  };
}

/** The value node of `key` in a map, without converting anything to JS (aliases stay unresolved). */
export function mapGet(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

export function scalarString(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** The document of a file that holds `offset`, if any. */
export function docAt(file: ParsedFile, offset: number): ParsedDoc | undefined {
  let found = file.docs[0];
  for (const d of file.docs) {
    if (d.start <= offset) found = d;
  }
  return found;
}

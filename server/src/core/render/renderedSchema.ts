// Schema checks of what a build really produces: an object after substitution (`replicas: ${REPLICAS}` that
// became "abc"), a parent's patches, `images` or a name prefix is validated with the same validator and the same
// profile as its file. A problem is reported where the object was written when its value is there, else on the
// Flux Kustomization whose build made it; what the file's own check already says is not said again.
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { SOURCE, type ServiceContext } from '../context';
import { LEVELS } from '../diagnostic';
import { locationOf, spanDiagnostic } from '../refs/diag';
import type { Model } from '../refs/model';
import type { IndexedObject } from '../workspace/index';
import { knownElsewhere } from '../schema/otherReleases';
import type { SchemaRegistry } from '../schema/registry';
import { validateAgainst, type SchemaProblem } from '../schema/validate';
import { nodeAt, nodeAtPath, pairOf, type PathSegment } from '../yaml/ast';
import { parseFile, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import type { RenderPaths } from './paths';
import { buildKey, type BuildRender, type RenderStore } from './store';
import type { RenderedObject } from './types';

/** One schema problem of a rendered object. */
export interface RenderedFinding {
  /** The file the object was written in, and the range of the value there; absent: a patch or transformer gave it. */
  readonly at?: { readonly uri: string; readonly range: Range };
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** The validator's message, e.g. `Deployment.spec.replicas should be an integer, ...`. */
  readonly problem: string;
  /** Where the object came from, for a finding reported on the Kustomization. */
  readonly object: string;
  /** True when the source value holds a `${VAR}`: the substitution made it what it is. */
  readonly substituted?: boolean;
}

/** Findings kept per build: a broken base need not list every object of a large build. */
const MAX_FINDINGS = 200;

export interface SourceTexts {
  /** The current text of a workspace file (an open editor's, else the disk's). */
  readonly textOf: (uri: string) => Promise<string | undefined>;
}

/** The build's rendered objects checked against their schemas; files are parsed only when an object has a problem. */
export async function renderedSchemaFindings(ctx: ServiceContext, render: BuildRender, paths: RenderPaths, texts: SourceTexts): Promise<RenderedFinding[]> {
  const out: RenderedFinding[] = [];
  const parses = new Map<string, Promise<ParsedFile | undefined>>();
  const parsed = (uri: string) => {
    let p = parses.get(uri);
    if (!p) {
      p = texts.textOf(uri).then((text) => (text === undefined ? undefined : parseFile(uri, 0, text, { maxBytes: ctx.settings().maxFileBytes })));
      parses.set(uri, p);
    }
    return p;
  };
  for (const o of render.result.objects) {
    // A generated ConfigMap or Secret has no document of its own; kustomize wrote it from valid literals.
    if (!o.origin || o.origin.configuredIn || out.length >= MAX_FINDINGS) continue;
    const uri = paths.toUri(o.origin.path);
    if (!uri) continue;
    const registry = ctx.schemasFor(uri);
    const found = problemsOf(registry, o);
    if (!found) continue;
    const file = await parsed(uri);
    out.push(...located(registry, o, uri, found, file));
  }
  return out.slice(0, MAX_FINDINGS);
}

interface Found {
  readonly root: Node;
  readonly problems: readonly SchemaProblem[];
}

/** The object's problems, found on a node tree built from its value (ranges are positions in that tree). */
function problemsOf(registry: SchemaRegistry, o: RenderedObject): Found | undefined {
  const schema = registry.lookup(o.apiVersion, o.kind);
  if (!schema) return undefined;
  const root = new Document(o.object).contents as Node | null;
  if (!root) return undefined;
  numberNodes(root, { next: 0 });
  const problems = validateAgainst(registry, schema.schema, root, [0, 0], o.kind).map((p) => knownElsewhere(registry, root, o.apiVersion, o.kind, p));
  return problems.length ? { root, problems } : undefined;
}

/**
 * Gives every node of a tree built from a value a range, nested like a parsed text's, so that the validator's
 * offsets lead back to a path. Keys get a range of their own; ranges never touch (the ends are inclusive).
 */
function numberNodes(node: Node, counter: { next: number }): void {
  const start = counter.next;
  counter.next += 2;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) pair.key.range = [counter.next, counter.next, counter.next];
      counter.next += 2;
      if (pair.value) numberNodes(pair.value as Node, counter);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) if (item) numberNodes(item as Node, counter);
  }
  node.range = [start, counter.next - 1, counter.next - 1];
}

/** The document an object came from: same kind, and its name as written inside the rendered one. */
function sourceDoc(file: ParsedFile, o: RenderedObject): ParsedDoc | undefined {
  const group = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.split('/')[0] : '');
  const same = file.docs.filter((d) => d.identity.kind === o.kind && group(d.identity.apiVersion) === group(o.apiVersion));
  if (same.length <= 1) return same[0];
  const named = (d: ParsedDoc) => d.identity.name ?? '';
  return same.find((d) => named(d) === o.name) ?? same.find((d) => named(d) && o.name.includes(named(d))) ?? same.find((d) => named(d).includes('${'));
}

function located(registry: SchemaRegistry, o: RenderedObject, uri: string, found: Found, file: ParsedFile | undefined): RenderedFinding[] {
  const doc = file && sourceDoc(file, o);
  const already = doc?.root ? fileOwnProblems(registry, o, doc) : new Set<string>();
  const object = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} (from ${o.origin?.path})`;
  const out: RenderedFinding[] = [];
  for (const p of found.problems) {
    if (already.has(`${p.code}\0${p.message}`)) continue;
    const base = { code: p.code, severity: p.severity, problem: p.message, object };
    const source = doc ? sourceRange(found.root, doc, p) : undefined;
    out.push(source ? { ...base, at: { uri, range: file!.lines.range(source.start, source.end) }, ...(source.substituted ? { substituted: true } : {}) } : base);
  }
  return out;
}

/** What the per-file check reports for the document as written (the same validator, the same schemas). */
function fileOwnProblems(registry: SchemaRegistry, o: RenderedObject, doc: ParsedDoc): Set<string> {
  const schema = registry.lookup(o.apiVersion, o.kind);
  if (!schema || !doc.root) return new Set();
  const problems = validateAgainst(registry, schema.schema, doc.root, [doc.start, doc.start], o.kind);
  return new Set(problems.map((p) => knownElsewhere(registry, doc.root!, o.apiVersion, o.kind, p)).map((p) => `${p.code}\0${p.message}`));
}

interface SourceRange {
  readonly start: number;
  readonly end: number;
  readonly substituted: boolean;
}

/**
 * Where the problem's value is written in the source document: the same path, holding the value the render
 * shows or a `${VAR}` that became it. A value the file does not have (a patch added or changed it) has no place.
 */
function sourceRange(root: Node, doc: ParsedDoc, p: SchemaProblem): SourceRange | undefined {
  const hit = nodeAt(root, p.start);
  const path = hit.path;
  if (!path.length) return rangeOf(nodeAtPath(doc.root, ['kind']), false);
  if (hit.onKey) return rangeOf(keyAt(doc, path), false);
  const written = nodeAtPath(doc.root, path);
  if (!written) return undefined;
  if (!isScalar(written)) return rangeOf(isScalar(hit.node) ? undefined : keyAt(doc, path) ?? written, false);
  const rendered = isScalar(hit.node) ? hit.node.value : undefined;
  if (typeof written.value === 'string' && written.value.includes('${')) return rangeOf(written, true);
  return written.value === rendered ? rangeOf(written, false) : undefined;
}

function keyAt(doc: ParsedDoc, path: readonly PathSegment[]): Node | undefined {
  const parent = nodeAtPath(doc.root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (typeof last === 'number') return nodeAtPath(doc.root, path);
  return isMap(parent) ? (pairOf(parent, last)?.key as Node | undefined) : undefined;
}

function rangeOf(node: Node | undefined, substituted: boolean): SourceRange | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1], substituted } : undefined;
}

/**
 * The rendered-object findings of a file: those placed in it by every build that takes it in (once, however
 * many builds found the same), and on each of its Flux Kustomizations those of its build that have no source line.
 */
export function renderedSchemaDiagnostics(store: RenderStore, model: Model, uri: string, objects: readonly IndexedObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const b of model.structure.fluxBuildsOf(uri)) {
    for (const f of store.get(buildKey(b.ks.uri, b.ks.docIndex))?.schemaFindings ?? []) {
      if (f.at?.uri !== uri) continue;
      const key = `${f.at.range.start.line}:${f.at.range.start.character}\0${f.code}\0${f.problem}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const how = f.substituted ? 'After substitution by' : 'In the rendered output of';
      out.push({ range: f.at.range, severity: LEVELS[f.severity], code: f.code, source: SOURCE, message: `${how} Kustomization ${nameOf(b.ks)}: ${f.problem}` });
    }
  }
  for (const ks of objects) {
    const facts = ks.facts.kustomization;
    if (!facts) continue;
    const span = facts.path?.span;
    for (const f of store.get(buildKey(ks.uri, ks.docIndex))?.schemaFindings ?? []) {
      if (f.at) continue;
      const message = `In the rendered output of this Kustomization, ${f.object}, as its patches or transformers made it (the file has no line for this value): ${f.problem}`;
      out.push(span ? spanDiagnostic(span, f.code, message, f.severity) : { range: locationOf(ks).range, severity: LEVELS[f.severity], code: f.code, source: SOURCE, message });
    }
  }
  return out;
}

function nameOf(ks: IndexedObject): string {
  return ks.namespace ? `${ks.namespace}/${ks.name}` : ks.name;
}

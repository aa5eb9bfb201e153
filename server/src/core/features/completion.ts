// Completion: keys of the mapping under the cursor (required first, documented), enum / boolean / default
// values, apiVersion and kind (current versions only), reference names, and kind snippets in empty documents.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import { currentApiVersion, KINDS, kindsNamed, splitApiVersion } from '../../shared/kinds';
import { forFile, type ServiceContext } from '../context';
import { schemaAtPath } from '../schema/registry';
import type { KindSchema, SchemaNode } from '../schema/types';
import { cursorContext, type CursorContext } from '../yaml/cursor';
import { docAt, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import { pathCompletions } from './pathCompletion';
import { referenceCompletions } from './referenceCompletion';
import { kindSnippets } from './snippets';
import { chartKindSchema } from '../charts/values';
import { valuesFromCursor } from '../charts/embedded';

export interface CompletionOptions {
  /**
   * The client shows kind snippets of its own, so the server does not repeat them. The extension contributes none:
   * VS Code would show contributed snippets at every spot, and the server offers them only where a document can start.
   */
  readonly clientHasSnippets: boolean;
}

export function complete(serviceCtx: ServiceContext, file: ParsedFile, offset: number, options: CompletionOptions): CompletionItem[] {
  const ctx = forFile(serviceCtx, file.uri);
  const doc = docAt(file, offset);
  const firstLine = doc ? docFirstLine(file, doc) : 0;
  const lastLine = doc ? file.lines.positionAt(doc.end).line : file.lines.lineCount - 1;
  const base = doc?.identity.apiVersion && doc.identity.kind ? ctx.registry.lookup(doc.identity.apiVersion, doc.identity.kind) : undefined;
  // Inside a valuesFrom ConfigMap's values block, the cursor is read in the block (charts/).
  const embedded = valuesFromCursor(ctx, file, doc, offset, base);
  const cursor = embedded?.cursor ?? cursorContext(file.lines, offset, firstLine, lastLine);
  if (!cursor) return [];
  const range = file.lines.range(cursor.prefixStart, offset);
  const paths = embedded ? undefined : pathCompletions(ctx, file, doc, cursor, range);
  if (paths) return paths;
  const kindSchema = embedded?.kindSchema ?? chartKindSchema(ctx, file.uri, doc, cursor.path, base);
  if (cursor.mode === 'value') return valueItems(ctx, file, doc, cursor, kindSchema, range);
  return keyItems(ctx, cursor, kindSchema, range, options, isEmptyDoc(doc));
}

function docFirstLine(file: ParsedFile, doc: ParsedDoc): number {
  const previous = file.docs[doc.index - 1];
  return previous ? file.lines.positionAt(previous.end).line : 0;
}

function isEmptyDoc(doc: ParsedDoc | undefined): boolean {
  return !doc || !doc.root || doc.root.items.length === 0;
}

type Range = ReturnType<ParsedFile['lines']['range']>;

function keyItems(ctx: ServiceContext, cursor: CursorContext, kindSchema: KindSchema | undefined, range: Range, options: CompletionOptions, empty: boolean): CompletionItem[] {
  if (!kindSchema) {
    if (cursor.path.length) return [];
    const base = ['apiVersion', 'kind', 'metadata', 'spec'].filter((k) => !cursor.siblings.has(k)).map((k, i) => plainKey(k, range, i));
    return empty && !options.clientHasSnippets && cursor.column === 0 ? [...base, ...kindSnippets(range)] : base;
  }
  const schema = schemaAtPath(ctx.registry, kindSchema.schema, cursor.path);
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  const indent = ' '.repeat(cursor.column);
  return Object.entries(schema.properties)
    .filter(([name]) => !cursor.siblings.has(name))
    .map(([name, raw]) => keyItem(name, ctx.registry.resolve(raw) ?? raw, required.has(name), indent, range));
}

function plainKey(name: string, range: Range, order: number): CompletionItem {
  return { label: name, kind: CompletionItemKind.Property, sortText: `0${order}`, textEdit: { range, newText: `${name}: ` } };
}

function keyItem(name: string, schema: SchemaNode, required: boolean, indent: string, range: Range): CompletionItem {
  return {
    label: name,
    kind: CompletionItemKind.Property,
    detail: `${required ? 'required · ' : ''}${typeLabel(schema)}`,
    documentation: schema.description ? { kind: MarkupKind.Markdown, value: schema.description } : undefined,
    sortText: `${required ? '0' : '1'}${name}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: keySnippet(name, schema, indent) },
    command: schema.enum || schema.type === 'boolean' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

function keySnippet(name: string, schema: SchemaNode, indent: string): string {
  if (schema.type === 'object' && !schema.preserveUnknownFields) return `${name}:\n${indent}  $0`;
  if (schema.type === 'object') return `${name}:\n${indent}  $0`;
  if (schema.type === 'array') return `${name}:\n${indent}  - $0`;
  if (schema.default !== undefined && typeof schema.default !== 'object') return `${name}: \${1:${escapeSnippet(String(schema.default))}}`;
  return `${name}: $0`;
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

export function typeLabel(schema: SchemaNode): string {
  if (schema.intOrString) return 'integer | string';
  if (schema.type === 'array') return `array of ${schema.items?.type ?? 'items'}`;
  return schema.type ?? (schema.preserveUnknownFields ? 'any' : 'value');
}

function valueItems(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc | undefined, cursor: CursorContext, kindSchema: KindSchema | undefined, range: Range): CompletionItem[] {
  const key = cursor.key!;
  if (cursor.path.length === 0 && key === 'apiVersion') return apiVersionItems(doc, range);
  if (cursor.path.length === 0 && key === 'kind') return kindItems(doc, range);
  const refs = doc ? referenceCompletions(ctx, file, doc, [...cursor.path, key], range) : [];
  if (!kindSchema) return refs;
  const schema = schemaAtPath(ctx.registry, kindSchema.schema, [...cursor.path, key]);
  if (!schema) return refs;
  return [...refs, ...scalarItems(schema, range)];
}

function scalarItems(schema: SchemaNode, range: Range): CompletionItem[] {
  const values = new Map<string, string>();
  for (const e of schema.enum ?? []) values.set(String(e), 'enum');
  if (schema.type === 'boolean') for (const b of ['true', 'false']) values.set(b, 'boolean');
  if (schema.default !== undefined && typeof schema.default !== 'object') values.set(String(schema.default), values.has(String(schema.default)) ? 'default' : 'default');
  return [...values].map(([value, why], i) => ({
    label: value,
    kind: CompletionItemKind.Value,
    detail: why === 'default' ? 'default' : undefined,
    sortText: `${why === 'default' ? '0' : '1'}${String(i).padStart(3, '0')}`,
    textEdit: { range, newText: value },
  }));
}

function apiVersionItems(doc: ParsedDoc | undefined, range: Range): CompletionItem[] {
  const kind = doc?.identity.kind;
  const infos = kind ? kindsNamed(kind) : KINDS;
  const versions = new Set(infos.map(currentApiVersion));
  if (kind === 'Kustomization' || !kind) versions.add('kustomize.config.k8s.io/v1beta1');
  if (kind === 'Component') versions.add('kustomize.config.k8s.io/v1alpha1');
  return [...versions].sort().map((v) => ({ label: v, kind: CompletionItemKind.Value, textEdit: { range, newText: v } }));
}

function kindItems(doc: ParsedDoc | undefined, range: Range): CompletionItem[] {
  const apiVersion = doc?.identity.apiVersion;
  const group = apiVersion ? splitApiVersion(apiVersion).group : undefined;
  const infos = group !== undefined && KINDS.some((k) => k.group === group) ? KINDS.filter((k) => k.group === group) : KINDS;
  const names = new Set(infos.map((k) => k.kind));
  return [...names].sort().map((k) => ({ label: k, kind: CompletionItemKind.Class, textEdit: { range, newText: k } }));
}

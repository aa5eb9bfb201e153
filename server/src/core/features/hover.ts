// Hover: a field's description, type, enum and default; an apiVersion's lifecycle; a kind's origin;
// and, through the workspace feature, what a reference resolves to.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { currentApiVersion, kindsNamed, splitApiVersion, versionStatus } from '../../shared/kinds';
import { forFile, type ServiceContext } from '../context';
import { schemaAtPath } from '../schema/registry';
import type { SchemaNode } from '../schema/types';
import { nodeAt, type NodeHit } from '../yaml/ast';
import { docAt, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import { profileSection } from './profileHover';
import { referenceHover } from './referenceHover';
import { typeLabel } from './completion';
import { chartHover } from '../charts/hover';
import { inValues } from '../charts/release';
import { chartKindSchema } from '../charts/values';
import { valuesFromField } from '../charts/embedded';

export function hover(serviceCtx: ServiceContext, file: ParsedFile, offset: number): Hover | null {
  const ctx = forFile(serviceCtx, file.uri);
  const doc = docAt(file, offset);
  if (!doc?.root) return null;
  const hit = nodeAt(doc.root, offset);
  if (!hit.node?.range || !hit.path.length) return null;
  const embedded = valuesFromField(ctx, file, doc, offset);
  if (embedded) {
    const value = fieldMarkdown(embedded.name, embedded.schema, embedded.required);
    return { contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(embedded.start, embedded.end) };
  }
  const sections = [...referenceHover(ctx, file, doc, hit), ...fieldSections(ctx, file.uri, doc, hit), ...chartHover(ctx, file.uri, doc, hit), ...apiVersionProfile(ctx, file, doc, hit)];
  if (!sections.length) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: file.lines.range(hit.node.range[0], hit.node.range[1]),
  };
}

function fieldSections(ctx: ServiceContext, uri: string, doc: ParsedDoc, hit: NodeHit): string[] {
  const { apiVersion, kind } = doc.identity;
  if (hit.path.length === 1 && hit.path[0] === 'apiVersion' && !hit.onKey && apiVersion) return [apiVersionSection(ctx, apiVersion, kind)];
  if (hit.path.length === 1 && hit.path[0] === 'kind' && !hit.onKey && apiVersion && kind) return kindSection(ctx, apiVersion, kind);
  if (!apiVersion || !kind) return [];
  const path = hit.path.map((s) => (typeof s === 'number' ? '[]' : s));
  const base = ctx.registry.lookup(apiVersion, kind);
  const kindSchema = inValues(path) ? chartKindSchema(ctx, uri, doc, path, base) : base;
  if (!kindSchema) return [];
  const schema = schemaAtPath(ctx.registry, kindSchema.schema, path);
  if (!schema) return [];
  const parent = schemaAtPath(ctx.registry, kindSchema.schema, path.slice(0, -1));
  const name = path.filter((p) => p !== '[]').pop() ?? '';
  return [fieldMarkdown(name, schema, !!parent?.required?.includes(name))];
}

export function fieldMarkdown(name: string, schema: SchemaNode, required: boolean): string {
  const lines = [`**${name}** \`${typeLabel(schema)}\`${required ? ' · required' : ''}`];
  if (schema.description) lines.push(schema.description);
  if (schema.enum?.length) lines.push(`Allowed: ${schema.enum.map((e) => `\`${String(e)}\``).join(', ')}`);
  if (schema.default !== undefined) lines.push(`Default: \`${JSON.stringify(schema.default)}\``);
  if (schema.pattern) lines.push(`Pattern: \`${schema.pattern}\``);
  return lines.join('\n\n');
}

function apiVersionSection(ctx: ServiceContext, apiVersion: string, kind: string | undefined): string {
  const { group, version } = splitApiVersion(apiVersion);
  const info = kind ? kindsNamed(kind).find((k) => k.group === group) : undefined;
  if (!info) {
    const known = kind ? ctx.registry.lookup(apiVersion, kind) : undefined;
    return known ? `**${apiVersion}** · schema from \`${known.origin}\`` : `**${apiVersion}**`;
  }
  const served = ctx.registry.lookup(apiVersion, info.kind);
  const status = versionStatus(info, version, served?.served ? served : undefined);
  const current = currentApiVersion(info);
  const text: Record<typeof status, string> = {
    current: `**${apiVersion}** is the current version of ${info.kind}.`,
    deprecated: `**${apiVersion}** is **deprecated** for ${info.kind}: use \`${current}\`.`,
    removed: `**${apiVersion}** was **removed**: the pinned controllers no longer serve it. Use \`${current}\`.`,
    unknown: `**${apiVersion}** is not a version of ${info.kind}. The current one is \`${current}\`.`,
  };
  return text[status];
}

function kindSection(ctx: ServiceContext, apiVersion: string, kind: string): string[] {
  const schema = ctx.registry.lookup(apiVersion, kind);
  if (!schema) return [];
  const description = schema.schema.description ? `\n\n${schema.schema.description}` : '';
  return [`**${kind}** (${apiVersion})${description}\n\nSchema: \`${schema.origin}\``];
}

/** On an apiVersion of a Flux or ESO kind: the profile whose schemas check it, and why. */
function apiVersionProfile(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, hit: NodeHit): string[] {
  const { apiVersion } = doc.identity;
  if (hit.path.length !== 1 || hit.path[0] !== 'apiVersion' || hit.onKey || !apiVersion) return [];
  const line = profileSection(ctx, file.uri, splitApiVersion(apiVersion).group);
  return line ? [line] : [];
}

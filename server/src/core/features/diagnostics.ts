// Diagnostics of one file: YAML syntax, apiVersion lifecycle, schema checks, then the workspace checks
// (references, rules), then the configured severities and the suppression comments.
import type { Diagnostic } from 'vscode-languageserver-types';
import { currentApiVersion, kindsNamed, splitApiVersion, versionStatus, KINDS, type KindInfo } from '../../shared/kinds';
import type { ServiceContext } from '../context';
import { CONFIG_FILE, parseConfigFile } from '../settings';
import { applySeverities, diagnostic } from '../diagnostic';
import { validateAgainst } from '../schema/validate';
import { applySuppressions } from '../suppress';
import { closest } from '../text';
import { pairOf } from '../yaml/ast';
import { duplicateKeys } from '../yaml/duplicateKeys';
import type { Node } from 'yaml';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';
import { isPatchFile, workspaceDiagnostics } from './workspaceChecks';

export function diagnose(ctx: ServiceContext, file: ParsedFile): Diagnostic[] {
  const out = [...localDiagnostics(ctx, file), ...workspaceDiagnostics(ctx, file)];
  const settings = ctx.settings();
  return applySuppressions(file.text, file.lines, applySeverities(out, settings.severities));
}

interface LocalEntry {
  readonly settings: object;
  readonly patch: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** Syntax and schema diagnostics depend only on the parse, the settings and whether the file is a patch. */
const localCache = new WeakMap<ParsedFile, LocalEntry>();

function localDiagnostics(ctx: ServiceContext, file: ParsedFile): readonly Diagnostic[] {
  const settings = ctx.settings();
  const patch = isPatchFile(ctx, file.uri);
  const cached = localCache.get(file);
  if (cached && cached.settings === settings && cached.patch === patch) return cached.diagnostics;
  const out: Diagnostic[] = [];
  if (file.uri.endsWith(`/${CONFIG_FILE}`)) out.push(...configDiagnostics(file));
  for (const p of file.fileProblems) out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
  for (const doc of file.docs) {
    const problems = [...doc.problems, ...duplicateKeys(doc.doc.contents as Node | null)];
    for (const p of problems) out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
    if (problems.some((p) => p.severity === 'error')) continue;
    out.push(...documentDiagnostics(ctx, file, doc, patch));
  }
  localCache.set(file, { settings, patch, diagnostics: out });
  return out;
}

/** Codes that do not apply to a kustomize patch, which is a partial object by design. */
const NOT_FOR_PATCHES = new Set(['missing-required', 'one-of', 'min-items']);

function documentDiagnostics(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, patch: boolean): Diagnostic[] {
  const { apiVersion, kind } = doc.identity;
  if (!apiVersion || !kind || !doc.root) return [];
  const out: Diagnostic[] = [];
  const { group, version } = splitApiVersion(apiVersion);
  const info = kindsNamed(kind).find((k) => k.group === group);
  const apiRange = valueRange(doc, 'apiVersion');
  if (info) {
    const lifecycle = lifecycleDiagnostic(ctx, file, info, version, apiRange);
    if (lifecycle) out.push(lifecycle);
    if (lifecycle && lifecycle.code !== 'api-deprecated') return out;
  } else {
    const unknown = unknownKindDiagnostic(ctx, file, doc, group, kind);
    if (unknown) return [unknown];
  }
  const schema = ctx.registry.lookup(apiVersion, kind);
  if (!schema) return out;
  const kindRange = valueRange(doc, 'kind');
  for (const p of validateAgainst(ctx.registry, schema.schema, doc.root, kindRange, kind)) {
    if (patch && NOT_FOR_PATCHES.has(p.code)) continue;
    out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
  }
  return out;
}

function lifecycleDiagnostic(ctx: ServiceContext, file: ParsedFile, info: KindInfo, version: string, range: [number, number]): Diagnostic | undefined {
  const served = ctx.registry.lookup(`${info.group}/${version}`, info.kind);
  const status = versionStatus(info, version, served?.served ? served : undefined);
  const replacement = currentApiVersion(info);
  const data = { replacement };
  if (status === 'removed') {
    return diagnostic(file.lines, range[0], range[1], 'api-removed', `${info.group}/${version} ${info.kind} is no longer served by Flux 2.9 / ESO 0.16; use ${replacement}.`, 'error', { data });
  }
  if (status === 'deprecated') {
    return diagnostic(file.lines, range[0], range[1], 'api-deprecated', `${info.group}/${version} ${info.kind} is deprecated; use ${replacement}.`, 'warning', { data });
  }
  if (status === 'unknown') {
    return diagnostic(file.lines, range[0], range[1], 'unknown-api-version', `${info.kind} has no version ${version} in group ${info.group}; the current one is ${replacement}.`, 'error', { data });
  }
  return undefined;
}

/** A kind we do not know in a group we own (a typo such as `GitRepo`); other groups are not ours to judge. */
function unknownKindDiagnostic(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, group: string, kind: string): Diagnostic | undefined {
  const groupKinds = KINDS.filter((k) => k.group === group).map((k) => k.kind);
  if (!groupKinds.length || ctx.registry.lookup(doc.identity.apiVersion!, kind)) return undefined;
  const range = valueRange(doc, 'kind');
  const hint = closest(kind, groupKinds);
  return diagnostic(file.lines, range[0], range[1], 'unknown-kind', `${group} has no kind "${kind}".${hint ? ` Did you mean "${hint}"?` : ''}`, 'error');
}

function valueRange(doc: ParsedDoc, key: string): [number, number] {
  const node = doc.root ? pairOf(doc.root, key)?.value : undefined;
  return node?.range ? [node.range[0], node.range[1]] : [doc.start, doc.start];
}

/** The workspace configuration file is checked too, so a typo in it does not go unnoticed. */
function configDiagnostics(file: ParsedFile): Diagnostic[] {
  const { problems } = parseConfigFile(file.text);
  const end = file.lines.lineEnd(0);
  return problems.map((p) => diagnostic(file.lines, 0, end, 'config', p.replace(`${CONFIG_FILE}: `, ''), 'warning'));
}

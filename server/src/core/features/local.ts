// What a file's diagnostics owe to the file alone: YAML syntax, apiVersion lifecycle, schema checks and the
// platform's per-file rules. It depends only on the text, the schemas and the platform settings, so it is
// computed once per text (in a worker thread while the server checks the workspace in the background, or
// here on demand) and cached by the text's hash; the cross-file part is added on top from the index.
import type { Diagnostic } from 'vscode-languageserver-types';
import { currentApiVersion, kindsNamed, splitApiVersion, versionStatus, KINDS, type KindInfo } from '../../shared/kinds';
import { diagnostic } from '../diagnostic';
import { platformFileDiagnostics } from '../rules/platform';
import { isList, listItemDiagnostics, schemaDiagnostics } from './schemaChecks';
import type { SchemaRegistry } from '../schema/registry';
import { MAX_PROBLEMS } from '../schema/validate';
import { CONFIG_FILE, parseConfigFile, type PlatformSettings } from '../settings';
import { closest } from '../text';
import { pairOf } from '../yaml/ast';
import { aliasExpansion } from '../yaml/aliases';
import { duplicateKeys } from '../yaml/duplicateKeys';
import type { Node } from 'yaml';
import type { ParsedDoc, ParsedFile } from '../yaml/parse';

/** The local diagnostics of one text, and what they were computed under. */
export interface LocalResult {
  readonly hash: number;
  readonly key: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Whether the text holds suppression comments. */
  readonly suppressions?: boolean;
}

/** Codes that do not apply to a kustomize patch, which is a partial object by design. */
const NOT_FOR_PATCHES = new Set(['missing-required', 'one-of', 'min-items']);

/** What local diagnostics depend on besides the text: the schema profile and the platform settings. */
export function localKey(profile: string, platform: PlatformSettings): string {
  return JSON.stringify([profile, platform]);
}

/** Local diagnostics as they apply to a file that is (or is not) a kustomize patch. */
export function forPatch(diagnostics: readonly Diagnostic[], patch: boolean): readonly Diagnostic[] {
  return patch ? diagnostics.filter((d) => !NOT_FOR_PATCHES.has(String(d.code))) : diagnostics;
}

export function localDiagnostics(registry: SchemaRegistry, platform: PlatformSettings, file: ParsedFile): Diagnostic[] {
  try {
    return checkFile(registry, platform, file);
  } catch (err) {
    // A bug here must cost one file its checks, never the checker its run or the server a request.
    const message = `This file could not be checked (an internal error: ${(err as Error)?.message ?? String(err)}); please report it.`;
    return [diagnostic(file.lines, 0, 0, 'unparsable-file', message, 'error')];
  }
}

function checkFile(registry: SchemaRegistry, platform: PlatformSettings, file: ParsedFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (file.uri.endsWith(`/${CONFIG_FILE}`)) out.push(...configDiagnostics(file));
  for (const p of file.fileProblems) out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
  for (const doc of file.docs) {
    if (out.length > MAX_PROBLEMS) break;
    const problems = [...doc.problems, ...duplicateKeys(doc.doc.contents as Node | null)];
    const bomb = aliasExpansion(doc.doc.contents as Node | null);
    if (bomb) problems.push(bomb);
    for (const p of problems) out.push(diagnostic(file.lines, p.start, p.end, p.code, p.message, p.severity));
    if (problems.some((p) => p.severity === 'error')) continue;
    for (const d of documentDiagnostics(registry, file, doc)) out.push(d);
  }
  for (const d of platformFileDiagnostics(platform, file)) out.push(d);
  return out;
}

function documentDiagnostics(registry: SchemaRegistry, file: ParsedFile, doc: ParsedDoc): Diagnostic[] {
  const { apiVersion, kind } = doc.identity;
  if (!apiVersion || !kind || !doc.root) return [];
  const out: Diagnostic[] = [];
  const { group, version } = splitApiVersion(apiVersion);
  const info = kindsNamed(kind).find((k) => k.group === group);
  const apiRange = valueRange(doc, 'apiVersion');
  if (info) {
    const lifecycle = lifecycleDiagnostic(registry, file, info, version, apiRange);
    if (lifecycle) out.push(lifecycle);
    if (lifecycle && lifecycle.code !== 'api-deprecated') return out;
  } else {
    const unknown = unknownKindDiagnostic(registry, file, doc, group, kind);
    if (unknown) return [unknown];
  }
  if (isList(apiVersion, kind)) return [...out, ...listItemDiagnostics(registry, file, doc.root)];
  return [...out, ...schemaDiagnostics(registry, file, doc.root, apiVersion, kind, valueRange(doc, 'kind'))];
}

function lifecycleDiagnostic(registry: SchemaRegistry, file: ParsedFile, info: KindInfo, version: string, range: [number, number]): Diagnostic | undefined {
  const served = registry.lookup(`${info.group}/${version}`, info.kind);
  let status = versionStatus(info, version, served?.served ? served : undefined);
  // A release that dropped a deprecated version (ESO 1.x and external-secrets.io/v1beta1) no longer serves it.
  if (status === 'deprecated' && !served && registry.versionsOf(info.group, info.kind).length) status = 'removed';
  const replacement = currentApiVersion(info);
  const data = { replacement };
  if (status === 'removed') {
    return diagnostic(file.lines, range[0], range[1], 'api-removed', `${info.group}/${version} ${info.kind} is no longer served by ${servedBy(registry, info.group)}; use ${replacement}.`, 'error', { data });
  }
  if (status === 'deprecated') {
    return diagnostic(file.lines, range[0], range[1], 'api-deprecated', `${info.group}/${version} ${info.kind} is deprecated; use ${replacement}.`, 'warning', { data });
  }
  if (status === 'unknown') {
    return diagnostic(file.lines, range[0], range[1], 'unknown-api-version', `${info.kind} has no version ${version} in group ${info.group}; the current one is ${replacement}.`, 'error', { data });
  }
  return undefined;
}

/** "Flux 2.9 (v1.9.5)" or "ESO 1.3 (v1.3.2)": the release of the group's component in this profile. */
function servedBy(registry: SchemaRegistry, group: string): string {
  const eso = group.endsWith('external-secrets.io');
  const module = eso ? 'github.com/external-secrets/external-secrets' : Object.keys(registry.generatedFrom).find((m) => m.startsWith('github.com/fluxcd/source-controller'));
  const version = module ? registry.generatedFrom[module] : undefined;
  const flux = /^flux-(\d+\.\d+)/.exec(registry.profile)?.[1];
  return eso ? `ESO ${version ?? ''}`.trim() : `Flux ${flux ?? ''}${version ? ` (source-controller ${version})` : ''}`.trim();
}

/** A kind we do not know in a group we own (a typo such as `GitRepo`); other groups are not ours to judge. */
function unknownKindDiagnostic(registry: SchemaRegistry, file: ParsedFile, doc: ParsedDoc, group: string, kind: string): Diagnostic | undefined {
  const groupKinds = KINDS.filter((k) => k.group === group).map((k) => k.kind);
  if (!groupKinds.length || registry.lookup(doc.identity.apiVersion!, kind)) return undefined;
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

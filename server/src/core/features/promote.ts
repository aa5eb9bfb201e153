// "Promote to production": for a HelmRelease or Flux Kustomization in a staging cluster folder, the one
// WorkspaceEdit that makes its production twins (same kind and name under each production cluster folder) carry
// its chart version, image tags and values (promotion/fields.ts), or the reason there is nothing to promote.
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { splitApiVersion } from '../../shared/kinds';
import type { PromoteRequest } from '../../shared/protocol';
import { PROMOTED_FIELDS, promotionEdits, type Side } from '../promotion/fields';
import { environmentOf, placementOf } from '../rules/layout';
import type { PlatformSettings } from '../settings';
import type { LanguageService } from '../service';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { docAt, parseFile, type ParsedFile } from '../yaml/parse';

export interface PromoteDeps {
  readonly index: WorkspaceIndex;
  readonly platform: PlatformSettings;
  /** The current text of a file (the open document's, else the disk's). */
  readonly read: (uri: string) => Promise<string | undefined>;
}

/** The cluster folders of the workspace whose environment is production. */
function productionClusters(index: WorkspaceIndex, platform: PlatformSettings): Set<string> {
  const out = new Set<string>();
  for (const uri of index.uris()) {
    const cluster = placementOf(uri)?.cluster;
    if (cluster && environmentOf(cluster, platform) === 'production') out.add(cluster);
  }
  return out;
}

/** The same kind and name under each production cluster folder (the same namespace when both say one). */
export function twinsOf(index: WorkspaceIndex, platform: PlatformSettings, group: string, kind: string, name: string, namespace?: string): IndexedObject[] {
  const production = productionClusters(index, platform);
  return index
    .ofKind(kind)
    .filter((o) => o.group === group && o.name === name && (!namespace || !o.namespace || o.namespace === namespace))
    .filter((o) => production.has(placementOf(o.uri)?.cluster ?? ''))
    .sort((a, b) => a.uri.localeCompare(b.uri));
}

export async function promote(deps: PromoteDeps, file: ParsedFile, offset: number): Promise<PromoteRequest.Result> {
  const doc = docAt(file, offset);
  const id = doc?.identity;
  if (!doc || !id?.kind || !id.name || !id.apiVersion) return { error: 'Put the cursor on a HelmRelease or a Flux Kustomization.' };
  const group = splitApiVersion(id.apiVersion).group;
  const groupKind = `${group}/${id.kind}`;
  if (!PROMOTED_FIELDS[groupKind]) return { error: `${id.kind} ${id.name} is not promoted: only HelmReleases and Flux Kustomizations are.` };
  const cluster = placementOf(file.uri)?.cluster;
  if (!cluster) return { error: `${id.kind} ${id.name} is not in a cluster folder (flux/clusters/<name>/).` };
  if (environmentOf(cluster, deps.platform) !== 'staging') return { error: `${cluster} is not a staging cluster: promotion goes from staging to production.` };
  const twins = twinsOf(deps.index, deps.platform, group, id.kind, id.name, id.namespace);
  if (!twins.length) return { error: `${id.kind} ${id.name} has no production twin: no ${id.kind} named ${id.name} under a production cluster folder.` };
  const source: Side = { text: file.text, doc };
  const changes: Record<string, TextEdit[]> = {};
  const targets: PromoteRequest.Target[] = [];
  for (const twin of twins) {
    const text = await deps.read(twin.uri);
    const parsed = text === undefined ? undefined : parseFile(twin.uri, 0, text);
    const target = parsed?.docs[twin.docIndex];
    if (!parsed || !target?.root) return { error: `${twin.uri} cannot be read or parsed: nothing was changed.` };
    const { edits, changes: what } = promotionEdits(groupKind, source, { text: parsed.text, doc: target });
    targets.push({ cluster: placementOf(twin.uri)!.cluster, uri: twin.uri, changes: what.map((c) => `${c.path}: ${c.what}`), replaced: edits.map((e) => parsed.text.slice(e.start, e.end)) });
    if (!edits.length) continue;
    (changes[twin.uri] ??= []).push(...edits.map((e) => ({ range: { start: parsed.lines.positionAt(e.start), end: parsed.lines.positionAt(e.end) }, newText: e.newText })));
  }
  const edit: WorkspaceEdit = { changes };
  const twinned = new Set(targets.map((t) => t.cluster));
  const without = [...productionClusters(deps.index, deps.platform)].filter((c) => !twinned.has(c)).sort();
  return { kind: id.kind, name: id.name, from: cluster, targets, without, edit };
}

/** The request over a service: open documents are read as the editor has them, other files from disk. */
export async function promoteRequest(service: LanguageService, readDisk: (uri: string) => Promise<string | undefined>, p: PromoteRequest.Params): Promise<PromoteRequest.Result> {
  const read = async (uri: string) => service.parsed(uri)?.text ?? (await readDisk(uri));
  const text = await read(p.uri);
  if (text === undefined) return { error: `${p.uri} cannot be read.` };
  const file = service.parsed(p.uri) ?? parseFile(p.uri, 0, text);
  return promote({ index: service.index, platform: service.settings().platform, read }, file, file.lines.offsetAt({ line: p.line, character: p.character }));
}

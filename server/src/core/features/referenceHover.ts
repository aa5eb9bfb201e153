// Hover sections for references: what a reference resolves to (file and line), and for sources the chain:
// the GitRepository (url, ref, interval, secret) and where a Kustomization's path lands, in Gitea/GitHub/
// GitLab and in this workspace. On a GitRepository's url: its links and the objects that use it.
import { isMap, isScalar, type Node } from 'yaml';
import type { ServiceContext } from '../context';
import { pairOf } from '../yaml/ast';
import { definedAt, refAt, referencesTo } from '../refs/find';
import { definedHere, fileLink, gitLines } from '../refs/hoverText';
import { entryLines, landingLines, sourceOf } from '../refs/landing';
import { isKustomizeDoc } from '../workspace/kustomizeFacts';
import { modelOf, objectOfDoc, type Model } from '../refs/model';
import { resolveRef } from '../refs/resolve';
import type { IndexedObject } from '../workspace/index';
import type { NodeHit } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import type { RefHit } from '../refs/find';

const ENTRY_KEYS = new Set(['resources', 'components', 'bases']);

export function referenceHover(ctx: ServiceContext, file: ParsedFile, doc: ParsedDoc, hit: NodeHit): string[] {
  const model = modelOf(ctx);
  if (hit.onKey) {
    // On a reference's key (e.g. `sourceRef:`), show what its value resolves to.
    const value = hit.pair?.value as Node | undefined;
    const target = isMap(value) ? (pairOf(value, 'name')?.value ?? value) : value;
    const start = target?.range?.[0];
    const ref = start === undefined ? undefined : refAt(model, file.uri, start);
    return ref ? [refSection(model, ref)] : [];
  }
  const offset = hit.node?.range?.[0];
  if (offset === undefined) return [];
  const ref = refAt(model, file.uri, offset);
  if (ref) return [refSection(model, ref)];
  if (isKustomizeDoc(file, doc)) return entrySection(model, file, hit);
  const o = objectOfDoc(model.index, file.uri, doc.index);
  if (!o) return [];
  const path = hit.path.join('.');
  if (path === 'spec.url' && o.facts.git) return [repoSection(model, o)];
  if (path === 'spec.path' && o.facts.kustomization) return [pathSection(model, o)];
  if (definedAt(model, file.uri, offset) === o) return usersSection(model, o);
  return [];
}

function refSection(model: Model, { referrer, ref }: RefHit): string {
  const res = resolveRef(model, referrer, ref);
  const head = `**${ref.field}** → ${res.kinds.join(' | ')} \`${ref.namespace ?? res.namespaces?.join('|') ?? '*'}/${ref.name}\``;
  if (!res.targets.length) return `${head}\n\nNot defined in this repository.`;
  const lines = [head, ''];
  for (const t of res.targets.slice(0, 5)) {
    lines.push(`${definedHere(model, t)}`);
    if (t.facts.git) lines.push(...gitLines(model, t));
    if (t.facts.sourceUrl) lines.push(`- url: \`${t.facts.sourceUrl}\``);
  }
  const repo = res.targets.find((t) => t.facts.git);
  if (referrer.facts.kustomization && ref.spec.role === 'source') lines.push('', '**path**', ...landingLines(model, referrer, repo));
  return lines.join('\n');
}

function pathSection(model: Model, ks: IndexedObject): string {
  return ['**path**', ...landingLines(model, ks, sourceOf(model, ks))].join('\n');
}

/** On a kustomization.yaml's `resources` / `components` entry: where it lands and what it brings in. */
function entrySection(model: Model, file: ParsedFile, hit: NodeHit): string[] {
  const [key, index] = hit.path;
  if (hit.onKey || hit.path.length !== 2 || typeof index !== 'number' || !ENTRY_KEYS.has(String(key))) return [];
  const value = isScalar(hit.node) ? scalarString(hit.node) : undefined;
  if (!value || value.includes('\n')) return [];
  return [[`**${String(key)}** → \`${value}\``, ...entryLines(model, file.uri, value)].join('\n')];
}

function repoSection(model: Model, repo: IndexedObject): string {
  const lines = [`**GitRepository ${repo.name}**`, ...gitLines(model, repo)];
  const users = referencesTo(model, repo).filter((r) => r.ref.spec.role === 'source' || r.ref.spec.role === 'chart');
  if (users.length) lines.push('', '**Used by**');
  for (const u of users.slice(0, 20)) {
    const path = u.referrer.facts.kustomization?.path?.value;
    lines.push(`- ${u.referrer.kind} ${fileLink(model, u.referrer.uri, u.referrer.namePosition.line)}${path ? ` — path \`${path}\`` : ''}`);
  }
  return lines.join('\n');
}

function usersSection(model: Model, o: IndexedObject): string[] {
  const users = referencesTo(model, o);
  if (!users.length) return [];
  const list = users.slice(0, 20).map((u) => `- ${u.referrer.kind} ${u.referrer.name} (${u.ref.field}) — ${fileLink(model, u.referrer.uri, u.ref.span.range.start.line)}`);
  return [[`**Referenced by ${users.length}**`, ...list].join('\n')];
}

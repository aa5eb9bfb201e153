// Markdown pieces for hovers over references and sources: where an object is defined and what a
// GitRepository points at (where a Kustomization's path lands: landing.ts).
import { repoLink } from '../gitea/url';
import type { IndexedObject } from '../workspace/index';
import { workspaceRelative } from '../workspace/paths';
import type { Model } from './model';
import { resolveRef } from './resolve';

export function fileLink(model: Model, uri: string, line?: number): string {
  const name = workspaceRelative(model.structure.roots, uri);
  return line === undefined ? `[${name}](${uri})` : `[${name}:${line + 1}](${uri}#L${line + 1})`;
}

export function definedHere(model: Model, o: IndexedObject): string {
  const ns = model.structure.namespacesOf(o);
  return `${o.kind} \`${ns?.length ? `${ns.join('|')}/` : ''}${o.name}\` — ${fileLink(model, o.uri, o.namePosition.line)}`;
}

export function gitLines(model: Model, repo: IndexedObject): string[] {
  const g = repo.facts.git;
  if (!g) return [];
  const ref = g.commit ? `commit \`${g.commit}\`` : g.tag ? `tag \`${g.tag}\`` : g.semver ? `semver \`${g.semver}\`` : g.refName ? `ref \`${g.refName}\`` : `branch \`${g.branch ?? 'master'}\``;
  const lines = [`- url: ${g.url ? `\`${g.url.value}\`` : '_none_'}`, `- ${ref}`, `- interval: \`${g.interval ?? '—'}\``];
  if (g.secretName) lines.push(`- secret: \`${g.secretName}\`${secretOrigin(model, repo)}`);
  const web = g.url ? repoLink(g.url.value, model.settings.platform.giteaUrl) : undefined;
  if (web) lines.push(`- repository: [${web}](${web})`);
  return lines;
}

function secretOrigin(model: Model, repo: IndexedObject): string {
  const ref = repo.facts.refs.find((r) => r.field === 'spec.secretRef');
  if (!ref) return '';
  const producers = resolveRef(model, repo, ref).targets;
  if (!producers.length) return ' (not produced in this repository)';
  return ` (from ${producers.map((p) => `${p.kind} ${fileLink(model, p.uri, p.namePosition.line)}`).join(', ')})`;
}

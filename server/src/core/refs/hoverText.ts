// Markdown pieces for hovers over references and sources: where an object is defined, what a
// GitRepository points at, and where a Kustomization's path lands (web and local).
import { folderLink, repoLink } from '../gitea/url';
import { matchRemote } from '../gitea/remote';
import type { IndexedObject } from '../workspace/index';
import { cleanRepoPath, relativeTo } from '../workspace/paths';
import { folderTarget } from './links';
import type { Model } from './model';
import { resolveRef } from './resolve';

export function fileLink(model: Model, uri: string, line?: number): string {
  const root = model.structure.roots.find((r) => uri.startsWith(`${r.replace(/\/+$/, '')}/`));
  const name = (root ? relativeTo(root.replace(/\/+$/, ''), uri) : undefined) ?? uri.slice(uri.lastIndexOf('/') + 1);
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

/** Where a Kustomization's `path` lands: in the source's web UI at the ref, and in this workspace. */
export function landingLines(model: Model, ks: IndexedObject, repo: IndexedObject | undefined): string[] {
  const path = ks.facts.kustomization?.path?.value ?? './';
  const folder = cleanRepoPath(path);
  const lines: string[] = [];
  const g = repo?.facts.git;
  if (g?.url) {
    const web = folderLink(g.url.value, g, folder, model.settings.platform.giteaUrl);
    if (web) lines.push(`- \`${path}\` in the source: [${web}](${web})`);
    else if (g.semver) lines.push(`- \`${path}\` at the newest tag matching \`${g.semver}\``);
    if (matchRemote(model.remotes, g.url.value)) lines.push('- the source is this workspace\'s own repository');
  }
  lines.push(...localLines(model, ks));
  return lines;
}

function localLines(model: Model, ks: IndexedObject): string[] {
  const build = model.structure.fluxBuildOf(ks);
  if (!build?.dir) return [];
  const target = folderTarget(model, build.dir);
  const lines = [`- local folder: ${target ? fileLink(model, target) : build.dir}`];
  const files = [...build.files].filter((f) => f !== target);
  if (!files.length) return lines;
  const shown = files.slice(0, 12).map((f) => fileLink(model, f)).join(', ');
  lines.push(`- builds ${files.length} file${files.length === 1 ? '' : 's'}: ${shown}${files.length > 12 ? ', …' : ''}`);
  return lines;
}

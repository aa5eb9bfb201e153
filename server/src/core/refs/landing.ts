// Where a path lands, for hovers: a Flux Kustomization's `spec.path` (in the source's web UI at its ref, and in
// this workspace) and a kustomization.yaml's `resources` / `components` entries; what is built there, the way
// kustomize and kustomize-controller build it, or that nothing is there.
import { folderLink } from '../gitea/url';
import { matchRemote } from '../gitea/remote';
import type { IndexedObject } from '../workspace/index';
import { cleanRepoPath, dirOf, joinPath, relativePath, workspaceRelative } from '../workspace/paths';
import type { FluxBuild } from '../workspace/structure';
import { listWithMore } from './diag';
import { fileLink } from './hoverText';
import { folderTarget } from './links';
import type { Model } from './model';
import { resolveRef } from './resolve';

/** The GitRepository a Kustomization's sourceRef resolves to, when this repository defines it. */
export function sourceOf(model: Model, ks: IndexedObject): IndexedObject | undefined {
  const ref = ks.facts.refs.find((r) => r.spec.role === 'source');
  return ref ? resolveRef(model, ks, ref).targets.find((t) => t.facts.git) : undefined;
}

/** Where a Kustomization's `path` lands: in the source's web UI at the ref, and in this workspace. */
export function landingLines(model: Model, ks: IndexedObject, repo: IndexedObject | undefined): string[] {
  const path = ks.facts.kustomization?.path?.value ?? './';
  const build = model.structure.fluxBuildOf(ks);
  const web = webLines(model, ks, repo, cleanRepoPath(path), build);
  const label = `\`${path}\``;
  return [...web.map((w) => w.replace('§', label)), ...localLines(model, build, path)];
}

/** Web links, `§` standing for what is linked (the path, or an entry). */
function webLines(model: Model, ks: IndexedObject, repo: IndexedObject | undefined, folder: string, build: FluxBuild | undefined): string[] {
  const giteaUrl = model.settings.platform.giteaUrl;
  const g = repo?.facts.git;
  if (g?.url) {
    const lines: string[] = [];
    const web = folderLink(g.url.value, g, folder, giteaUrl);
    if (web) lines.push(`- § in the source: [${web}](${web})`);
    else if (g.semver) lines.push(`- § at the newest tag matching \`${g.semver}\``);
    if (matchRemote(model.remotes, g.url.value)) lines.push('- the source is this workspace\'s own repository');
    return lines;
  }
  // No GitRepository here (flux bootstrap creates `flux-system`): the workspace's remote, at the branch checked out.
  if (build?.local !== 'yes') return [];
  const remote = model.remotes.find((r) => r.branch && ks.uri.startsWith(`${r.root}/`));
  const web = remote ? folderLink(remote.url, { branch: remote.branch }, folder, giteaUrl) : undefined;
  return web && remote ? [`- § on this workspace's remote (branch \`${remote.branch}\`, checked out here): [${web}](${web})`] : [];
}

function localLines(model: Model, build: FluxBuild | undefined, path: string): string[] {
  if (!build) return [];
  if (build.dir) return folderLines(model, build.dir, build.files, 'flux');
  if (build.local === 'no') return [`- the source is another repository: \`${path}\` is not in this workspace`];
  if (build.local === 'yes' || model.structure.pathSurelyMissing(build.ks.uri, path)) return [`- \`${path}\` does not exist in this repository`];
  return [`- \`${path}\` is not in this workspace (the source may be another repository)`];
}

/**
 * A local folder and what a build of it takes: its kustomization.yaml and the files that reads, or (Flux only)
 * the manifests kustomize-controller generates a kustomization.yaml from. Kustomize itself cannot build a
 * folder without one.
 */
function folderLines(model: Model, dir: string, files: ReadonlySet<string>, builder: 'flux' | 'kustomize'): string[] {
  const roots = model.structure.roots;
  const target = folderTarget(model, dir);
  const name = `${workspaceRelative(roots, dir)}/`;
  const lines = [`- local folder: ${target ? `[${name}](${target})` : `\`${name}\``}`];
  const k = model.structure.tree.kustomizationIn.get(dir);
  const taken = [...files].filter((f) => f !== k);
  const list = listWithMore(taken.map((f) => `[${relativePath(dir, f) ?? workspaceRelative(roots, f)}](${f})`));
  const count = `${taken.length} file${taken.length === 1 ? '' : 's'}`;
  if (k) lines.push(`- built from its [kustomization.yaml](${k}): ${count}${taken.length ? ` — ${list}` : ''}`);
  else if (builder === 'kustomize') lines.push('- no kustomization.yaml in it: kustomize cannot build this entry');
  else lines.push(`- no kustomization.yaml: kustomize-controller generates one from the ${count} below it${taken.length ? ` — ${list}` : ''}`);
  return lines;
}

/** Where a kustomization.yaml's `resources` / `components` entry lands, and what it brings in. */
export function entryLines(model: Model, kustomization: string, entry: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry)) return ['- a remote resource: kustomize fetches it; it is not in this workspace'];
  const target = joinPath(dirOf(kustomization), entry);
  if (!target) return [`- \`${entry}\` is not a path kustomize can read here`];
  const lines = entryWebLines(model, kustomization, target).map((w) => w.replace('§', `\`${entry}\``));
  if (model.index.has(target)) {
    const objects = model.index.objectsIn(target).map((o) => `${o.kind} ${o.name}`);
    lines.push(`- local file: ${fileLink(model, target)}`);
    if (objects.length) lines.push(`- defines ${listWithMore(objects)}`);
    return lines;
  }
  if (model.structure.tree.dirs.has(target)) return [...lines, ...folderLines(model, target, model.structure.builds.ofDir(target), 'kustomize')];
  return [...lines, `- \`${entry}\` does not exist: no file or folder of manifests at \`${workspaceRelative(model.structure.roots, target)}\``];
}

/** The entry in the web UI of the source a Flux Kustomization that builds this kustomization.yaml reads. */
function entryWebLines(model: Model, kustomization: string, target: string): string[] {
  for (const build of model.structure.fluxBuildsOf(kustomization)) {
    const clean = cleanRepoPath(build.ks.facts.kustomization?.path?.value ?? '');
    if (!build.dir) continue;
    // The repository's root is the build's folder less the path's segments.
    let root = build.dir;
    const depth = clean ? clean.split('/').length : 0;
    for (let i = 0; i < depth; i++) root = dirOf(root);
    const inRepo = relativePath(root, target);
    if (inRepo === undefined) continue;
    const lines = webLines(model, build.ks, sourceOf(model, build.ks), inRepo, build).filter((l) => l.includes('](http'));
    if (lines.length) return lines;
  }
  return [];
}

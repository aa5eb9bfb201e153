// Document links: a Kustomization's path and components to their folders, kustomization.yaml entries to
// their files, and source URLs to their web pages (Gitea/GitHub/GitLab folder at the ref when known).
import type { DocumentLink } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { folderLink } from '../gitea/url';
import { str } from '../workspace/extract';
import { dirOf, joinPath } from '../workspace/paths';
import { nodeAtPath } from '../yaml/ast';
import { scalarString, type ParsedDoc, type ParsedFile } from '../yaml/parse';
import { isKustomizeDoc } from '../workspace/kustomizeFacts';
import { objectOfDoc, type Model } from './model';

/** What a link to a folder opens: its kustomization.yaml, else its first manifest. */
export function folderTarget(model: Model, dir: string): string | undefined {
  const tree = model.structure.tree;
  const k = tree.kustomizationIn.get(dir);
  if (k) return k;
  const first = tree.filesIn.get(dir)?.[0];
  if (first) return first;
  const sub = tree.childDirs.get(dir)?.[0];
  return sub ? folderTarget(model, sub) : undefined;
}

export function fileLinks(model: Model, file: ParsedFile): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const doc of file.docs) {
    if (!doc.root) continue;
    if (isKustomizeDoc(file, doc)) out.push(...kustomizeLinks(model, file, doc));
    else out.push(...objectLinks(model, file, doc));
  }
  return out;
}

function link(file: ParsedFile, node: Node | null | undefined, target: string | undefined, tooltip?: string): DocumentLink[] {
  if (!node?.range || !target) return [];
  return [{ range: file.lines.range(node.range[0], node.range[1]), target, ...(tooltip ? { tooltip } : {}) }];
}

function pathTarget(model: Model, dir: string, rel: string): string | undefined {
  const target = joinPath(dir, rel);
  if (!target) return undefined;
  if (model.index.has(target)) return target;
  return model.structure.tree.dirs.has(target) ? folderTarget(model, target) : undefined;
}

function kustomizeLinks(model: Model, file: ParsedFile, doc: ParsedDoc): DocumentLink[] {
  const dir = dirOf(file.uri);
  const out: DocumentLink[] = [];
  const items = (key: string, sub?: string) => {
    const seq = nodeAtPath(doc.root, [key]);
    if (!isSeq(seq)) return;
    for (const item of seq.items as Node[]) {
      const node = sub ? (isMap(item) ? nodeAtPath(item, [sub]) : undefined) : item;
      const value = isScalar(node) ? scalarString(node) : undefined;
      if (value && !value.includes('\n')) out.push(...link(file, node, pathTarget(model, dir, value)));
    }
  };
  for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds']) items(key);
  items('patches', 'path');
  items('patchesJson6902', 'path');
  return out;
}

function objectLinks(model: Model, file: ParsedFile, doc: ParsedDoc): DocumentLink[] {
  const o = objectOfDoc(model.index, file.uri, doc.index);
  if (!o) return [];
  const out: DocumentLink[] = [];
  const build = o.facts.kustomization ? model.structure.fluxBuildOf(o) : undefined;
  if (build?.dir) {
    out.push(...link(file, nodeAtPath(doc.root, ['spec', 'path']), folderTarget(model, build.dir), 'Open the folder this Kustomization builds'));
    const components = nodeAtPath(doc.root, ['spec', 'components']);
    if (isSeq(components)) for (const c of components.items as Node[]) out.push(...link(file, c, pathTarget(model, build.dir, scalarString(c) ?? '')));
  }
  const url = str(doc.root, ['spec', 'url']);
  if (url && o.facts.git) {
    const g = o.facts.git;
    const web = folderLink(url, g, '', model.settings.platform.giteaUrl) ?? (url.startsWith('https://') ? url : undefined);
    out.push(...link(file, nodeAtPath(doc.root, ['spec', 'url']), web, 'Open the repository at this ref'));
  } else if (url?.startsWith('https://') && !url.includes('${')) {
    out.push(...link(file, nodeAtPath(doc.root, ['spec', 'url']), url));
  }
  return out;
}

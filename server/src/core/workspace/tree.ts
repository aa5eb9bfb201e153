// The folder tree of the indexed files and the kustomization.yaml files in it: the raw material of builds.
import type { WorkspaceIndex } from './index';
import { dirOf, isKustomizationFile, joinPath } from './paths';

export class FolderTree {
  /** Every folder that holds an indexed file, directly or below. */
  readonly dirs = new Set<string>();
  readonly filesIn = new Map<string, string[]>();
  readonly childDirs = new Map<string, string[]>();
  /** kustomization.yaml URI per folder. */
  readonly kustomizationIn = new Map<string, string>();
  /** Files applied as patches by some kustomization.yaml: they define nothing. */
  readonly patches = new Set<string>();

  constructor(readonly index: WorkspaceIndex) {
    for (const uri of index.uris()) this.addFile(uri);
    for (const uri of index.uris()) {
      const k = index.kustomizeIn(uri);
      if (!k || !isKustomizationFile(uri)) continue;
      for (const p of k.patches) {
        const target = joinPath(dirOf(uri), p);
        if (target) this.patches.add(target);
      }
    }
  }

  private addFile(uri: string): void {
    const dir = dirOf(uri);
    push(this.filesIn, dir, uri);
    if (isKustomizationFile(uri) && this.index.kustomizeIn(uri)) this.kustomizationIn.set(dir, uri);
    // Up from the file's folder until a folder already known; each new one is its parent's child.
    const root = uri.indexOf('://') + 3;
    let child = dir;
    while (!this.dirs.has(child)) {
      this.dirs.add(child);
      const parent = dirOf(child);
      if (parent === child || parent.length <= root) return;
      push(this.childDirs, parent, child);
      child = parent;
    }
  }

  /** The folder a relative path from a folder lands on, when it holds indexed files. */
  existingDir(fromDir: string, rel: string): string | undefined {
    const target = joinPath(fromDir, rel);
    return target && this.dirs.has(target) ? target : undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

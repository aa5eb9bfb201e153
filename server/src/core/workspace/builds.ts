// Which files a build takes in, the way kustomize and kustomize-controller do: a folder with a
// kustomization.yaml builds its resources and components; a folder without one is generated from every
// manifest below it, where a sub-folder with a kustomization.yaml is built as such.
import { dirOf, joinPath } from './paths';
import type { FolderTree } from './tree';

const EMPTY: ReadonlySet<string> = new Set();

export class Builds {
  private readonly memo = new Map<string, ReadonlySet<string>>();
  private readonly active = new Set<string>();
  private readonly entryMemo = new Map<string, string[]>();
  /** Kustomization files that include a file or another kustomization (file URI -> kustomization URIs). */
  readonly includers = new Map<string, string[]>();

  constructor(private readonly tree: FolderTree) {
    for (const k of tree.kustomizationIn.values()) {
      for (const target of this.entries(k)) {
        const sub = tree.kustomizationIn.get(target);
        const key = sub ?? (tree.index.has(target) ? target : undefined);
        if (key) this.includers.set(key, [...(this.includers.get(key) ?? []), k]);
      }
    }
  }

  /** The manifest files a build of `dir` reads (patch files excluded). */
  ofDir(dir: string): ReadonlySet<string> {
    const k = this.tree.kustomizationIn.get(dir);
    return k ? this.cached(`k:${k}`, () => this.kustomization(k)) : this.cached(`g:${dir}`, () => this.generated(dir));
  }

  private cached(key: string, fn: () => Set<string>): ReadonlySet<string> {
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.active.has(key)) return EMPTY;
    this.active.add(key);
    const value = fn();
    this.active.delete(key);
    this.memo.set(key, value);
    return value;
  }

  private entries(k: string): string[] {
    const hit = this.entryMemo.get(k);
    if (hit) return hit;
    const facts = this.tree.index.kustomizeIn(k);
    const dir = dirOf(k);
    const out = facts ? [...facts.resources, ...facts.components].flatMap((r) => {
      const t = joinPath(dir, r);
      return t ? [t] : [];
    }) : [];
    this.entryMemo.set(k, out);
    return out;
  }

  private kustomization(k: string): Set<string> {
    const out = new Set<string>([k]);
    for (const target of this.entries(k)) {
      if (this.tree.index.has(target)) out.add(target);
      else if (this.tree.dirs.has(target)) for (const f of this.ofDir(target)) out.add(f);
    }
    return out;
  }

  private generated(dir: string): Set<string> {
    const out = new Set<string>();
    for (const f of this.tree.filesIn.get(dir) ?? []) if (!this.tree.patches.has(f)) out.add(f);
    for (const sub of this.tree.childDirs.get(dir) ?? []) for (const f of this.ofDir(sub)) out.add(f);
    return out;
  }
}

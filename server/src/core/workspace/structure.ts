// The build structure of the workspace, derived from the index and cached per structure version: which
// files each Flux Kustomization and kustomize root takes in (its build scope), which namespace applies to
// each file, and which files are patches. Renaming or editing ordinary objects does not rebuild it.
import { kindsNamed } from '../../shared/kinds';
import type { GitRemote } from '../gitea/remote';
import { matchRemote } from '../gitea/remote';
import { Builds } from './builds';
import type { IndexedObject, WorkspaceIndex } from './index';
import { ancestors, cleanRepoPath, dirOf, joinPath } from './paths';
import { FolderTree } from './tree';

export type Locality = 'yes' | 'maybe' | 'no';

export interface FluxBuild {
  readonly ks: IndexedObject;
  /** The local folder `spec.path` lands on, when the source is (or may be) this repository and it exists. */
  readonly dir?: string;
  readonly local: Locality;
  readonly files: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();
const CLUSTER_DIR = /\/clusters\/[^/]+$/;

export class Structure {
  readonly tree: FolderTree;
  readonly builds: Builds;
  readonly fluxBuilds = new Map<IndexedObject, FluxBuild>();
  private readonly fluxByFile = new Map<string, FluxBuild[]>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly nsMemo = new Map<string, readonly string[]>();

  constructor(readonly index: WorkspaceIndex, readonly remotes: readonly GitRemote[]) {
    this.tree = new FolderTree(index);
    this.builds = new Builds(this.tree);
    for (const ks of index.ofKind('Kustomization')) if (ks.facts.kustomization) this.addFluxBuild(ks);
    for (const dir of this.tree.dirs) if (CLUSTER_DIR.test(dir)) this.addScope(dir, this.builds.ofDir(dir));
    for (const k of this.tree.kustomizationIn.values()) if (!this.builds.includers.has(k)) this.addScope(dirOf(k), this.builds.ofDir(dirOf(k)));
  }

  isPatch(uri: string): boolean {
    return this.tree.patches.has(uri);
  }

  /** Flux Kustomizations whose build takes in this file. */
  fluxBuildsOf(uri: string): readonly FluxBuild[] {
    return this.fluxByFile.get(uri) ?? [];
  }

  /** Build scopes (root folders) that take in this file; two definitions clash only within one scope. */
  scopesOf(uri: string): ReadonlySet<string> {
    return this.scopes.get(uri) ?? EMPTY;
  }

  /** Namespaces an object lands in: targetNamespace, else kustomize's `namespace:`, else metadata.namespace. */
  namespacesOf(o: IndexedObject): readonly string[] | undefined {
    if (!isNamespaced(o.kind, o.group)) return undefined;
    const target = [...new Set(this.fluxBuildsOf(o.uri).flatMap((b) => b.ks.facts.kustomization?.targetNamespace ?? []))];
    if (target.length) return target;
    const fromKustomize = this.kustomizeNamespaces(o.uri);
    if (fromKustomize.length) return fromKustomize;
    return o.namespace ? [o.namespace] : undefined;
  }

  /** The folder a Flux `path` lands on from the file that holds the Kustomization. */
  resolvePath(fromUri: string, path: string): string | undefined {
    const clean = cleanRepoPath(path);
    const remoteRoots = this.remotes.map((r) => r.root).filter((root) => fromUri.startsWith(`${root}/`));
    const candidates = [...remoteRoots, ...ancestors(fromUri).reverse()];
    for (const base of candidates) {
      const dir = clean ? joinPath(base, clean) : base;
      if (dir && this.tree.dirs.has(dir)) return dir;
    }
    return undefined;
  }

  private kustomizeNamespaces(key: string, depth = 0): readonly string[] {
    const hit = this.nsMemo.get(key);
    if (hit) return hit;
    if (depth > 50) return [];
    this.nsMemo.set(key, []);
    const found = new Set<string>();
    for (const k of this.builds.includers.get(key) ?? []) {
      const outer = this.kustomizeNamespaces(k, depth + 1);
      const own = this.index.kustomizeIn(k)?.namespace;
      for (const ns of outer.length ? outer : own ? [own] : []) found.add(ns);
    }
    const out = [...found];
    this.nsMemo.set(key, out);
    return out;
  }

  private addFluxBuild(ks: IndexedObject): void {
    const facts = ks.facts.kustomization!;
    const local = this.locality(ks);
    const dir = local === 'no' || !facts.path ? undefined : this.resolvePath(ks.uri, facts.path.value);
    let files = dir ? this.builds.ofDir(dir) : EMPTY;
    if (dir && facts.components.length) {
      const all = new Set(files);
      for (const c of facts.components) {
        const cdir = this.tree.existingDir(dir, c);
        if (cdir) for (const f of this.builds.ofDir(cdir)) all.add(f);
      }
      files = all;
    }
    const build: FluxBuild = { ks, dir, local, files };
    this.fluxBuilds.set(ks, build);
    for (const f of files) this.fluxByFile.set(f, [...(this.fluxByFile.get(f) ?? []), build]);
    if (dir) this.addScope(dir, files);
  }

  private addScope(id: string, files: ReadonlySet<string>): void {
    for (const f of files) {
      let set = this.scopes.get(f);
      if (!set) this.scopes.set(f, (set = new Set()));
      set.add(id);
    }
  }

  /** Whether a Kustomization's source is this repository: bootstrap's `flux-system`, or a URL of our remotes. */
  private locality(ks: IndexedObject): Locality {
    const ref = ks.facts.refs.find((r) => r.spec.role === 'source');
    if (!ref) return 'maybe';
    if (ref.name === 'flux-system') return 'yes';
    const repos = [...this.index.named(ref.kind ?? 'GitRepository', ref.name)];
    if (repos.some((g) => g.facts.git?.url && matchRemote(this.remotes, g.facts.git.url.value))) return 'yes';
    return repos.length && this.remotes.length ? 'no' : 'maybe';
  }
}

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'IngressClass', 'GatewayClass', 'RuntimeClass', 'VolumeSnapshotClass', 'CSIDriver', 'Node']);

export function isNamespaced(kind: string, group: string): boolean {
  const info = kindsNamed(kind).find((k) => k.group === group);
  if (info) return info.namespaced;
  return !CLUSTER_SCOPED.has(kind) && !kind.startsWith('Cluster');
}

const cache = new WeakMap<WorkspaceIndex, { key: string; structure: Structure }>();

export function structureOf(index: WorkspaceIndex, remotes: readonly GitRemote[], remotesGeneration: number): Structure {
  const key = `${index.structureVersion}/${remotesGeneration}`;
  const hit = cache.get(index);
  if (hit && hit.key === key) return hit.structure;
  const structure = new Structure(index, remotes);
  cache.set(index, { key, structure });
  return structure;
}

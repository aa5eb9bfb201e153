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
  private readonly fluxBuilds = new Map<string, FluxBuild>();
  private readonly fluxByFile = new Map<string, FluxBuild[]>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly clusters = new Map<string, Set<string>>();
  private readonly clusterDirs: string[] = [];
  private readonly candidateMemo = new Map<string, string[]>();
  private readonly nsMemo = new Map<string, readonly string[]>();
  private readonly buildNsMemo = new Map<string, readonly string[]>();
  private readonly objectNs = new WeakMap<IndexedObject, readonly string[] | undefined>();
  /** Each file's Flux Kustomizations by their rank among the file's Kustomizations (a file may hold thousands). */
  private readonly ranks = new Map<string, Map<IndexedObject, number>>();

  constructor(readonly index: WorkspaceIndex, readonly remotes: readonly GitRemote[], readonly roots: readonly string[] = []) {
    this.tree = new FolderTree(index);
    this.builds = new Builds(this.tree);
    for (const ks of index.ofKind('Kustomization')) if (ks.facts.kustomization && !this.isPatch(ks.uri)) this.addFluxBuild(ks);
    for (const dir of this.tree.dirs) {
      if (!CLUSTER_DIR.test(dir)) continue;
      this.clusterDirs.push(dir);
      this.addScope(dir, this.builds.ofDir(dir));
      this.addCluster(dir);
    }
    for (const k of this.tree.kustomizationIn.values()) if (!this.builds.includers.has(k)) this.addScope(dirOf(k), this.builds.ofDir(dirOf(k)));
  }

  /** The build of a Flux Kustomization (looked up by file and name, so a fresher copy of it works too). */
  fluxBuildOf(ks: IndexedObject): FluxBuild | undefined {
    const rank = this.rankOf(ks);
    if (rank !== undefined) return this.fluxBuilds.get(`${ks.uri}\0${rank}`);
    const list = this.index.objectsIn(ks.uri).filter((o) => o.facts.kustomization);
    const at = list.findIndex((o) => o === ks || o.docIndex === ks.docIndex);
    return this.fluxBuilds.get(`${ks.uri}\0${at < 0 ? list.findIndex((o) => o.name === ks.name) : at}`);
  }

  /** The rank of a Flux Kustomization among its file's, when it is the copy this structure was built from. */
  private rankOf(ks: IndexedObject): number | undefined {
    let ranks = this.ranks.get(ks.uri);
    if (!ranks) {
      ranks = new Map();
      for (const o of this.index.objectsIn(ks.uri)) if (o.facts.kustomization) ranks.set(o, ranks.size);
      this.ranks.set(ks.uri, ranks);
    }
    return ranks.get(ks);
  }

  allFluxBuilds(): IterableIterator<FluxBuild> {
    return this.fluxBuilds.values();
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
    if (this.objectNs.has(o)) return this.objectNs.get(o);
    const ns = this.computeNamespaces(o);
    this.objectNs.set(o, ns);
    return ns;
  }

  private computeNamespaces(o: IndexedObject): readonly string[] | undefined {
    if (!isNamespaced(o.kind, o.group)) return undefined;
    const given = this.buildNamespaces(o.uri);
    if (given.length) return given;
    return o.namespace ? [o.namespace] : undefined;
  }

  /**
   * The names a Namespace object ends up with: kustomize's namespace transformer (kustomize's `namespace:`,
   * and Flux's `targetNamespace`, which kustomize-controller applies the same way) renames Namespace objects
   * too, so ten `name: _` placeholders in ten apps are ten different Namespaces.
   */
  namespaceNamesOf(o: IndexedObject): readonly string[] {
    const given = this.buildNamespaces(o.uri);
    return given.length ? given : [o.name];
  }

  /** The namespace a build gives a file's objects: a Flux targetNamespace, else kustomize's `namespace:`. */
  private buildNamespaces(uri: string): readonly string[] {
    let hit = this.buildNsMemo.get(uri);
    if (hit) return hit;
    const target = [...new Set(this.fluxBuildsOf(uri).flatMap((b) => b.ks.facts.kustomization?.targetNamespace ?? []))];
    hit = target.length ? target : this.kustomizeNamespaces(uri);
    this.buildNsMemo.set(uri, hit);
    return hit;
  }

  /** The folder a Flux `path` lands on from the file that holds the Kustomization. */
  resolvePath(fromUri: string, path: string): string | undefined {
    const clean = cleanRepoPath(path);
    const candidates = this.repoRootCandidates(fromUri);
    for (const base of clean ? candidates : candidates.slice(0, 1)) {
      const dir = clean ? joinPath(base, clean) : base;
      if (dir && this.tree.dirs.has(dir)) return dir;
    }
    return undefined;
  }

  /**
   * Whether a missing `path` is surely missing: the repository root is known (a git remote's), or the path's
   * first folder exists at a candidate root (so the workspace holds that part of the repository).
   */
  pathSurelyMissing(fromUri: string, path: string): boolean {
    if (this.remotes.some((r) => fromUri.startsWith(`${r.root}/`))) return true;
    const first = cleanRepoPath(path).split('/')[0];
    return !!first && this.repoRootCandidates(fromUri).some((base) => this.tree.existingDir(base, first));
  }

  /** Where a repository-relative path may start: remote roots, workspace roots, then folders in between. */
  private repoRootCandidates(fromUri: string): string[] {
    const dir = dirOf(fromUri);
    let hit = this.candidateMemo.get(dir);
    if (!hit) this.candidateMemo.set(dir, (hit = this.computeCandidates(fromUri)));
    return hit;
  }

  private computeCandidates(fromUri: string): string[] {
    const inside = (root: string) => fromUri.startsWith(`${root.replace(/\/+$/, '')}/`);
    const roots = [...this.remotes.map((r) => r.root), ...this.roots].filter(inside).map((r) => r.replace(/\/+$/, ''));
    // Without a git remote the repository root is unknown: the shallowest folder where the path exists wins.
    const between = ancestors(fromUri).reverse().filter((a) => roots.some((r) => a.startsWith(`${r}/`)));
    return [...roots, ...between];
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
    const path = facts.path?.value ?? '';
    const dir = local === 'no' || (local === 'maybe' && !cleanRepoPath(path)) ? undefined : this.resolvePath(ks.uri, path);
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
    this.fluxBuilds.set(`${ks.uri}\0${this.rankOf(ks) ?? -1}`, build);
    for (const f of files) {
      const builds = this.fluxByFile.get(f);
      if (builds) builds.push(build);
      else this.fluxByFile.set(f, [build]);
    }
    if (dir) this.addScope(dir, files);
  }

  /** Clusters (folders clusters/<name>) whose Flux tree takes in this file; empty when none does. */
  clustersOf(uri: string): ReadonlySet<string> {
    const taken = this.clusters.get(uri);
    if (taken) return taken;
    // A file no build takes in yet (e.g. one just created) still belongs to the cluster folder it sits in.
    const dir = this.clusterDirs.find((d) => uri.startsWith(`${d}/`));
    return dir ? new Set([dir]) : EMPTY;
  }

  /** Whether two files belong to one cluster's tree; true when either belongs to none (unknown). */
  sameCluster(a: string, b: string): boolean {
    const ca = this.clustersOf(a);
    const cb = this.clustersOf(b);
    if (!ca.size || !cb.size) return true;
    for (const c of ca) if (cb.has(c)) return true;
    return false;
  }

  /** A cluster's tree: its folder's build, then the builds of the Flux Kustomizations found in it, transitively. */
  private addCluster(dir: string): void {
    const seen = new Set<string>();
    const queue = [...this.builds.ofDir(dir)];
    for (let i = 0; i < queue.length; i++) {
      const f = queue[i];
      if (seen.has(f)) continue;
      seen.add(f);
      let set = this.clusters.get(f);
      if (!set) this.clusters.set(f, (set = new Set()));
      set.add(dir);
      for (const o of this.index.objectsIn(f)) {
        const build = o.facts.kustomization ? this.fluxBuildOf(o) : undefined;
        if (build) for (const g of build.files) if (!seen.has(g)) queue.push(g);
      }
    }
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
    if (ref.name === 'flux-system' && ref.kind !== 'Bucket') return 'yes';
    if (ref.kind && ref.kind !== 'GitRepository') return 'no';
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

export function structureOf(index: WorkspaceIndex, remotes: readonly GitRemote[], remotesGeneration: number, roots: readonly string[] = []): Structure {
  const key = `${index.structureVersion}/${remotesGeneration}`;
  const hit = cache.get(index);
  if (hit && hit.key === key) return hit.structure;
  const structure = new Structure(index, remotes, roots);
  cache.set(index, { key, structure });
  return structure;
}

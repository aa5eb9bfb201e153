// The workspace index: every Kubernetes object defined in the workspace's YAML, by kind, namespace and name,
// with where it is defined and the facts the cross-file checks need (facts.ts). Kept current by the server
// on open, edit, save, create, delete and rename. Lookups are maps maintained on every update, so a check
// never scans the whole index.
import { isMap, isScalar, type Node } from 'yaml';
import { splitApiVersion } from '../../shared/kinds';
import { pairOf } from '../yaml/ast';
import type { ParsedFile } from '../yaml/parse';
import { objectFacts } from './extract';
import type { KustomizeFacts, ObjectFacts } from './facts';
import { isKustomizeDoc, kustomizeFacts } from './kustomizeFacts';
import { MultiMap } from './multimap';

export interface IndexedObject {
  readonly uri: string;
  readonly docIndex: number;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace as written, if any (see structure.ts for the namespace that applies). */
  readonly namespace?: string;
  /** Offsets of metadata.name's value, for definition links. */
  readonly nameRange: [number, number];
  /** Line and character of metadata.name's value, usable without the file's text. */
  readonly namePosition: { line: number; character: number };
  readonly docRange: [number, number];
  readonly facts: ObjectFacts;
}

/** What the index keeps of one file: plain data, so it can be built in a worker thread. */
export interface FileEntry {
  readonly objects: readonly IndexedObject[];
  readonly kustomize?: KustomizeFacts;
  /**
   * apiVersion and kind of the documents that are no object here (no name yet; not a kustomization.yaml), so the
   * schemas a file needs are known from its entry without parsing it again.
   */
  readonly unnamed?: readonly (readonly [string, string])[];
  /** What the folder structure depends on in this file; a change bumps `structureVersion`. */
  readonly fingerprint: string;
}

export class WorkspaceIndex {
  private readonly byUri = new Map<string, FileEntry>();
  private readonly byKind = new MultiMap<string, IndexedObject>();
  private readonly byKindName = new MultiMap<string, IndexedObject>();
  private readonly producers = new MultiMap<string, IndexedObject>();
  private readonly referrers = new MultiMap<string, string>();
  private readonly previousNames = new Map<string, readonly string[]>();
  /** Per file, whether its last update changed what the files its Flux Kustomizations build depend on. */
  private readonly buildChanged = new Map<string, boolean>();
  /** Files whose objects declare Flux or ESO releases (profileChoice.ts reads only these). */
  private readonly declaring = new Map<string, string>();
  private generation = 0;
  private structureGeneration = 0;
  private declarationsGeneration = 0;

  /** Bumped on every change, so derived data can be cached per generation. */
  get version(): number {
    return this.generation;
  }

  /** Bumped only when files appear or vanish, or kustomization files / Flux Kustomizations change. */
  get structureVersion(): number {
    return this.structureGeneration;
  }

  /** Bumped only when the Flux or ESO releases some object declares change. */
  get declarationsVersion(): number {
    return this.declarationsGeneration;
  }

  /** The files whose objects declare Flux or ESO releases. */
  declaringFiles(): IterableIterator<string> {
    return this.declaring.keys();
  }

  update(file: ParsedFile): void {
    this.updateEntry(file.uri, entryOf(file));
  }

  /** Takes an entry built elsewhere (e.g. by a worker thread from the same parse). */
  updateEntry(uri: string, entry: FileEntry): void {
    const old = this.byUri.get(uri);
    this.detach(uri);
    this.buildChanged.set(uri, !old || buildKeyOf(old.objects) !== buildKeyOf(entry.objects));
    this.byUri.set(uri, entry);
    for (const o of entry.objects) this.attach(o);
    if (!old || old.fingerprint !== entry.fingerprint) this.structureGeneration++;
    this.setDeclarations(uri, declarationsKeyOf(entry.objects));
    this.generation++;
  }

  remove(uri: string): void {
    if (!this.byUri.has(uri)) return;
    this.detach(uri);
    this.byUri.delete(uri);
    this.buildChanged.delete(uri);
    this.setDeclarations(uri, '');
    this.structureGeneration++;
    this.generation++;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  uris(): IterableIterator<string> {
    return this.byUri.keys();
  }

  entry(uri: string): FileEntry | undefined {
    return this.byUri.get(uri);
  }

  objectsIn(uri: string): readonly IndexedObject[] {
    return this.byUri.get(uri)?.objects ?? [];
  }

  kustomizeIn(uri: string): KustomizeFacts | undefined {
    return this.byUri.get(uri)?.kustomize;
  }

  ofKind(kind: string): readonly IndexedObject[] {
    return [...this.byKind.get(kind)];
  }

  /** Objects of a kind with a name, wherever they are. */
  named(kind: string, name: string): ReadonlySet<IndexedObject> {
    return this.byKindName.get(`${kind}\0${name}`);
  }

  /** Objects that produce a Secret or ConfigMap of that name (manifests, ExternalSecrets, Certificates...). */
  producersOf(kind: string, name: string): ReadonlySet<IndexedObject> {
    return this.producers.get(`${kind}\0${name}`);
  }

  /** Files holding a reference to something with this name. */
  referrersOf(name: string): ReadonlySet<string> {
    return this.referrers.get(name);
  }

  /** The names a file defined before its last update (so a rename re-checks the old name's referrers). */
  previousNamesOf(uri: string): readonly string[] {
    return this.previousNames.get(uri) ?? [];
  }

  /** Whether the last update of a file changed its Flux Kustomizations in a way the files they build see. */
  buildChangedIn(uri: string): boolean {
    return this.buildChanged.get(uri) ?? true;
  }

  *all(): IterableIterator<IndexedObject> {
    for (const e of this.byUri.values()) yield* e.objects;
  }

  get size(): number {
    let n = 0;
    for (const e of this.byUri.values()) n += e.objects.length;
    return n;
  }

  private setDeclarations(uri: string, key: string): void {
    if ((this.declaring.get(uri) ?? '') === key) return;
    if (key) this.declaring.set(uri, key);
    else this.declaring.delete(uri);
    this.declarationsGeneration++;
  }

  private attach(o: IndexedObject): void {
    this.byKind.add(o.kind, o);
    this.byKindName.add(`${o.kind}\0${o.name}`, o);
    for (const p of o.facts.produces) this.producers.add(`${p.kind}\0${p.name}`, o);
    for (const r of o.facts.refs) this.referrers.add(r.name, o.uri);
  }

  private detach(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    this.previousNames.set(uri, [...new Set(old.objects.flatMap((o) => [o.name, ...o.facts.produces.map((p) => p.name)]))]);
    for (const o of old.objects) {
      this.byKind.delete(o.kind, o);
      this.byKindName.delete(`${o.kind}\0${o.name}`, o);
      for (const p of o.facts.produces) this.producers.delete(`${p.kind}\0${p.name}`, o);
      for (const r of o.facts.refs) this.referrers.delete(r.name, o.uri);
    }
  }
}

export function entryOf(file: ParsedFile): FileEntry {
  const objects: IndexedObject[] = [];
  const unnamed: [string, string][] = [];
  let kustomize: KustomizeFacts | undefined;
  for (const d of file.docs) {
    const { apiVersion, kind, name, namespace } = d.identity;
    if (!kustomize && isKustomizeDoc(file, d)) {
      kustomize = kustomizeFacts(d);
      continue;
    }
    if (!apiVersion || !kind || !name || !d.root) {
      if (apiVersion) unnamed.push([apiVersion, kind ?? '']);
      continue;
    }
    const meta = pairOf(d.root, 'metadata')?.value;
    const nameNode = isMap(meta) ? (pairOf(meta, 'name')?.value as Node | undefined) : undefined;
    const range: [number, number] = nameNode && isScalar(nameNode) && nameNode.range ? [nameNode.range[0], nameNode.range[1]] : [d.start, d.start];
    objects.push({
      uri: file.uri, docIndex: d.index, apiVersion, group: splitApiVersion(apiVersion).group, kind, name, namespace,
      nameRange: range, namePosition: file.lines.positionAt(range[0]), docRange: [d.start, d.end], facts: objectFacts(file, d),
    });
  }
  return { objects, kustomize, fingerprint: fingerprintOf(objects, kustomize), ...(unnamed.length ? { unnamed } : {}) };
}

/** What a file declares of Flux and ESO releases ('' when nothing): a change re-chooses the profiles. */
function declarationsKeyOf(objects: readonly IndexedObject[]): string {
  // Spans are left out: an edit above a declaration moves it without changing what it declares.
  const declared = objects.flatMap((o) => (o.facts.declares ?? []).map((d) => [d.component, d.version, d.what]));
  return declared.length ? JSON.stringify(declared) : '';
}

function fingerprintOf(objects: readonly IndexedObject[], kustomize: KustomizeFacts | undefined): string {
  const ks = objects.filter((o) => o.facts.kustomization).map((o) => {
    const k = o.facts.kustomization!;
    const source = o.facts.refs.find((r) => r.spec.role === 'source');
    // Names are left out on purpose: renaming a Kustomization must not rebuild the structure.
    return [k.path?.value, k.targetNamespace, k.components, source?.kind, source?.name];
  });
  return ks.length || kustomize ? JSON.stringify([ks, kustomize]) : '';
}

/**
 * What the files a file's Flux Kustomizations build depend on (namespaces, substitutions, sources), without
 * offsets: editing or renaming anything else in the file leaves it unchanged.
 */
function buildKeyOf(objects: readonly IndexedObject[]): string {
  const ks = objects.filter((o) => o.facts.kustomization).map((o) => {
    const k = o.facts.kustomization!;
    const refs = o.facts.refs.map((r) => [r.field, r.kind, r.name, r.namespace, r.optional]);
    return [o.name, o.namespace, k.path?.value, k.targetNamespace, k.postBuild, k.substitute, k.components, o.facts.substitutionDisabled, refs];
  });
  return ks.length ? JSON.stringify(ks) : '';
}

// Resolving a reference to the objects it names: kinds from the kinds table (the written kind, else the
// first), namespace from the reference, else the referrer's (Flux's rule); Secrets and ConfigMaps are
// resolved to whatever produces them (manifests, ExternalSecrets, generators, ...).
import { kindsNamed } from '../../shared/kinds';
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import { isNamespaced } from '../workspace/structure';
import type { Model } from './model';

export interface Resolution {
  readonly kinds: readonly string[];
  /** Namespaces the reference looks in; undefined when unknown (then any namespace matches). */
  readonly namespaces?: readonly string[];
  readonly targets: readonly IndexedObject[];
  /** True for references to Secrets / ConfigMaps, resolved through their producers. */
  readonly produced: boolean;
}

export function targetKinds(ref: RefFact): string[] {
  if (ref.kind) return [ref.kind];
  return ref.spec.hasKind && ref.spec.kinds.length ? [ref.spec.kinds[0]] : [...ref.spec.kinds];
}

export function wantedNamespaces(model: Model, referrer: IndexedObject, ref: RefFact): readonly string[] | undefined {
  if (ref.namespace) return [ref.namespace];
  return model.structure.namespacesOf(referrer);
}

export function namespacesMatch(want: readonly string[] | undefined, have: readonly string[] | undefined): boolean {
  return !want || !have || want.some((n) => have.includes(n));
}

export function resolveRef(model: Model, referrer: IndexedObject, ref: RefFact): Resolution {
  const kinds = targetKinds(ref);
  const namespaces = wantedNamespaces(model, referrer, ref);
  const produced = kinds.every((k) => k === 'Secret' || k === 'ConfigMap');
  const key = `${kinds.join(',')}\0${ref.name}\0${namespaces?.join(',') ?? '*'}\0${[...model.structure.clustersOf(referrer.uri)].join(',')}`;
  const memo = memoOf(model);
  let targets = memo.get(key);
  if (!targets) {
    const all = produced ? producersFor(model, kinds, ref.name, namespaces) : definitionsFor(model, kinds, ref.name, namespaces);
    // Clusters deployed from one tree do not see each other's objects.
    targets = all.filter((t) => model.structure.sameCluster(referrer.uri, t.uri));
    memo.set(key, targets);
  }
  return { kinds, namespaces, targets, produced };
}

/**
 * Resolutions of the current index version, by what they depend on (kinds, name, namespaces, the referrer's
 * clusters). N objects that name the same thing (a file of a thousand copies of one HelmRelease) resolve it
 * once, not N times over N definitions.
 */
const memos = new WeakMap<Model['structure'], { version: number; hits: Map<string, readonly IndexedObject[]> }>();

function memoOf(model: Model): Map<string, readonly IndexedObject[]> {
  const memo = memos.get(model.structure);
  if (memo && memo.version === model.index.version) return memo.hits;
  const fresh = { version: model.index.version, hits: new Map<string, readonly IndexedObject[]>() };
  memos.set(model.structure, fresh);
  return fresh.hits;
}

/** Definitions of an object: not patches, of a kind's known group, in a matching namespace when namespaced. */
export function definitionsFor(model: Model, kinds: readonly string[], name: string, namespaces: readonly string[] | undefined): IndexedObject[] {
  const out: IndexedObject[] = [];
  for (const kind of kinds) {
    const groups = kindsNamed(kind).map((k) => k.group);
    for (const o of model.index.named(kind, name)) {
      if (groups.length && !groups.includes(o.group)) continue;
      if (model.structure.isPatch(o.uri)) continue;
      if (isNamespaced(o.kind, o.group) && !namespacesMatch(namespaces, model.structure.namespacesOf(o))) continue;
      out.push(o);
    }
  }
  return [...out, ...producersFor(model, kinds, name, namespaces)];
}

function producersFor(model: Model, kinds: readonly string[], name: string, namespaces: readonly string[] | undefined): IndexedObject[] {
  const out: IndexedObject[] = [];
  for (const kind of kinds) {
    for (const o of model.index.producersOf(kind, name)) {
      if (model.structure.isPatch(o.uri)) continue;
      const made = o.facts.produces.filter((p) => p.kind === kind && p.name === name);
      if (made.some((p) => p.anyNamespace)) {
        out.push(o);
        continue;
      }
      const own = made.flatMap((p) => p.namespace ?? []);
      if (!namespacesMatch(namespaces, own.length ? own : model.structure.namespacesOf(o))) continue;
      out.push(o);
    }
  }
  return out;
}

/** Kustomize generators (secretGenerator / configMapGenerator) that make this name, by kustomization URI. */
export function generatorsFor(model: Model, kinds: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (const k of model.structure.tree.kustomizationIn.values()) {
    const facts = model.index.kustomizeIn(k);
    if (facts?.generated.some((g) => kinds.includes(g.kind) && g.name === name)) out.push(k);
  }
  return out;
}

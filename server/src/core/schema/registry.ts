// Looks up the schema of a document by its apiVersion and kind, and resolves $refs.
import { kustomizeKinds } from './kustomize';
import { applyOverlays } from './overlays';
import type { KindSchema, SchemaBundle, SchemaNode } from './types';

export interface SchemaRegistry {
  readonly profile: string;
  readonly generatedFrom: Readonly<Record<string, string>>;
  lookup(apiVersion: string, kind: string): KindSchema | undefined;
  /** Every version known for a group and kind, served or not. */
  versionsOf(group: string, kind: string): readonly KindSchema[];
  resolve(node: SchemaNode | undefined): SchemaNode | undefined;
  allKinds(): readonly KindSchema[];
  /**
   * The registries of the other releases of the component that owns a group (ESO's for external-secrets.io):
   * read on demand (profiles.ts); none for a registry made alone or a group no profile varies.
   */
  otherReleases?(group: string): readonly SchemaRegistry[];
}

/**
 * @param loadExtra reads the bundle's extra kinds (`extraKinds`): called once, the first time a lookup names one,
 * so a workspace of common kinds never holds them.
 */
export function createRegistry(bundle: SchemaBundle, loadExtra?: () => SchemaBundle): SchemaRegistry {
  const kinds = [...bundle.kinds, ...kustomizeKinds()];
  applyOverlays(kinds);
  const byKey = new Map<string, KindSchema>();
  const byGroupKind = new Map<string, KindSchema[]>();
  const add = (k: KindSchema) => {
    byKey.set(`${k.apiVersion}|${k.kind}`, k);
    const key = `${k.group}|${k.kind}`;
    byGroupKind.set(key, [...(byGroupKind.get(key) ?? []), k]);
  };
  for (const k of kinds) add(k);
  const extraIds = new Set(loadExtra ? bundle.extraKinds ?? [] : []);
  const extraGroupKinds = new Set([...extraIds].map((id) => {
    const [apiVersion, kind] = id.split('|');
    return `${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : ''}|${kind}`;
  }));
  let definitions = bundle.definitions;
  const ensureExtra = () => {
    if (!extraIds.size) return;
    extraIds.clear();
    extraGroupKinds.clear();
    const extra = loadExtra!();
    for (const k of extra.kinds) {
      kinds.push(k);
      add(k);
    }
    definitions = { ...definitions, ...extra.definitions };
  };
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    let current = node;
    for (let i = 0; current?.$ref && i < 32; i++) {
      const target: SchemaNode | undefined = definitions[current.$ref];
      if (!target) return { ...current, $ref: undefined };
      // A $ref carries its own description in the wrapper; keep it over the target's.
      current = current.description && !target.description ? { ...target, description: current.description } : target;
    }
    return current;
  };
  return Object.freeze({
    profile: bundle.profile,
    generatedFrom: bundle.generatedFrom,
    lookup: (apiVersion: string, kind: string) => {
      const key = `${apiVersion}|${kind}`;
      if (extraIds.has(key)) ensureExtra();
      return byKey.get(key);
    },
    versionsOf: (group: string, kind: string) => {
      if (extraGroupKinds.has(`${group}|${kind}`)) ensureExtra();
      return byGroupKind.get(`${group}|${kind}`) ?? [];
    },
    resolve,
    /** The kinds loaded so far (the extra kinds once a document named one). */
    allKinds: () => kinds,
  });
}

/** The schema one step down: a property of an object or the items of an array. */
export function childSchema(registry: SchemaRegistry, node: SchemaNode | undefined, segment: string | number): SchemaNode | undefined {
  const s = registry.resolve(node);
  if (!s) return undefined;
  if (typeof segment === 'number' || segment === '[]') return registry.resolve(s.items);
  const prop = s.properties?.[segment];
  if (prop) return registry.resolve(prop);
  if (typeof s.additionalProperties === 'object') return registry.resolve(s.additionalProperties);
  return undefined;
}

export function schemaAtPath(registry: SchemaRegistry, root: SchemaNode, path: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = registry.resolve(root);
  for (const seg of path) {
    node = childSchema(registry, node, seg);
    if (!node) return undefined;
  }
  return node;
}

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
}

export function createRegistry(bundle: SchemaBundle): SchemaRegistry {
  const kinds = [...bundle.kinds, ...kustomizeKinds()];
  applyOverlays(kinds);
  const byKey = new Map(kinds.map((k) => [`${k.apiVersion}|${k.kind}`, k]));
  const byGroupKind = new Map<string, KindSchema[]>();
  for (const k of kinds) {
    const key = `${k.group}|${k.kind}`;
    byGroupKind.set(key, [...(byGroupKind.get(key) ?? []), k]);
  }
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    let current = node;
    for (let i = 0; current?.$ref && i < 32; i++) {
      const target: SchemaNode | undefined = bundle.definitions[current.$ref];
      if (!target) return { ...current, $ref: undefined };
      // A $ref carries its own description in the wrapper; keep it over the target's.
      current = current.description && !target.description ? { ...target, description: current.description } : target;
    }
    return current;
  };
  return Object.freeze({
    profile: bundle.profile,
    generatedFrom: bundle.generatedFrom,
    lookup: (apiVersion: string, kind: string) => byKey.get(`${apiVersion}|${kind}`),
    versionsOf: (group: string, kind: string) => byGroupKind.get(`${group}|${kind}`) ?? [],
    resolve,
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

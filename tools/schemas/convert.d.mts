// Types for convert.mjs, so TypeScript tests and tools can import it under `strict`.
import type { KindSchema, SchemaBundle, SchemaNode } from './format.js';

export const OBJECT_META: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const CORE_REF_PREFIX: '#/components/schemas/';

export interface ConvertOptions {
  refPrefix?: string;
  freeFormObjects?: boolean;
  dropped?: Map<string, number>;
}

export interface KindOverride {
  apiVersion: string;
  kind?: string;
  deprecated?: boolean;
  deprecationWarning?: string;
  served?: boolean;
}

export function convertNode(src: unknown, opts?: ConvertOptions): SchemaNode;
export function isIntOrStringUnion(list: unknown[]): boolean;
export function withObjectMeta(schema: SchemaNode): SchemaNode;
export function convertCrd(crd: unknown, origin: string, opts?: ConvertOptions): KindSchema[];
export function parseGvk(id: string): { group: string; version: string; kind: string };
export function locateCoreKind(
  doc: unknown,
  gvk: { group: string; version: string; kind: string },
): { name: string; plural?: string; namespaced: boolean } | undefined;
export function convertCoreKind(doc: unknown, id: string, origin: string, opts?: ConvertOptions): KindSchema;
export function collectRefs(node: unknown, into: Set<string>): Set<string>;
export function reachableDefinitions(
  kinds: KindSchema[],
  sourceSchemas: Record<string, unknown>,
  opts?: ConvertOptions,
): Record<string, SchemaNode>;
export function applyOverrides(kinds: KindSchema[], overrides?: KindOverride[]): KindSchema[];
export function checkBundle(bundle: SchemaBundle, fromBase?: ReadonlySet<string>): string[];
export function reindentQuotedContinuations(text: string): string;

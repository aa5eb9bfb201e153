// Converts our schema bundle (server/src/core/schema/types.ts) into ONE draft-07 JSON schema that dispatches
// on apiVersion and kind with allOf + if/then, so that yaml-language-server validates and completes the same
// Flux, ESO, core and kustomize kinds as our server, offline. Semantics follow our validator:
// $ref -> #/definitions, intOrString -> [integer, string], nullable -> also null, preserveUnknownFields or
// embeddedResource -> unknown fields allowed, otherwise additionalProperties false where properties exist.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRegistry } from '../../server/src/core/schema/registry';
import type { KindSchema, SchemaBundle, SchemaNode } from '../../server/src/core/schema/types';

type Json = Record<string, unknown>;

const pointer = (name: string) => `#/definitions/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const kindKey = (k: KindSchema) => `kind:${k.apiVersion}:${k.kind}`;

/** Go regular expressions that JavaScript cannot compile are dropped, as both engines would ignore them. */
function validPattern(p: string): boolean {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}

function typeOf(node: SchemaNode): string | string[] | undefined {
  const base: string[] = node.intOrString ? ['integer', 'string'] : node.type ? [node.type] : [];
  if (!base.length) return undefined;
  if (node.nullable) base.push('null');
  return base.length === 1 ? base[0] : base;
}

const COPIED = ['description', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

export function convertNode(node: SchemaNode): Json {
  if (node.$ref) return node.description ? { $ref: pointer(node.$ref), description: node.description } : { $ref: pointer(node.$ref) };
  const out: Json = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  // Our validator checks nothing below a preserve-unknown-fields node without properties.
  if (node.preserveUnknownFields && !node.properties) return out;
  const type = typeOf(node);
  if (type) out.type = type;
  if (node.enum) out.enum = node.nullable ? [...node.enum, null] : node.enum;
  if (node.pattern && validPattern(node.pattern)) out.pattern = node.pattern;
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, convertNode(v)]));
  }
  if (node.required?.length) out.required = node.required;
  if (typeof node.additionalProperties === 'object') out.additionalProperties = convertNode(node.additionalProperties);
  else if (node.additionalProperties === true || node.preserveUnknownFields || node.embeddedResource) out.additionalProperties = true;
  else if (node.properties) out.additionalProperties = false;
  if (node.items) out.items = convertNode(node.items);
  if (node.oneOf) out.oneOf = node.oneOf.map(convertNode);
  if (node.anyOf) out.anyOf = node.anyOf.map(convertNode);
  return out;
}

/** The dispatching schema: one if/then branch per apiVersion and kind. */
export function toJsonSchema(bundle: SchemaBundle): Json {
  const kinds = createRegistry(bundle).allKinds();
  const definitions: Json = {};
  for (const [name, node] of Object.entries(bundle.definitions)) definitions[name] = convertNode(node);
  for (const k of kinds) definitions[kindKey(k)] = convertNode(k.schema);
  const allOf = kinds.map((k) => ({
    if: { properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] },
    then: { $ref: pointer(kindKey(k)) },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://flux-gitops.example/bench/flux-2.9.dispatch.json',
    title: `Flux, ESO, core and kustomize kinds (${bundle.profile}), dispatched on apiVersion and kind`,
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion of the object.' },
      kind: { type: 'string', description: 'Kind of the object.' },
    },
    allOf,
    definitions,
  };
}

export function writeJsonSchema(bundlePath: string, outPath: string): { kinds: number; bytes: number } {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as SchemaBundle;
  const schema = toJsonSchema(bundle);
  const text = JSON.stringify(schema);
  writeFileSync(outPath, text);
  return { kinds: (schema.allOf as unknown[]).length, bytes: text.length };
}

// `node --import tsx bench/lsp/jsonSchema.ts <bundle.json> <out.json>` writes the schema on its own.
if (require.main === module) {
  const [bundlePath = 'generated/schemas/flux-2.9.json', outPath = 'flux-2.9.dispatch.json'] = process.argv.slice(2);
  const r = writeJsonSchema(bundlePath, outPath);
  console.log(`wrote ${outPath}: ${r.kinds} kinds, ${r.bytes} bytes`);
}

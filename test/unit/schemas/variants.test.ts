// The variant profiles' deduplication and the repair of hand-written CRD YAML (pure functions of the build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { reindentQuotedContinuations } from '../../../tools/schemas/convert.mjs';
import { dedupeVariants } from '../../../tools/schemas/variants.mjs';
import type { KindSchema, SchemaBundle } from '../../../tools/schemas/format';

const kind = (apiVersion: string, name: string, description: string, origin: string): KindSchema => ({
  apiVersion, group: apiVersion.split('/')[0], version: apiVersion.split('/')[1], kind: name, namespaced: true, served: true, storage: true,
  deprecated: false, origin, schema: { type: 'object', description },
});

const bundle = (profile: string, kinds: KindSchema[]): SchemaBundle => ({ profile, generatedFrom: { m: profile }, kinds, definitions: {} });

test('a variant kind equal to the base or an earlier variant (origin aside) is stored once', () => {
  const base = bundle('flux-2.9', [kind('e.io/v1', 'Store', 'old', 'eso@0.16')]);
  const a = bundle('eso-0.19', [kind('e.io/v1', 'Store', 'old', 'eso@0.19'), kind('e.io/v1', 'Push', 'new', 'eso@0.19')]);
  const b = bundle('eso-1.3', [kind('e.io/v1', 'Store', 'changed', 'eso@1.3'), kind('e.io/v1', 'Push', 'new', 'eso@1.3')]);
  const spec = { variantOf: 'flux-2.9', replaces: ['e.io'], description: '' };
  const { variants: file, stored, shared } = dedupeVariants(new Map([['flux-2.9', base]]), [{ id: 'eso-0.19', spec, bundle: a }, { id: 'eso-1.3', spec, bundle: b }]);
  assert.equal(stored, 2);
  assert.equal(shared, 2);
  assert.deepEqual(file[0].kinds[0], { apiVersion: 'e.io/v1', kind: 'Store', origin: 'eso@0.19', sameAs: 'flux-2.9' });
  assert.deepEqual(file[1].kinds[1], { apiVersion: 'e.io/v1', kind: 'Push', origin: 'eso@1.3', sameAs: 'eso-0.19' });
  assert.equal((file[1].kinds[0] as KindSchema).schema.description, 'changed');
});

test('quoted continuation lines at their key indentation are re-indented so the YAML parses', () => {
  const text = "properties:\n  apiVersion:\n    description: 'APIVersion defines\n    the schema. More info: https://x'\n    type: string\n  kind:\n    description: 'it''s fine'\n";
  assert.ok(parseAllDocuments(text)[0].errors.length > 0, 'the input is broken for the yaml package');
  const doc = parseAllDocuments(reindentQuotedContinuations(text))[0];
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(doc.toJS(), { properties: { apiVersion: { description: 'APIVersion defines the schema. More info: https://x', type: 'string' }, kind: { description: "it's fine" } } });
});

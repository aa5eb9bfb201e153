// The WebAssembly module against the native build of the same Go code, on every folder with a kustomization
// file in the shared corpora (real repositories nobody here wrote) and on every Flux Kustomization there: the
// same objects byte for byte after sorting, and the same error where kustomize rejects a folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import type { RenderRequest, RenderResult } from '../../../server/src/core/render/types';
import { CORPORA, fluxKustomizations, kustomizationFolders, readCorpora } from './corpora';
import { nativeBinary, renderNatively, startRenderer } from './helpers';

/** What must be equal: the error, the warnings, and the objects as JSON in a stable order. */
function comparable(result: RenderResult): { error?: string; warnings?: string[]; objects: string[] } {
  return { error: result.error?.message, warnings: result.warnings, objects: result.objects.map((o) => JSON.stringify(o)).sort() };
}

/** Renders every request with both builds and lists where they differ; counts objects and rejections. */
async function compareAll(fileSet: Map<string, string>, requests: RenderRequest[]): Promise<{ differences: string[]; rendered: number; rejected: number }> {
  const native = renderNatively(fileSet, requests);
  renderer.syncFiles(fileSet);
  const differences: string[] = [];
  let rendered = 0;
  let rejected = 0;
  for (const [i, request] of requests.entries()) {
    const wasm = comparable(await renderer.render(request));
    const expected = comparable(native[i]);
    if (wasm.error) rejected++;
    else rendered += wasm.objects.length;
    try {
      assert.deepEqual(wasm, expected);
    } catch {
      differences.push(`${request.path}: wasm ${wasm.error ?? `${wasm.objects.length} objects`}, native ${expected.error ?? `${expected.objects.length} objects`}`);
    }
  }
  return { differences, rendered, rejected };
}

const renderer = startRenderer({ timeLimitMs: 120_000 });
after(() => renderer.dispose());

test('wasm and native renders of every corpus folder are equal byte for byte', async () => {
  assert.ok(existsSync(CORPORA), `the corpora are missing at ${CORPORA}`);
  const fileSet = readCorpora();
  const folders = kustomizationFolders(fileSet);
  assert.ok(folders.length >= 100, `expected the corpora's 100+ kustomization folders, found ${folders.length}`);
  const { differences, rendered, rejected } = await compareAll(fileSet, folders.map((p) => ({ path: p })));
  assert.deepEqual(differences, []);
  // Most corpus folders build; the few kustomize rejects are rejected by both.
  assert.ok(rejected < folders.length / 4, `${rejected} of ${folders.length} folders were rejected`);
  assert.ok(rendered > 300, `only ${rendered} objects rendered`);
  console.log(`compared ${folders.length} folders: ${rendered} objects, ${rejected} rejected by both`);
});

test("wasm and native renders of every Flux Kustomization in the corpora, with its spec's build fields, are equal", async () => {
  const fileSet = readCorpora();
  const requests = fluxKustomizations(fileSet);
  assert.ok(requests.length >= 100, `expected 100+ Flux Kustomizations, found ${requests.length}`);
  assert.ok(requests.some((r) => r.substitute && Object.keys(r.substitute).length), 'some substitute variables');
  const { differences, rendered, rejected } = await compareAll(fileSet, requests);
  assert.deepEqual(differences, []);
  assert.ok(rejected < requests.length / 4, `${rejected} of ${requests.length} Flux Kustomizations were rejected`);
  console.log(`compared ${requests.length} Flux Kustomizations: ${rendered} objects, ${rejected} rejected by both`);
});

test("the module's built-in OpenAPI schema, decoded from data encoded at build time, is kyaml's own parse of it", () => {
  // The module asks kyaml to parse its bundle as kyaml does, then compares every definition, and every kind's
  // schema and namespace scope as kyaml answers them, with what the decoded data gives (tools/render/schema.go).
  const run = spawnSync(nativeBinary(), [], { input: '{"op":"schemacheck"}\n', encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const check = JSON.parse(run.stdout) as { generated: boolean; definitions: number; kinds: number; differences: string[] };
  assert.equal(check.generated, true, 'the build encoded the schema (tools/render/schemagen)');
  assert.ok(check.definitions > 500, `${check.definitions} definitions`);
  assert.ok(check.kinds > 200, `${check.kinds} kinds`);
  assert.deepEqual(check.differences, []);
});

// HelmRelease values against charts the testbed serves over the network: its Helm repository (the fixture
// server's /charts/) and its OCI registry (the distribution registry, charts pushed as Helm OCI artifacts).
// The bundled server fetches them into a chart cache (a trusted workspace) and then completes a nested key,
// hovers with the values.yaml comment, reports a schema violation at the exact value and a typo as a key the
// chart does not have.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ensureTestbed, testbedInfo } from '../testbed/helper';
import { fileUri, startServer, type LspSession } from '../lsp/lspClient';

let dir: string;
let cache: string;
let session: LspSession;

const header = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n`;
// Line 11 of each release is `replicaCount`, 12 the typo, 13-14 greeting and its nested key being typed.
const VALUES = '  values:\n    replicaCount: 11\n    replicaCont: 2\n    greeting:\n      text: hi\n';

function sources(): string {
  const { ports } = testbedInfo();
  return [
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: testbed-charts\n  namespace: flux-system\nspec:\n  interval: 10m\n  url: http://127.0.0.1:${ports.fixtures}/charts\n`,
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: testbed-oci\n  namespace: flux-system\nspec:\n  interval: 10m\n  url: oci://127.0.0.1:${ports.registry}/charts/testbed-oci\n  ref:\n    tag: 0.2.0\n`,
  ].join('---\n');
}

const RELEASES = {
  repository: `${header('values-demo')}  chart:\n    spec:\n      chart: testbed-values\n      version: "1.x"\n      sourceRef:\n        kind: HelmRepository\n        name: testbed-charts\n${VALUES}`,
  oci: `${header('oci-values')}  chartRef:\n    kind: OCIRepository\n    name: testbed-oci\n${VALUES}`,
};

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return fileUri(file);
}

/** The position of `needle` on the line that holds it (first occurrence), plus `offset` characters. */
function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(needle));
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 + offset };
}

const byCode = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);

before(async () => {
  await ensureTestbed();
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-chart-sources-'));
  cache = mkdtempSync(path.join(tmpdir(), 'flux-gitops-chart-sources-cache-'));
  write('sources.yaml', sources());
  for (const [from, text] of Object.entries(RELEASES)) write(`apps/${from}.yaml`, text);
  session = await startServer(dir, { initializationOptions: { chartCacheDir: cache, trusted: true } });
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

for (const [from, text] of Object.entries(RELEASES)) {
  describe(`a chart from the testbed's ${from === 'oci' ? 'OCI registry' : 'Helm repository'}`, () => {
    const uri = () => fileUri(path.join(dir, 'apps', `${from}.yaml`));

    it('reports a schema violation at the exact value and a typo as a key the chart does not have', async () => {
      const ds = await session.diagnosticsWhen(uri(), (d) => Boolean(byCode(d, 'maximum') && byCode(d, 'unknown-value')), 60_000);
      const start = at(text, 'replicaCount: 11', 'replicaCount: '.length);
      assert.deepEqual(byCode(ds, 'maximum')!.range, { start, end: { line: start.line, character: start.character + 2 } });
      const typo = byCode(ds, 'unknown-value')!;
      assert.equal(typo.range.start.line, at(text, 'replicaCont:').line);
      assert.match(String(typo.message), /has no value "replicaCont".*Did you mean "replicaCount"\?/);
      assert.equal(ds.filter((d) => d.code === 'unknown-value').length, 1, JSON.stringify(ds));
    });

    it('completes a nested key and hovers with its comment from values.yaml', async () => {
      const typing = text.replace('      text: hi\n', '      \n');
      session.open(uri(), typing, 2);
      await session.diagnosticsWhen(uri(), (d) => Boolean(byCode(d, 'maximum')), 60_000);
      const completion = (await session.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri() }, position: { line: at(typing, 'greeting:').line + 1, character: 6 } })) as { label: string }[];
      assert.deepEqual(completion.map((i) => i.label).sort(), ['name', 'text']);
      const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri() }, position: at(typing, 'replicaCount', 3) })) as { contents: { value: string } };
      assert.match(hover.contents.value, /How many greeters to run/);
    });
  });
}

it('keeps both charts in the chart cache, the OCI one under its manifest digest', () => {
  const catalogue = JSON.parse(readFileSync(path.join(cache, 'charts.json'), 'utf8')) as { entries: { source: string; version: string; manifest?: string }[] };
  const { ports } = testbedInfo();
  const sourcesSeen = catalogue.entries.map((e) => `${e.source}@${e.version}`).sort();
  assert.deepEqual(sourcesSeen, [`helm|http://127.0.0.1:${ports.fixtures}/charts|testbed-values@1.0.0`, `oci|oci://127.0.0.1:${ports.registry}/charts/testbed-oci@0.2.0`]);
  assert.match(catalogue.entries.find((e) => e.source.startsWith('oci|'))!.manifest ?? '', /^sha256:[0-9a-f]{64}$/);
});

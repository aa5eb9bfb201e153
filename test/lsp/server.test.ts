// The bundled server over stdio: initialize, open, diagnostics, completion, hover, code action, restart safety.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileUri, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;

const BROKEN = `apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-lsp-'));
  writeFileSync(path.join(dir, 'repo.yaml'), 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/repo.git\n  ref:\n    branch: main\n');
  session = await startServer(dir);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the server logs the schema versions it loaded and the files it indexed', async () => {
  const schemas = await session.waitForLog(/Schemas: profile flux-2\.9/);
  assert.match(schemas, /source-controller@v1\.9\.5/);
  await session.waitForLog(/Indexed 1 YAML files/);
});

test('opening a document publishes its diagnostics with codes, sources and exact ranges', async () => {
  const uri = fileUri(path.join(dir, 'apps.yaml'));
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, BROKEN);
  const diags = await diagnostics;
  const removed = diags.find((d) => d.code === 'api-removed')!;
  assert.equal(removed.source, 'flux-gitops');
  assert.deepEqual(removed.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 47 } });
});

test('an edit publishes fresh diagnostics for the new version, never stale ones', async () => {
  const uri = fileUri(path.join(dir, 'apps.yaml'));
  const fixed = BROKEN.replace('v1beta2', 'v1');
  const diagnostics = session.nextDiagnostics(uri, 2);
  session.change(uri, fixed, 2);
  const diags = await diagnostics;
  assert.ok(!diags.some((d) => d.code === 'api-removed'));
});

test('completion offers the keys of a Kustomization spec', async () => {
  const uri = fileUri(path.join(dir, 'new.yaml'));
  const text = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  \n';
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, text);
  await diagnostics;
  const result = await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 2 } }) as { label: string }[];
  const labels = result.map((i) => i.label);
  for (const k of ['sourceRef', 'path', 'prune', 'interval']) assert.ok(labels.includes(k), k);
});

test('hover shows the field description', async () => {
  const uri = fileUri(path.join(dir, 'apps.yaml'));
  const hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 3 } }) as { contents: { value: string } };
  assert.match(hover.contents.value, /\*\*prune\*\*/);
});

test('the code action for a removed apiVersion rewrites it', async () => {
  const uri = fileUri(path.join(dir, 'old.yaml'));
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, BROKEN);
  const diags = (await diagnostics).filter((d) => d.code === 'api-removed');
  const actions = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } }) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
  const fix = actions.find((a) => a.title === 'Use kustomize.toolkit.fluxcd.io/v1')!;
  assert.equal(fix.edit.changes[uri][0].newText, 'kustomize.toolkit.fluxcd.io/v1');
});

test('hostile input gets a clear diagnostic and the server keeps answering', async () => {
  const uri = fileUri(path.join(dir, 'hostile.yaml'));
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, `${'['.repeat(50000)}\n`);
  await diagnostics;
  const binary = fileUri(path.join(dir, 'binary.yaml'));
  const binaryDiags = session.nextDiagnostics(binary);
  session.open(binary, 'a: \u0000\u0001\u0002');
  assert.equal((await binaryDiags)[0].code, 'binary-file');
  const hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: fileUri(path.join(dir, 'apps.yaml')) }, position: { line: 8, character: 3 } });
  assert.ok(hover, 'the server still answers after hostile input');
});

test('a request for an unknown document answers empty instead of failing', async () => {
  const result = await session.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: 0, character: 0 } });
  assert.deepEqual(result, []);
});

test('a document over 64 KiB (checked in a worker, never parsed whole here) has its outline and its quick fixes', async () => {
  const uri = fileUri(path.join(dir, 'large.yaml'));
  const cm = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\n  namespace: apps\ndata:\n  note: "${'x'.repeat(200)}"\n`;
  const docs = Array.from({ length: 300 }, (_, i) => cm(i));
  docs.push(BROKEN);
  const text = docs.join('---\n');
  assert.ok(text.length > 64 * 1024);
  const diagnostics = session.diagnosticsWhen(uri, (d) => d.some((x) => x.code === 'api-removed'), 30_000);
  await session.open(uri, text);
  const diags = (await diagnostics).filter((d) => d.code === 'api-removed');
  const symbols = await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as { name: string; range: { start: { line: number } } }[];
  assert.equal(symbols.length, 301, 'every object of the file is in the outline');
  assert.equal(symbols[0].name, 'settings-0');
  assert.equal(symbols[300].name, 'apps');
  assert.ok(Math.abs(symbols[300].range.start.line - 300 * 8) <= 1, `the last object's range starts at line ${symbols[300].range.start.line}`);
  const actions = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } }) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
  assert.equal(actions.find((a) => a.title === 'Use kustomize.toolkit.fluxcd.io/v1')?.edit.changes[uri][0].newText, 'kustomize.toolkit.fluxcd.io/v1');
  assert.ok(actions.some((a) => a.title === 'Ignore api-removed on this line'));
});

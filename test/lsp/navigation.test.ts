// Workspace intelligence over the real protocol, on a copy of examples/catalyst.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileUri, ROOT, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;
const CLUSTER = 'flux/clusters/eu-central-production';
const categories = () => path.join(dir, CLUSTER, 'flux-system/categories.yaml');
const gotkSync = () => path.join(dir, CLUSTER, 'flux-system/gotk-sync.yaml');

/** Position of the n-th occurrence of `needle` (plus `shift` characters) in a file. */
function positionOf(file: string, needle: string, shift = 0, nth = 0) {
  const text = readFileSync(file, 'utf8');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

async function openFile(file: string): Promise<string> {
  const uri = fileUri(file);
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, readFileSync(file, 'utf8'));
  await diagnostics;
  return uri;
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-nav-'));
  cpSync(path.join(ROOT, 'examples/catalyst'), dir, { recursive: true });
  session = await startServer(dir);
  await session.waitForLog(/Indexed \d+ YAML files/);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the example repository opens without diagnostics', async () => {
  const uri = fileUri(categories());
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, readFileSync(categories(), 'utf8'));
  assert.deepEqual(await diagnostics, []);
});

test('go-to-definition on a sourceRef name jumps to the GitRepository', async () => {
  const uri = await openFile(categories());
  const position = positionOf(categories(), 'name: flux-system', 8);
  const locations = await session.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position }) as { uri: string; range: { start: { line: number } } }[];
  assert.equal(locations.length, 1);
  assert.equal(locations[0].uri, fileUri(gotkSync()));
  assert.equal(locations[0].range.start.line, positionOf(gotkSync(), 'name: flux-system', 6).line);
});

test('find-references on a GitRepository lists the Kustomizations that use it', async () => {
  const uri = await openFile(gotkSync());
  const position = positionOf(gotkSync(), 'name: flux-system', 8);
  const refs = await session.connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } }) as { uri: string }[];
  assert.ok(refs.some((r) => r.uri === fileUri(categories())), 'categories.yaml references it');
  assert.ok(refs.length >= 5);
});

test('hover on a sourceRef resolves the GitRepository and links the folder in Gitea', async () => {
  const uri = await openFile(categories());
  const position = positionOf(categories(), 'sourceRef', 2);
  const hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as { contents: { value: string } };
  const text = hover.contents.value;
  assert.match(text, /https:\/\/gitea\.catalyst\.example\/catalyst\/fleet\.git/);
  assert.match(text, /https:\/\/gitea\.catalyst\.example\/catalyst\/fleet\/src\/branch\/main\/flux\/clusters\/eu-central-production\/network/);
});

test('document links point at the Kustomization path folder', async () => {
  const uri = await openFile(categories());
  const links = await session.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } }) as { target?: string }[];
  assert.ok(links.some((l) => l.target?.endsWith(`${CLUSTER}/network/kustomization.yaml`)), JSON.stringify(links.map((l) => l.target)));
});

test('an unresolved dependsOn is reported, and fixed when the name is corrected', async () => {
  const uri = fileUri(categories());
  const text = readFileSync(categories(), 'utf8');
  const broken = text.replace('- name: network', '- name: netwrok');
  const brokenDiags = session.nextDiagnostics(uri, 2);
  session.change(uri, broken, 2);
  const diags = await brokenDiags;
  assert.ok(diags.some((d) => d.code === 'unresolved-reference' && /netwrok/.test(String(d.message))), JSON.stringify(diags));
  const fixed = session.nextDiagnostics(uri, 3);
  session.change(uri, text, 3);
  assert.deepEqual(await fixed, []);
});

test('a new file in one cluster folder resolves references within that cluster only', async () => {
  const file = path.join(dir, CLUSTER, 'flux-system/new-app.yaml');
  const text = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: new-app\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./flux/clusters/eu-central-production/network\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
  const uri = fileUri(file);
  const diagnostics = session.nextDiagnostics(uri);
  session.open(uri, text);
  await diagnostics;
  const locations = await session.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 11, character: 12 } }) as { uri: string }[];
  assert.deepEqual(locations.map((l) => l.uri), [fileUri(gotkSync())]);
});

test('rename on a sourceRef name edits the GitRepository and every Kustomization of the cluster that uses it', async () => {
  const uri = await openFile(categories());
  const position = positionOf(categories(), 'name: flux-system', 8);
  const prepared = await session.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position }) as { placeholder: string };
  assert.equal(prepared.placeholder, 'flux-system');
  const edit = await session.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'fleet' }) as { changes: Record<string, { newText: string }[]> };
  const files = Object.keys(edit.changes);
  assert.ok(files.includes(fileUri(gotkSync())), 'the GitRepository itself');
  assert.ok(files.includes(uri), 'the Kustomizations of this file');
  assert.ok(files.every((f) => f.includes('/eu-central-production/')), `only this cluster: ${files.join(', ')}`);
  assert.ok(Object.values(edit.changes).flat().every((e) => e.newText === 'fleet'));
  const refused = await session.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'Bad Name' }).then(() => undefined, (err: Error) => err.message);
  assert.match(String(refused), /not a valid object name/);
});

test('workspace symbols find objects by name across the repository without opening files', async () => {
  const symbols = await session.connection.sendRequest('workspace/symbol', { query: 'gitrepository/flux' }) as { name: string; location: { uri: string } }[];
  assert.ok(symbols.length >= 2, `${symbols.length} symbols`);
  assert.ok(symbols.every((s) => s.name === 'flux-system'));
  assert.ok(symbols.some((s) => s.location.uri === fileUri(gotkSync())));
});

// One URI per file in a workspace whose path holds the characters VS Code percent-encodes (`+`, a space, `#`,
// `%`, `@`, `[`, non-Latin letters): the server indexes the folder itself and the client opens files as VS Code
// does, and both must meet under one URI, or edits stop updating diagnostics.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { fileUri, startServer, type LspSession } from './lspClient';

let base: string;
let dir: string;
let session: LspSession;
const REPO = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/repo.git\n';
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./my apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
const BROKEN = REPO.replace('name: flux-system', 'name: broken').replace('  interval: 1m', '  interval: 1m\n  notAField: true');
const uriOf = (name: string) => fileUri(path.join(dir, name));
const codes = (d: { code?: unknown }[]) => d.map((x) => String(x.code));

before(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'flux-gitops-uris-'));
  dir = path.join(base, 'owner+repo #1 100% @home [lab] Ünïcödé 日本');
  mkdirSync(path.join(dir, 'my apps'), { recursive: true });
  writeFileSync(path.join(dir, 'repo.yaml'), REPO);
  writeFileSync(path.join(dir, 'apps.yaml'), APPS);
  writeFileSync(path.join(dir, 'broken.yaml'), BROKEN);
  writeFileSync(path.join(dir, 'my apps', 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  a: b\n');
  session = await startServer(dir);
});

after(async () => {
  await session?.stop();
  rmSync(base, { recursive: true, force: true });
});

test('the URIs under test are the ones VS Code sends: every special character percent-encoded', () => {
  const uri = uriOf('broken.yaml');
  for (const escape of ['%2B', '%20', '%23', '%25', '%40', '%5B', '%C3%9C', '%E6%97%A5']) assert.ok(uri.includes(escape), `${escape} in ${uri}`);
  assert.notEqual(uri, pathToFileURL(path.join(dir, 'broken.yaml')).toString(), 'Node spells it otherwise');
});

test('a closed file\'s diagnostics arrive under the URI VS Code uses, and under no other spelling', async () => {
  const diags = await session.diagnosticsWhen(uriOf('broken.yaml'), (d) => d.length > 0);
  assert.deepEqual(codes(diags), ['unknown-field']);
  const nodeSpelling = pathToFileURL(path.join(dir, 'broken.yaml')).toString();
  assert.ok(!session.published.has(nodeSpelling), 'nothing published under Node\'s spelling');
  for (const uri of session.published) assert.ok(uri.startsWith(fileUri(dir)), `${uri} is spelt like the folder VS Code sends`);
});

test('an open file\'s diagnostics follow each edit: the old error moves with its line, a new one appears', async () => {
  const uri = uriOf('broken.yaml');
  session.open(uri, BROKEN, 1);
  const first = await session.diagnosticsWhen(uri, (d) => d.length === 1);
  const line = first[0].range.start.line;
  session.change(uri, BROKEN.replace('spec:\n', 'spec:\n  # one\n  # two\n'), 2);
  const moved = await session.diagnosticsWhen(uri, (d) => d.length === 1 && d[0].range.start.line === line + 2);
  assert.deepEqual(codes(moved), ['unknown-field']);
  session.change(uri, BROKEN.replace('spec:\n', 'spec:\n  # one\n  # two\n  alsoNotAField: 1\n'), 3);
  const more = await session.diagnosticsWhen(uri, (d) => d.length === 2);
  assert.deepEqual(codes(more), ['unknown-field', 'unknown-field']);
  assert.ok(more.some((d) => /alsoNotAField/.test(String(d.message))), 'the new field is named');
  session.change(uri, REPO.replace('name: flux-system', 'name: broken'), 4);
  await session.diagnosticsWhen(uri, (d) => d.length === 0);
  // What the Problems panel shows for the file: every spelling of its URI (VS Code takes them as one file).
  const same = [...session.latest].filter(([u]) => decodeURIComponent(u) === decodeURIComponent(uri));
  assert.deepEqual(same.map(([, d]) => d.length), [0], 'no stale diagnostics under another spelling');
});

test('cross-file references meet under one URI: renaming the source in the open file flags the closed Kustomization', async () => {
  const repo = uriOf('repo.yaml');
  session.open(repo, REPO, 1);
  session.change(repo, REPO.replace('name: flux-system', 'name: fleet'), 2);
  const flagged = await session.diagnosticsWhen(uriOf('apps.yaml'), (d) => d.some((x) => String(x.code).startsWith('unresolved')));
  assert.match(String(flagged[0].message), /GitRepository "flux-system"/);
  session.change(repo, REPO, 3);
  await session.diagnosticsWhen(uriOf('apps.yaml'), (d) => d.length === 0);
});

test('a Kustomization path with a space lands on its folder: no path-not-found, and the link opens the encoded URI', async () => {
  const apps = uriOf('apps.yaml');
  await session.diagnosticsWhen(apps, (d) => d.length === 0);
  session.open(apps, APPS, 1);
  const links = (await session.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: apps } })) as { target?: string }[];
  assert.ok(links.some((l) => l.target === uriOf('my apps/config.yaml')), JSON.stringify(links));
});

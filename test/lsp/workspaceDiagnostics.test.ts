// Diagnostics of files that are not open: the whole workspace in the Problems panel, kept current as
// references change, and cleared when the scope is set to open files only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileUri, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;
const REPO = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/repo.git\n';
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
const uriOf = (name: string) => fileUri(path.join(dir, name));
const codes = (d: { code?: unknown }[]) => d.map((x) => String(x.code));

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-scope-'));
  writeFileSync(path.join(dir, 'repo.yaml'), REPO);
  writeFileSync(path.join(dir, 'apps.yaml'), APPS);
  writeFileSync(path.join(dir, 'broken.yaml'), REPO.replace('name: flux-system', 'name: other').replace('  interval: 1m', '  interval: 1m\n  notAField: true'));
  writeFileSync(path.join(dir, 'quiet.yaml'), `# flux-gitops-disable-file unknown-field\n${REPO.replace('name: flux-system', 'name: quiet').replace('  interval: 1m', '  interval: 1x\n  notAField: true')}`);
  session = await startServer(dir);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a file nobody opened gets its diagnostics; suppression comments in it are honoured', async () => {
  const diags = await session.diagnosticsWhen(uriOf('broken.yaml'), (d) => d.length > 0);
  assert.deepEqual(codes(diags), ['unknown-field']);
  const quiet = await session.diagnosticsWhen(uriOf('quiet.yaml'), (d) => d.length > 0);
  assert.ok(quiet.length && !codes(quiet).includes('unknown-field'), `${codes(quiet)}: the bad interval, not the suppressed field`);
});

test('renaming a GitRepository in an open document flags the closed Kustomization that uses it, and renaming back clears it', async () => {
  const repo = uriOf('repo.yaml');
  session.open(repo, REPO, 1);
  session.change(repo, REPO.replace('name: flux-system', 'name: fleet'), 2);
  const unresolved = (x: { code?: unknown }) => String(x.code).startsWith('unresolved');
  const flagged = await session.diagnosticsWhen(uriOf('apps.yaml'), (d) => d.some(unresolved));
  assert.match(String(flagged.find(unresolved)!.message), /GitRepository "flux-system"/);
  session.change(repo, REPO, 3);
  await session.diagnosticsWhen(uriOf('apps.yaml'), (d) => d.length === 0);
});

test('with the scope set to open files, closed files\' diagnostics are cleared', async () => {
  await session.diagnosticsWhen(uriOf('broken.yaml'), (d) => d.length > 0);
  session.settings.diagnostics = { scope: 'open' };
  session.configurationChanged();
  await session.diagnosticsWhen(uriOf('broken.yaml'), (d) => d.length === 0);
  session.settings.diagnostics = { scope: 'workspace' };
  session.configurationChanged();
  await session.diagnosticsWhen(uriOf('broken.yaml'), (d) => d.length > 0);
});

test('closing a document whose file is gone clears what was published while it was open', async () => {
  const uri = uriOf('transient.yaml');
  writeFileSync(path.join(dir, 'transient.yaml'), REPO.replace('name: flux-system', 'name: transient').replace('  interval: 1m', '  interval: 1m\n  notAField: 1'));
  const opened = session.nextDiagnostics(uri);
  session.open(uri, REPO.replace('name: flux-system', 'name: transient').replace('  interval: 1m', '  interval: 1m\n  notAField: 1'));
  assert.ok((await opened).length > 0);
  rmSync(path.join(dir, 'transient.yaml'));
  void session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await session.diagnosticsWhen(uri, (d) => d.length === 0);
});

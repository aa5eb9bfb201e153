// The render engine in the running server: after indexing, the real kustomize renders each Flux Kustomization
// in the background; its verdict reaches the Problems panel, the lenses and "Show Rendered Output", and an edit
// of a rendered file renders again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { RenderedOutputRequest } from '../../server/src/shared/protocol';
import { fileUri, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;
const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
const uriOf = (name: string) => fileUri(path.join(dir, name));
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-render-'));
  write('clusters/main/apps.yaml', KS);
  write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - one.yaml\n  - two.yaml\n');
  write('apps/one.yaml', CM('one'));
  write('apps/two.yaml', CM('two'));
  session = await startServer(dir);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an edit that makes the build fail shows kustomize\'s error on the Kustomization, closed; undoing it clears it', async () => {
  const ks = uriOf('clusters/main/apps.yaml');
  await session.waitForLog(/Indexed/, 60_000);
  const two = uriOf('apps/two.yaml');
  session.open(two, CM('two'), 1);
  session.change(two, CM('one'), 2);
  const failed = await session.diagnosticsWhen(ks, (d) => d.some((x) => x.code === 'render-failed'), 120_000);
  assert.match(String(failed.find((x) => x.code === 'render-failed')!.message), /one/);
  session.change(two, CM('two'), 3);
  await session.diagnosticsWhen(ks, (d) => !d.some((x) => x.code === 'render-failed'), 120_000);
});

test('Show Rendered Output answers with the objects and their sources; the lens counts them', async () => {
  const ks = uriOf('clusters/main/apps.yaml');
  const out = await session.connection.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, { uri: ks });
  assert.equal(out.objects, 2, out.text);
  assert.match(out.text, /# Source: apps\/one\.yaml\n(.*\n)*kind: ConfigMap/);
  session.open(ks, KS, 1);
  const lenses = await session.connection.sendRequest<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: ks } });
  assert.deepEqual(lenses.map((l) => l.command?.title), ['$(file-code) 2 objects rendered']);
});

// HelmRelease renders in the running server: a release whose chart is a folder of the workspace is rendered by
// the real helm module after indexing; a reference to a ConfigMap the chart creates resolves (it was reported as
// undefined before), Show Rendered Output of the HelmRelease returns its objects, the lens counts them, and a
// values change that breaks the chart's schema shows helm's message on the HelmRelease.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { RenderedOutputRequest } from '../../server/src/shared/protocol';
import { fileUri, ROOT, startServer, type LspSession } from './lspClient';

let dir: string;
let session: LspSession;

const RELEASE = (replicas: number, greeting = 'hi') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ./charts/demo\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n  values:\n    replicaCount: ${replicas}\n    config:\n      greeting: ${greeting}\n  postRenderers:\n    - kustomize:\n        patches:\n          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata:\n                name: web-demo\n              spec:\n                replicas: 7\n`;
const CONSUMER = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: settings\n  namespace: apps\nspec:\n  interval: 10m\n  path: ./nowhere\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: web-demo-config\n      - kind: ConfigMap\n        name: not-rendered-anywhere\n';

function git(...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const uriOf = (name: string) => fileUri(path.join(dir, name));
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
};

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-helm-render-'));
  cpSync(path.resolve(__dirname, '..', 'fixtures', 'charts', 'demo'), path.join(dir, 'charts', 'demo'), { recursive: true });
  write('apps/release.yaml', RELEASE(2));
  write('apps/consumer.yaml', CONSUMER);
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  session = await startServer(dir);
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const unresolved = (d: readonly { code?: unknown; message: unknown }[], name: string) => d.some((x) => String(x.code).startsWith('unresolved') && String(x.message).includes(`"${name}"`));

test('a ConfigMap the release renders resolves a reference; one nobody renders is still reported', async () => {
  const consumer = uriOf('apps/consumer.yaml');
  await session.waitForLog(/Indexed/, 60_000);
  const after = await session.diagnosticsWhen(consumer, (d) => !unresolved(d, 'web-demo-config') && unresolved(d, 'not-rendered-anywhere'), 180_000);
  assert.ok(unresolved(after, 'not-rendered-anywhere'));
});

test('Show Rendered Output of the HelmRelease returns its objects, post-renderer applied; the lens counts them', async () => {
  const hr = uriOf('apps/release.yaml');
  session.open(hr, RELEASE(2), 1);
  const out = await session.connection.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, { uri: hr, line: 3 });
  assert.equal(out.objects, 4, out.text);
  assert.match(out.text, /^# HelmRelease apps\/web: chart demo-1\.2\.3, release web in namespace apps/);
  assert.match(out.text, /# Source: demo\/templates\/service\.yaml\napiVersion: v1\nkind: Service/);
  assert.match(out.text, /replicas: 7/);
  assert.match(out.text, /Hooks, not part of the release's manifest/);
  const lenses = await session.connection.sendRequest<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: hr } });
  assert.deepEqual(lenses.map((l) => l.command?.title), ['$(file-code) 4 objects rendered']);
});

test('a value that breaks the chart\'s schema is reported once, at the value (helm\'s same verdict is not repeated); fixing it clears it', async () => {
  const hr = uriOf('apps/release.yaml');
  session.change(hr, RELEASE(0), 2);
  // The lens shows helm's verdict once the render is done; the diagnostics then hold the values check's alone.
  const lens = async () => (await session.connection.sendRequest<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: hr } }))[0]?.command?.title ?? '';
  const failed = await session.diagnosticsWhen(hr, (d) => d.some((x) => x.code === 'minimum'), 120_000);
  let title = await lens();
  for (let i = 0; i < 20 && !/render fails/.test(title); i++) {
    await session.nextDiagnostics(hr);
    title = await lens();
  }
  assert.match(title, /render fails: values don't meet the specifications of the schema/);
  const now = session.latest.get(hr) ?? failed;
  assert.deepEqual(now.filter((x) => x.code === 'minimum' || x.code === 'render-failed').map((x) => [x.code, x.range.start.line]), [['minimum', 15]]);
  session.change(hr, RELEASE(3), 3);
  await session.diagnosticsWhen(hr, (d) => !d.some((x) => x.code === 'minimum' || x.code === 'render-failed'), 120_000);
});

test('Diff Rendered Output against HEAD: the release as committed beside the release as edited', async () => {
  const hr = uriOf('apps/release.yaml');
  session.change(hr, RELEASE(3, 'edited'), 4);
  const now = await session.connection.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, { uri: hr, line: 3 });
  assert.match(now.text, /greeting: edited/);
  const then = await session.connection.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, { uri: hr, line: 3, ref: 'HEAD' });
  assert.match(then.text, /^# At HEAD/);
  assert.match(then.text, /# HelmRelease apps\/web: chart demo-1\.2\.3/);
  assert.match(then.text, /greeting: hi/);
  assert.equal(then.objects, 4, then.text);
});

test('the checker renders HelmReleases by default (helm\'s verdict on the chart line) and not with --no-render', () => {
  const repo = mkdtempSync(path.join(tmpdir(), 'flux-gitops-helm-check-'));
  try {
    cpSync(path.resolve(__dirname, '..', 'fixtures', 'charts', 'demo'), path.join(repo, 'charts', 'demo'), { recursive: true });
    mkdirSync(path.join(repo, 'apps'));
    // `service: null` removes the chart's default, which only the merge (helm) sees: its schema requires it.
    writeFileSync(path.join(repo, 'apps', 'release.yaml'), RELEASE(0).replace('    config:\n', '    service: null\n    config:\n'));
    const check = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', repo, '--format', 'json', ...args], { encoding: 'utf8', timeout: 300_000 });
    const codes = (out: string) => (JSON.parse(out) as { diagnostics: { code: string; message: string; line: number }[] }).diagnostics;
    // The values check says `replicaCount: 0` at the value; helm's verdict keeps only what the merge alone shows.
    const found = codes(check().stdout);
    assert.deepEqual(found.filter((d) => d.code === 'render-failed' || d.code === 'minimum').map((d) => [d.code, d.line]), [['minimum', 16], ['render-failed', 10]]);
    const rendered = found.find((d) => d.code === 'render-failed')!;
    assert.match(rendered.message, /helm cannot render HelmRelease web: values don't meet the specifications of the schema\(s\): at '': missing property 'service'$/);
    assert.equal(codes(check('--no-render').stdout).some((d) => d.code === 'render-failed'), false);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

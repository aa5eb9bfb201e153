// Bad input through the language service with the real render module: what the user sees on the Flux
// Kustomization for a loop, a remote base, a folder too large to render and a render over its time limit.
// (A module that cannot load: renderer.test.ts.)
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { RenderRequest, RenderService } from '../../../server/src/core/render/types';
import type { LanguageService } from '../../../server/src/core/service';
import type { RendererOptions } from '../../../server/src/node/render/renderer';
import { uriOf, workspace } from '../helpers';
import { ks } from '../refs/fixtures';
import { startRenderer } from './helpers';

const engines: { dispose(): void }[] = [];
after(() => engines.forEach((e) => e.dispose()));

/** The service rendering with the real module; `asked` records every path the engine was asked to render. */
async function rendered(files: Record<string, string>, options: RendererOptions = {}): Promise<{ service: LanguageService; asked: string[] }> {
  const service = await workspace(files);
  const real = startRenderer(options);
  engines.push(real);
  const asked: string[] = [];
  const engine: RenderService = {
    syncFiles: (delta) => real.syncFiles(delta),
    render: (request: RenderRequest) => {
      asked.push(request.path);
      return real.render(request);
    },
    dispose: () => real.dispose(),
  };
  service.useRenderer(engine, () => undefined);
  await service.render();
  return { service, asked };
}

function renderFindings(service: LanguageService, files: Record<string, string>, path: string): Diagnostic[] {
  service.open(uriOf(path), 1, files[path]);
  return service.diagnostics(uriOf(path)).filter((d) => String(d.code).startsWith('render-'));
}

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;

test('a kustomization that names its own folder, and a remote base: kustomize\'s verdict on the Kustomization, nothing fetched', async () => {
  const files = {
    'clusters/main/loop.yaml': ks('loop', '', './loop'),
    'clusters/main/remote.yaml': ks('remote', '', './remote'),
    'loop/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - .\n',
    'remote/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - github.com/acme/platform//deploy?ref=v1.0.0\n',
  };
  const { service } = await rendered(files);
  const loop = renderFindings(service, files, 'clusters/main/loop.yaml');
  assert.deepEqual(loop.map((d) => d.code), ['render-failed']);
  assert.match(String(loop[0].message), /kustomize build fails for \.\/loop: .*cycle detected/);
  const remote = renderFindings(service, files, 'clusters/main/remote.yaml');
  assert.deepEqual(remote.map((d) => d.code), ['render-failed']);
  assert.match(String(remote[0].message), /remote resource 'github\.com\/acme\/platform\/\/deploy\?ref=v1\.0\.0' .*is not fetched/);
});

test('a 10,000-file folder is not handed to kustomize: a note says why, and the fast index answers', async () => {
  const files: Record<string, string> = { 'clusters/main/big.yaml': ks('big', '', './big'), 'clusters/main/small.yaml': ks('small', '', './small'), 'small/cm.yaml': configMap('small') };
  for (let i = 0; i < 10_000; i++) files[`big/cm-${i}.yaml`] = configMap(`cm-${i}`);
  // A real duplicate among them: with no render, the fast index still reports it.
  files['big/again.yaml'] = configMap('cm-7');
  const started = performance.now();
  const { service, asked } = await rendered(files);
  assert.deepEqual(asked, ['small'], 'only the small build was rendered');
  const big = renderFindings(service, files, 'clusters/main/big.yaml');
  assert.deepEqual(big.map((d) => [d.code, d.severity]), [['render-too-large', 3]]);
  assert.match(String(big[0].message), /^Not rendered: the build takes in 10,001 files, more than the 2,000 a render takes\. The checks of the files it builds use the fast index\./);
  service.open(uriOf('big/again.yaml'), 1, files['big/again.yaml']);
  assert.ok(service.diagnostics(uriOf('big/again.yaml')).some((d) => d.code === 'duplicate-object'));
  assert.ok(performance.now() - started < 120_000, 'bounded: far from the minutes kustomize would take');
});

test('a render over the time limit is a note on the Kustomization, not a build error', async () => {
  // Enough objects that the render takes tens of milliseconds: one ConfigMap rendered in under the 1 ms limit
  // once in a rehearsal (its answer came in before the timer's turn).
  const files: Record<string, string> = { 'clusters/main/apps.yaml': ks('apps', '', './apps') };
  for (let i = 0; i < 300; i++) files[`apps/cm-${i}.yaml`] = configMap(`site-${i}`);
  const { service } = await rendered(files, { timeLimitMs: 1 });
  const found = renderFindings(service, files, 'clusters/main/apps.yaml');
  assert.deepEqual(found.map((d) => [d.code, d.severity]), [['render-timeout', 3]]);
  assert.match(String(found[0].message), /^Not rendered: render took longer than 0\.001 s\. The checks of the files it builds use the fast index\./);
});

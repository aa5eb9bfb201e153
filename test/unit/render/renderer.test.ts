// The Renderer's runtime behaviour around the module: time limits, restarts, a module that cannot load.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Logger } from '../../../server/src/core/logger';
import { uriOf, workspace } from '../helpers';
import { files, ids, startRenderer } from './helpers';

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

test('a render over the time limit ends the worker with a clear error; the next render starts a new one', async () => {
  const renderer = startRenderer({ timeLimitMs: 1 });
  try {
    // Enough objects that a render takes tens of milliseconds, far over the 1 ms limit (one object alone could
    // answer before the timer's turn on a loaded machine).
    const many: Record<string, string> = {};
    for (let i = 0; i < 300; i++) many[`a/cm-${i}.yaml`] = configMap(`cm-${i}`);
    renderer.syncFiles(files(many));
    assert.notEqual('error' in (await renderer.warm()), true);
    const slow = await renderer.render({ path: 'a' });
    assert.deepEqual(slow.error, { message: 'render took longer than 0.001 s', path: 'a', engine: 'time-limit' });
    // The new worker gets the whole file set again (the old one took it with it) and is held to the same limit.
    const again = await renderer.render({ path: 'a' });
    assert.equal(again.error?.message, 'render took longer than 0.001 s');
  } finally {
    renderer.dispose();
  }
});

test('after a restart the new worker gets every file, not only the ones changed since', async () => {
  const renderer = startRenderer({ idleMs: 50 });
  try {
    renderer.syncFiles(files({ 'a/one.yaml': configMap('one') }));
    assert.deepEqual(ids(await renderer.render({ path: 'a' })), ['ConfigMap//one']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the quiet period stops the worker
    renderer.syncFiles(files({ 'a/two.yaml': configMap('two') }));
    assert.deepEqual(ids(await renderer.render({ path: 'a' })), ['ConfigMap//one', 'ConfigMap//two']);
  } finally {
    renderer.dispose();
  }
});

test('renders queue one at a time and each gets its own answer; the root renders too', async () => {
  const renderer = startRenderer();
  try {
    renderer.syncFiles(files({ 'a/one.yaml': configMap('one') }));
    const [first, second] = await Promise.all([renderer.render({ path: 'a', namePrefix: 'x-' }), renderer.render({ path: 'a', namePrefix: 'y-' })]);
    assert.deepEqual(ids(first), ['ConfigMap//x-one']);
    assert.deepEqual(ids(second), ['ConfigMap//y-one']);
    // The repository root, without a kustomization file: every manifest below it.
    const whole = await renderer.render({ path: '' });
    assert.deepEqual(ids(whole), ['ConfigMap//one']);
    assert.equal(whole.objects[0].origin?.path, 'a/one.yaml');
  } finally {
    renderer.dispose();
  }
});

test('a module that cannot load gives one clear error, and every render answers with it', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'render-missing-'));
  const errors: string[] = [];
  const log: Logger = { info: () => undefined, warn: () => undefined, error: (message) => errors.push(message) };
  const renderer = startRenderer({ moduleDir: empty, log });
  try {
    const first = await renderer.render({ path: 'a' });
    const second = await renderer.render({ path: 'b' });
    assert.match(first.error!.message, /^the render module could not be loaded, renders are off: .*wasm_exec\.js/);
    assert.equal(second.error?.message, first.error!.message);
    assert.deepEqual(second.objects, []);
    assert.equal(errors.length, 1, 'said once');
    assert.equal(renderer.unavailable, first.error!.message);
    // The engine's failure, not kustomize's verdict: the checks never report it as a build error.
    assert.equal(first.error!.engine, 'failed');
  } finally {
    renderer.dispose();
    rmSync(empty, { recursive: true, force: true });
  }
});

test('the language service never reports an engine that cannot start as a failed build', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'render-missing-'));
  const ks = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
  const service = await workspace({ 'clusters/main/apps.yaml': ks, 'apps/cm.yaml': configMap('site') });
  const renderer = startRenderer({ moduleDir: empty });
  try {
    service.useRenderer(renderer, () => undefined);
    await service.render();
    service.open(uriOf('clusters/main/apps.yaml'), 1, ks);
    const codes = service.diagnostics(uriOf('clusters/main/apps.yaml')).map((d) => String(d.code));
    assert.ok(!codes.some((c) => c.startsWith('render')), codes.join(', '));
    assert.equal([...service.renders.keys()].length, 0);
  } finally {
    renderer.dispose();
    rmSync(empty, { recursive: true, force: true });
  }
});

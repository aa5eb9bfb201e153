// The render engine: renders kept between runs by input key (the wrapper's logic, over a counting engine), as
// the checker writes them (at the end) and as the server does (after a quiet moment, without blocking), and a pool of two real render processes under the scheduler, children still after their parents.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RenderRequest, RenderResult, RenderService } from '../../../server/src/core/render/types';
import { CachedRenders } from '../../../server/src/node/render/renderCache';
import { RendererPool } from '../../../server/src/node/render/rendererPool';
import { uriOf, workspace } from '../helpers';
import { ks } from '../refs/fixtures';
import { MODULE_DIR, ids } from './helpers';

/** An engine that answers every request with one ConfigMap named after the path, and counts what it rendered. */
function countingEngine(answer: (r: RenderRequest) => RenderResult = (r) => ({ objects: [{ apiVersion: 'v1', kind: 'ConfigMap', name: r.path, object: {} }], millis: 1 })) {
  const rendered: string[] = [];
  const engine: RenderService = {
    syncFiles: () => undefined,
    render: async (r) => {
      rendered.push(r.path);
      return answer(r);
    },
    dispose: () => undefined,
  };
  return { engine, rendered };
}

test('renders are answered from the cache file by input key, for the same module only; failures are not kept', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'render-cache-'));
  try {
    const file = path.join(dir, 'cache', 'renders.jsonl');
    writeFileSync(path.join(dir, 'render.wasm'), 'module one');
    const first = countingEngine();
    const cold = new CachedRenders(first.engine, file, dir);
    assert.deepEqual(ids(await cold.render({ path: 'a' }, 'key-a')), ['ConfigMap//a']);
    await cold.render({ path: 'b' }, 'key-b');
    cold.dispose();
    assert.deepEqual(first.rendered, ['a', 'b']);

    const second = countingEngine();
    const warm = new CachedRenders(second.engine, file, dir);
    assert.deepEqual(ids(await warm.render({ path: 'a' }, 'key-a')), ['ConfigMap//a']);
    await warm.render({ path: 'b' }, 'key-b changed');
    await warm.render({ path: 'c' }); // no key: never cached
    warm.dispose();
    assert.deepEqual(second.rendered, ['b', 'c']);

    // Only what the last run used is kept: key-b (old) is gone, key-b changed is there.
    const third = countingEngine();
    const again = new CachedRenders(third.engine, file, dir);
    await again.render({ path: 'b' }, 'key-b');
    await again.render({ path: 'b' }, 'key-b changed');
    again.dispose();
    assert.deepEqual(third.rendered, ['b']);

    // Another module renders everything again.
    writeFileSync(path.join(dir, 'render.wasm'), 'module two');
    const fourth = countingEngine();
    const rebuilt = new CachedRenders(fourth.engine, file, dir);
    await rebuilt.render({ path: 'a' }, 'key-a');
    rebuilt.dispose();
    assert.deepEqual(fourth.rendered, ['a']);

    // A time limit is no verdict on the build: asked again, it renders again.
    const slow = countingEngine((r) => ({ objects: [], error: { message: 'render took longer than 30 s', path: r.path, engine: 'time-limit' }, millis: 30_000 }));
    const timed = new CachedRenders(slow.engine, file, dir);
    await timed.render({ path: 'a' }, 'key-slow');
    await timed.render({ path: 'a' }, 'key-slow');
    timed.dispose();
    assert.deepEqual(slow.rendered, ['a', 'a']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server\'s cache: saved after a quiet moment with the latest render of each build; a damaged line renders again', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'render-cache-'));
  try {
    const file = path.join(dir, 'renders.jsonl');
    writeFileSync(path.join(dir, 'render.wasm'), 'module one');
    const first = countingEngine();
    const server = new CachedRenders(first.engine, file, dir, undefined, { saveAfterMs: 10 });
    for (const h of ['h1', 'h2', 'h3', 'h4']) await server.render({ path: 'a' }, `build-a\0${h}`);
    await server.render({ path: 'b' }, 'build-b\0h1');
    await new Promise((r) => setTimeout(r, 50));
    await server.flushed();
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 5, 'a header, then the three latest renders of a, the one of b (written before dispose)');
    server.dispose();

    const second = countingEngine();
    const reopened = new CachedRenders(second.engine, file, dir, undefined, { saveAfterMs: 10 });
    for (const h of ['h4', 'h2', 'h3']) await reopened.render({ path: 'a' }, `build-a\0${h}`);
    await reopened.render({ path: 'b' }, 'build-b\0h1');
    await reopened.render({ path: 'a' }, 'build-a\0h1');
    assert.deepEqual(second.rendered, ['a'], 'only the input of a seen four renders ago renders again');
    reopened.dispose();

    writeFileSync(file, lines.map((l, i) => (i === 1 ? `${l.slice(0, 70)}` : l)).join('\n'));
    const third = countingEngine();
    const damaged = new CachedRenders(third.engine, file, dir);
    await damaged.render({ path: 'a' }, 'build-a\0h2');
    await damaged.render({ path: 'b' }, 'build-b\0h1');
    assert.equal(third.rendered.length, 1, 'the damaged entry is rendered again, the other one read');
    damaged.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two render processes: builds of one level side by side, a child after the parent whose patches it needs', async () => {
  const patch = '  patches:\n    - target:\n        kind: Kustomization\n      patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: any\n        spec:\n          postBuild:\n            substitute:\n              CLUSTER: main\n';
  const files: Record<string, string> = { 'clusters/main/apps.yaml': ks('apps', patch, './clusters/main/apps') };
  for (const name of ['one', 'two', 'three']) {
    files[`clusters/main/apps/${name}.yaml`] = ks(name, '', `./apps/${name}`);
    files[`apps/${name}/cm.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  cluster: \${CLUSTER}\n`;
  }
  const service = await workspace(files);
  const pool = new RendererPool(2, { moduleDir: MODULE_DIR, workerScript: path.join(__dirname, '..', '..', '..', 'server', 'src', 'node', 'render', 'renderWorker.ts') });
  try {
    service.useRenderer(pool, () => undefined);
    await service.render();
    assert.equal([...service.renders.keys()].length, 4);
    for (const name of ['one', 'two', 'three']) {
      service.open(uriOf(`apps/${name}/cm.yaml`), 1, files[`apps/${name}/cm.yaml`]);
      assert.deepEqual(service.diagnostics(uriOf(`apps/${name}/cm.yaml`)).map((d) => d.code), [], `${name}: CLUSTER comes from the parent's patch`);
    }
  } finally {
    pool.dispose();
  }
});

test('copies of one Kustomization (the same request over the same files) are rendered once per pass', async () => {
  const copies = Array(300).fill(ks('apps', '', './apps')).join('---\n');
  const service = await workspace({ 'clusters/main/flux.yaml': copies, 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n' });
  const { engine, rendered } = countingEngine();
  service.useRenderer(engine, () => undefined);
  await service.render();
  assert.equal([...service.renders.keys()].length, 300, 'every copy has its render');
  assert.deepEqual(rendered, ['apps']);
  service.open(uriOf('apps/cm.yaml'), 1, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm2\n  namespace: default\n');
  await service.render();
  assert.deepEqual(rendered, ['apps', 'apps'], 'a changed input renders once again');
});

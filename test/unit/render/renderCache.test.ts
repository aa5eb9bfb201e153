// The checker's render engine: renders kept between runs by input key (the wrapper's logic, over a counting
// engine), and a pool of two real render processes under the scheduler, children still after their parents.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    const file = path.join(dir, 'cache', 'renders.json');
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

// A real chart (test/fixtures/charts/demo: templates, a values schema, a sub-chart behind a condition, hooks, a
// test and NOTES.txt) rendered by the real helm module (tools/render/helm, built by `npm run render`), and its
// post-renderer patch applied by the real kustomize module.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { postRender, withReleaseMetadata } from '../../../server/src/core/render/helmPostRender';
import type { ReleaseRequest, ReleaseResult } from '../../../server/src/core/render/helmTypes';
import { HelmEngine } from '../../../server/src/node/render/helmEngine';
import { toUri } from '../../../server/src/node/diskHost';
import { startRenderer } from './helpers';
import { ChartCache } from '../../../server/src/node/charts/cache';
import { chartTgz } from '../charts/helpers';

const root = path.resolve(__dirname, '..', '..', '..');
const MODULE_DIR = path.join(root, 'generated', 'render', 'helm');
const WORKER = path.join(root, 'server', 'src', 'node', 'render', 'renderWorker.ts');
const CHART = toUri(path.join(root, 'test', 'fixtures', 'charts', 'demo'));

if (!existsSync(path.join(MODULE_DIR, 'render.wasm'))) throw new Error('generated/render/helm/render.wasm is missing: run `npm run render` first');
const engine = new HelmEngine({ moduleDir: MODULE_DIR, workerScript: WORKER });
after(() => engine.dispose());

const release = (values: Record<string, unknown> = {}, extra: Partial<ReleaseRequest> = {}): Promise<ReleaseResult> =>
  engine.render({ chart: { kind: 'folder', dir: CHART }, values, releaseName: 'web', namespace: 'apps', kubeVersion: 'v1.36.0', ...extra });

const ids = (r: ReleaseResult) => r.objects.map((o) => `${o.kind}/${o.name}`);
const find = (r: ReleaseResult, kind: string, name: string) => r.objects.find((o) => o.kind === kind && o.name === name);

test('a release renders its templates and the enabled sub-chart, in install order; hooks, tests and NOTES.txt stay out', async () => {
  const r = await release({ config: { greeting: 'hi' } });
  assert.equal(r.error, undefined, r.error?.message);
  assert.deepEqual(ids(r), ['ConfigMap/web-demo-config', 'Service/web-cache', 'Service/web-demo', 'Deployment/web-demo']);
  assert.equal(r.chart, 'demo-1.2.3');
  assert.deepEqual(r.hooks, ['Job web-demo-migrate (demo/templates/hook-job.yaml)', 'Pod web-demo-test (demo/templates/tests/test-connection.yaml)']);
  const cm = find(r, 'ConfigMap', 'web-demo-config')!;
  // spec.values over the chart's defaults, the release's namespace, the capabilities of Kubernetes 1.36.
  assert.deepEqual(cm.object.data, { greeting: 'hi', kubeMinor: '36', hasPolicyV1: 'true' });
  assert.equal(cm.namespace, 'apps');
  assert.equal(cm.origin?.path, 'demo/templates/configmap.yaml');
  assert.equal(find(r, 'Service', 'web-cache')?.origin?.path, 'demo/charts/cache/templates/service.yaml');
  const deploy = find(r, 'Deployment', 'web-demo')!.object as { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
  assert.equal(deploy.spec.replicas, 1);
  assert.equal(deploy.spec.template.spec.containers[0].image, 'ghcr.io/example/demo:2.0.0');
  assert.match(r.manifest ?? '', /# Source: demo\/templates\/service.yaml/);
});

test('a condition turns the sub-chart off; the release name shapes every name', async () => {
  const r = await release({ cache: { enabled: false } }, { releaseName: 'demo-prod' });
  assert.deepEqual(ids(r), ['ConfigMap/demo-prod-config', 'Service/demo-prod', 'Deployment/demo-prod']);
});

test('values that break the chart\'s values.schema.json fail as helm fails, naming the value; disabling validation renders', async () => {
  const bad = await release({ replicaCount: 0 });
  assert.equal(bad.objects.length, 0);
  assert.match(bad.error?.message ?? '', /values don't meet the specifications of the schema/);
  assert.match(bad.error?.message ?? '', /replicaCount/);
  const skipped = await release({ replicaCount: 0 }, { skipSchemaValidation: true });
  assert.equal(skipped.error, undefined);
});

test('a Kubernetes version outside the chart\'s kubeVersion fails with helm\'s message', async () => {
  const r = await release({}, { kubeVersion: 'v1.29.0' });
  assert.match(r.error?.message ?? '', /chart requires kubeVersion: >=1.30.0-0 which is incompatible with Kubernetes v1.29.0/);
});

test('a chart folder that is not there is an error of the release, not of the engine', async () => {
  const r = await engine.render({ chart: { kind: 'folder', dir: `${CHART}-missing` }, values: {}, releaseName: 'x', namespace: 'y', kubeVersion: 'v1.36.0' });
  assert.match(r.error?.message ?? '', /the chart cannot be read/);
  assert.equal(r.error?.engine, undefined);
});

test('a post-renderer patch goes through the real kustomize module; the origin labels follow; sources are kept', async () => {
  const kustomize = startRenderer();
  try {
    const r = await release();
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-demo\nspec:\n  replicas: 4\n';
    const post = await postRender(kustomize, 'apps-web-0', r.objects, [{ patches: [{ patch }], images: [{ name: 'ghcr.io/example/demo', newTag: '2.1.0' }] }]);
    assert.equal(post.error, undefined, post.error?.message);
    const objects = withReleaseMetadata(post.objects, { name: 'web', namespace: 'flux-system' });
    const deploy = objects.find((o) => o.kind === 'Deployment')!;
    const spec = deploy.object.spec as { replicas: number; template: { spec: { containers: { image: string }[] } } };
    assert.equal(spec.replicas, 4);
    assert.equal(spec.template.spec.containers[0].image, 'ghcr.io/example/demo:2.1.0');
    assert.equal(deploy.origin?.path, 'demo/templates/deployment.yaml');
    assert.deepEqual((deploy.object.metadata as { labels: Record<string, string> }).labels['helm.toolkit.fluxcd.io/name'], 'web');
    assert.equal(objects.length, r.objects.length);
    // A patch for an object the release does not have fails as kustomize fails.
    const missing = await postRender(kustomize, 'apps-web-0', r.objects, [{ patches: [{ patch: patch.replace('web-demo', 'nope') }], images: [] }]);
    assert.match(missing.error?.message ?? '', /post-renderer: .*nope/);
  } finally {
    kustomize.dispose();
  }
});

test('a release render over the time limit ends the helm process with a time-limit error', async () => {
  const slow = new HelmEngine({ moduleDir: MODULE_DIR, workerScript: WORKER, timeLimitMs: 1 });
  try {
    const r = await slow.render({ chart: { kind: 'folder', dir: CHART }, values: {}, releaseName: 'web', namespace: 'apps', kubeVersion: 'v1.36.0' });
    assert.equal(r.error?.engine, 'time-limit');
  } finally {
    slow.dispose();
  }
});

test('a remote chart renders from the archive the chart cache holds, offline, with its digest as the chart key', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'helm-chart-cache-'));
  const cached = new HelmEngine({ moduleDir: MODULE_DIR, workerScript: WORKER, chartCacheDir: dir });
  try {
    const entry = await new ChartCache(dir).store('helm|http://127.0.0.1:1/charts|podinfo', '6.5.0', chartTgz('podinfo', '6.5.0'));
    const plan = { kind: 'helm', key: 'k', url: 'http://127.0.0.1:1/charts', chart: 'podinfo', version: '6.x' } as const;
    const r = await cached.render({ chart: { kind: 'cache', plan }, values: {}, releaseName: 'pi', namespace: 'web', kubeVersion: 'v1.36.0' });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.chart, 'podinfo-6.5.0');
    assert.deepEqual(ids(r), ['Deployment/pi']);
    assert.equal(await cached.chartKey({ kind: 'cache', plan }), `sha256:${entry.sha256}`);
    const missing = await cached.render({ chart: { kind: 'cache', plan: { ...plan, chart: 'other' } }, values: {}, releaseName: 'pi', namespace: 'web', kubeVersion: 'v1.36.0' });
    assert.match(missing.error?.message ?? '', /not in the chart cache/);
  } finally {
    cached.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A chart folder of one template, in a temporary folder. */
function oneTemplateChart(template: string): { dir: string; uri: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'helm-chart-'));
  mkdirSync(path.join(dir, 'templates'));
  writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: one\nversion: 0.1.0\n');
  writeFileSync(path.join(dir, 'templates', 'all.yaml'), template);
  return { dir, uri: toUri(dir) };
}

test('a template that fails says helm\'s message; a chart that renders too much is cut with an error, not sent whole', async () => {
  const failing = oneTemplateChart('{{ fail "the chart refuses" }}\n');
  const flood = oneTemplateChart('{{ range until 20001 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{{ . }}\n{{ end }}\n');
  try {
    const failed = await engine.render({ chart: { kind: 'folder', dir: failing.uri }, values: {}, releaseName: 'x', namespace: 'y', kubeVersion: 'v1.36.0' });
    assert.match(failed.error?.message ?? '', /the chart refuses/);
    const flooded = await engine.render({ chart: { kind: 'folder', dir: flood.uri }, values: {}, releaseName: 'x', namespace: 'y', kubeVersion: 'v1.36.0' });
    assert.match(flooded.error?.message ?? '', /renders more than 32 MiB or 20000 objects/);
    assert.equal(flooded.objects.length, 0);
  } finally {
    rmSync(failing.dir, { recursive: true, force: true });
    rmSync(flood.dir, { recursive: true, force: true });
  }
});

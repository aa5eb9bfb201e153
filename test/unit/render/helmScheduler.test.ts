// HelmRelease renders in the language service, with a stand-in helm engine (the real one is in
// helmRelease.test.ts): what the request carries (values merged with the repository's ConfigMaps, a Secret's
// values unknown, the name and namespace helm-controller derives), a rendered ConfigMap resolving a reference,
// and helm's error on the chart line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReleaseEngine, ReleaseRequest, ReleaseResult } from '../../../server/src/core/render/helmTypes';
import type { LanguageService } from '../../../server/src/core/service';
import { uriOf, workspace } from '../helpers';

const HR = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: apps
spec:
  interval: 10m
  targetNamespace: prod
  chart:
    spec:
      chart: ./charts/demo
      sourceRef:
        kind: GitRepository
        name: flux-system
        namespace: flux-system
  valuesFrom:
    - kind: ConfigMap
      name: base
    - kind: ConfigMap
      name: base
      valuesKey: tag
      targetPath: image.tag
    - kind: Secret
      name: creds
  values:
    a: 1
`;
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\n  namespace: apps\ndata:\n  values.yaml: |\n    a: 0\n    b: 2\n  tag: v2\n';
const CONSUMER = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: settings\n  namespace: prod\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: web-settings\n';
const FILES = {
  'charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
  'apps/hr.yaml': HR,
  'apps/cm.yaml': CM,
  'apps/consumer.yaml': CONSUMER,
};

/** A helm engine that records requests and answers with a fixed result. */
function fakeEngine(answer: ReleaseResult): ReleaseEngine & { requests: ReleaseRequest[] } {
  const requests: ReleaseRequest[] = [];
  return { requests, render: async (r) => (requests.push(r), answer), chartKey: async () => 'k1', dispose: () => undefined };
}

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, origin: { path: 'demo/templates/cm.yaml' }, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } });

async function diagnostics(service: LanguageService, path: string) {
  service.open(uriOf(path), 1, FILES[path as keyof typeof FILES]);
  return service.diagnostics(uriOf(path));
}

const unresolved = (ds: { code?: unknown; message: unknown }[], name: string) => ds.some((d) => String(d.code).startsWith('unresolved') && String(d.message).includes(`"${name}"`));

test('the request carries the merged values, the derived name and namespace, and a note for the Secret', async () => {
  const service = await workspace(FILES);
  const engine = fakeEngine({ objects: [configMap('web-settings')], millis: 1 });
  service.useReleaseRenderer(engine);
  await service.render();
  assert.equal(engine.requests.length, 1);
  const [request] = engine.requests;
  assert.deepEqual(request.values, { a: 1, b: 2, image: { tag: 'v2' } });
  assert.equal(request.releaseName, 'prod-web');
  assert.equal(request.namespace, 'prod');
  // The profile's Kubernetes (its schemas' k8s.io/kubernetes).
  assert.match(request.kubeVersion, /^v1\.36\.\d+$/);
  assert.deepEqual(request.chart, { kind: 'folder', dir: uriOf('charts/demo') });
  const out = await service.renderedOutput(uriOf('apps/hr.yaml'), 2);
  assert.equal(out.objects, 1);
  assert.match(out.text, /Secret creds \(key values\.yaml\) are unknown here: Secrets are never read/);
  // Nothing changed: no second render.
  await service.render();
  assert.equal(engine.requests.length, 1);
});

test('a ConfigMap the release renders in its namespace resolves a reference that was reported before', async () => {
  const before = await workspace(FILES);
  assert.ok(unresolved(await diagnostics(before, 'apps/consumer.yaml'), 'web-settings'));
  const service = await workspace(FILES);
  service.useReleaseRenderer(fakeEngine({ objects: [configMap('web-settings')], millis: 1 }));
  await service.render();
  assert.ok(!unresolved(await diagnostics(service, 'apps/consumer.yaml'), 'web-settings'));
  // Rendered in another namespace, it resolves nothing.
  const elsewhere = await workspace(FILES);
  elsewhere.useReleaseRenderer(fakeEngine({ objects: [{ ...configMap('web-settings'), namespace: 'other' }], millis: 1 }));
  await elsewhere.render();
  assert.ok(unresolved(await diagnostics(elsewhere, 'apps/consumer.yaml'), 'web-settings'));
});

test('helm\'s error is reported on the chart line, on one line; the lens says it', async () => {
  const service = await workspace(FILES);
  service.useReleaseRenderer(fakeEngine({ objects: [], error: { message: 'template: demo/templates/a.yaml:3:4: boom\nsecond line' }, millis: 1 }));
  await service.render();
  const failed = (await diagnostics(service, 'apps/hr.yaml')).find((d) => d.code === 'render-failed');
  assert.equal(failed?.message, 'helm cannot render HelmRelease web: template: demo/templates/a.yaml:3:4: boom second line');
  assert.deepEqual(failed?.range.start, { line: 10, character: 13 });
  const lenses = service.codeLenses(uriOf('apps/hr.yaml'));
  assert.match(lenses[0]?.command?.title ?? '', /render fails: template: demo/);
});

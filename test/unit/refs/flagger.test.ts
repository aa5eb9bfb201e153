// Flagger: a Canary's targetRef, autoscalerRef, metric templateRefs and alert providerRefs are references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettingsLayer } from '../../../server/src/core/settings';
import { workspace, yaml } from '../helpers';
import { codes, diagnosticsOf, messageOf, remember } from './fixtures';

async function ws(files: Record<string, string>, layer?: SettingsLayer) {
  return remember(await workspace(files, layer), files);
}

const canary = (target: string, name = 'podinfo') => yaml`
  apiVersion: flagger.app/v1beta1
  kind: Canary
  metadata:
    name: ${name}
    namespace: apps
  spec:
    targetRef:
      apiVersion: apps/v1
      kind: Deployment
      name: ${target}
    autoscalerRef:
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      name: ${target}
    service:
      port: 80
    analysis:
      interval: 1m
      threshold: 5
      stepWeight: 10
      metrics:
        - name: latency
          templateRef:
            name: latency
            namespace: flagger
          thresholdRange:
            max: 500
      alerts:
        - name: on-call
          severity: error
          providerRef:
            name: on-call
`;

const deployment = (name: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
    namespace: apps
  spec:
    selector:
      matchLabels:
        app: ${name}
    template:
      metadata:
        labels:
          app: ${name}
      spec:
        containers:
          - name: app
            image: ghcr.io/stefanprodan/podinfo:6.9.0
`;

const hpa = (name: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  maxReplicas: 4\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n`;
const template = 'apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata:\n  name: latency\n  namespace: flagger\nspec:\n  provider:\n    type: prometheus\n    address: http://prometheus:9090\n  query: up\n';
const provider = 'apiVersion: flagger.app/v1beta1\nkind: AlertProvider\nmetadata:\n  name: on-call\n  namespace: apps\nspec:\n  type: slack\n';

test('a Canary whose targets all exist is clean', async () => {
  const s = await ws({
    'apps/canary.yaml': canary('podinfo'),
    'apps/deploy.yaml': `${deployment('podinfo')}---\n${hpa('podinfo')}`,
    'flagger/template.yaml': template,
    'apps/provider.yaml': provider,
  });
  assert.deepEqual(codes(diagnosticsOf(s, 'apps/canary.yaml')), []);
});

test('a dangling targetRef is reported, with the Deployment the build defines as a hint', async () => {
  const s = await ws({
    'apps/kustomization.yaml': 'resources:\n  - canary.yaml\n  - deploy.yaml\n  - provider.yaml\n',
    'apps/canary.yaml': canary('podinf'),
    'apps/deploy.yaml': `${deployment('podinfo')}---\n${hpa('podinfo')}`,
    'apps/provider.yaml': provider,
    'flagger/template.yaml': template,
  });
  const ds = diagnosticsOf(s, 'apps/canary.yaml', 'unresolved-reference', 'unresolved-external');
  assert.equal(ds.length, 2, ds.map(messageOf).join('\n'));
  assert.match(messageOf(ds[0]), /Deployment "podinf"/);
  assert.match(messageOf(ds[0]), /Did you mean "podinfo"/);
  assert.match(messageOf(ds[1]), /HorizontalPodAutoscaler "podinf"/);
});

test('a missing MetricTemplate and AlertProvider are reported', async () => {
  const s = await ws({ 'apps/canary.yaml': canary('podinfo'), 'apps/deploy.yaml': `${deployment('podinfo')}---\n${hpa('podinfo')}` });
  const found = diagnosticsOf(s, 'apps/canary.yaml').map(messageOf);
  assert.ok(found.some((m) => /MetricTemplate "latency" in namespace flagger/.test(m)), found.join('\n'));
  assert.ok(found.some((m) => /AlertProvider "on-call"/.test(m)), found.join('\n'));
});

test('the platform canary rule is satisfied by a Canary that targets the release under another name', async () => {
  const PROD = 'flux/clusters/eu-central-a/organizations/acme';
  const layer: SettingsLayer = { platform: { enabled: true, environments: { 'eu-central-a': 'production' } } };
  const hr = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: portal\n  namespace: apps\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: portal\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`;
  const canaryRule = (files: Record<string, string>) => diagnosticsOf(remember(s0, files), `${PROD}/hr.yaml`, 'platform-canary');
  let s0 = await ws({ [`${PROD}/hr.yaml`]: hr }, layer);
  assert.equal(canaryRule({ [`${PROD}/hr.yaml`]: hr }).length, 1);
  const files = { [`${PROD}/hr.yaml`]: hr, [`${PROD}/canary.yaml`]: canary('portal', 'portal-rollout') };
  s0 = await ws(files, layer);
  assert.deepEqual(canaryRule(files), []);
  const other = { [`${PROD}/hr.yaml`]: hr, [`${PROD}/canary.yaml`]: canary('billing', 'portal-rollout') };
  s0 = await ws(other, layer);
  assert.equal(canaryRule(other).length, 1, 'a Canary of another workload does not count');
});

test('a targetRef a HelmRelease of the same namespace may render is left alone', async () => {
  const hr = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 10m\n  chartRef:\n    kind: OCIRepository\n    name: web\n';
  const files = { 'apps/canary.yaml': canary('podinfo'), 'apps/hr.yaml': hr, 'flagger/template.yaml': template, 'apps/provider.yaml': provider };
  assert.deepEqual(diagnosticsOf(await ws(files), 'apps/canary.yaml', 'unresolved-reference', 'unresolved-external').map(messageOf).filter((m) => /Deployment|HorizontalPodAutoscaler/.test(m)), []);
  const elsewhere = { ...files, 'apps/hr.yaml': hr.replace('namespace: apps', 'namespace: other') };
  assert.equal(diagnosticsOf(await ws(elsewhere), 'apps/canary.yaml', 'unresolved-external').length, 2, 'a release of another namespace does not render it');
});

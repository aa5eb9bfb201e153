import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChartContent, keptInChart } from '../../../server/src/core/workspace/charts';
import { uriOf, workspace, yaml } from '../helpers';

const CHART = {
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
  'charts/app/values.yaml': 'replicas: 1\nimage: {repository: nginx}\n',
  'charts/app/templates/deployment.yaml': yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "app.fullname" . }}
    spec:
      replicas: {{ .Values.replicas }}
      {{- with .Values.nodeSelector }}
      nodeSelector: {{ toYaml . | nindent 8 }}
      {{- end }}
  `,
  'charts/app/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/app/charts/sub/templates/svc.yaml': 'kind: Service\nmetadata: {name: {{ .Release.Name }}}\n',
  'charts/app/crds/widget.yaml': yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: from-crds
    data: {a: b}
  `,
};

test('chart content: templates, values and sub-chart templates are content; Chart.yaml and crds/ are not', () => {
  const has = (u: string) => Object.keys(CHART).some((p) => uriOf(p) === u);
  assert.equal(isChartContent(uriOf('charts/app/templates/deployment.yaml'), has), true);
  assert.equal(isChartContent(uriOf('charts/app/values.yaml'), has), true);
  assert.equal(isChartContent(uriOf('charts/app/charts/sub/templates/svc.yaml'), has), true);
  assert.equal(isChartContent(uriOf('charts/app/Chart.yaml'), has), false);
  assert.equal(isChartContent(uriOf('charts/app/crds/widget.yaml'), has), false);
  assert.equal(isChartContent(uriOf('apps/deployment.yaml'), has), false);
  assert.deepEqual([keptInChart('templates', true), keptInChart('crds', true), keptInChart('values.yaml', false)], [false, true, false]);
});

test('a chart folder anywhere: its templates get no YAML or schema errors, open or not, and define nothing', async () => {
  const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: real}\ndata: {a: 1}\nbogus: [\n';
  const service = await workspace({ ...CHART, 'apps/cm.yaml': broken });
  const template = uriOf('charts/app/templates/deployment.yaml');
  assert.equal(service.index.has(template), false);
  assert.deepEqual(service.closedDiagnostics(template), undefined);
  service.open(template, 1, CHART['charts/app/templates/deployment.yaml']);
  assert.deepEqual(service.diagnostics(template), []);
  assert.equal([...service.index.named('Deployment', '{{ include "app.fullname" . }}')].length, 0);
  // A saved edit of a template (a file watcher event) does not bring it into the index either.
  service.fileChanged(uriOf('charts/app/values.yaml'), 'kind: Secret\nmetadata: {name: x}\n');
  assert.equal(service.index.has(uriOf('charts/app/values.yaml')), false);
  // The chart's crds/ are still objects, and a real error elsewhere is still found.
  assert.equal([...service.index.named('ConfigMap', 'from-crds')].length, 1);
  const cm = uriOf('apps/cm.yaml');
  service.open(cm, 1, broken);
  assert.ok(service.diagnostics(cm).some((d) => String(d.code).startsWith('yaml-')));
});

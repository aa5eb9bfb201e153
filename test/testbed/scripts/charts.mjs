// The testbed's charts: packed at testbed:up into the Helm repository that the fixture server serves
// (`/charts/index.yaml` and the archives), and pushed as Helm OCI artifacts to the loopback registry.
// They cover what the values features read: comments in values.yaml, a values.schema.json, a sub-chart in
// charts/, and a chart that a HelmRelease post-renders with kustomize patches.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tgz } from './tar.mjs';

export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const chartYaml = (name, version, extra = '') =>
  `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: Testbed chart ${name}\ntype: application\n${extra}`;

const configMap = (suffix, data) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${suffix}\ndata:\n${data}`;

const VALUES_YAML = `# Values of the testbed-values chart.

# -- How many greeters to run
replicaCount: 1
greeting:
  # -- The text of the greeting
  text: hello
  # -- Who is greeted
  name: world
service:
  # -- Whether to create the Service
  enabled: true
  # -- The Service's port
  port: 8080
`;

const VALUES_SCHEMA = `${JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    replicaCount: { type: 'integer', minimum: 0, maximum: 10 },
    greeting: {
      type: 'object',
      additionalProperties: false,
      properties: { text: { type: 'string' }, name: { type: 'string' } },
    },
    service: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, port: { type: 'integer', minimum: 1, maximum: 65535 } },
    },
  },
}, null, 2)}\n`;

const SERVICE_TEMPLATE = `{{- if .Values.service.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: {{ .Release.Name }}
  ports:
  - name: http
    port: {{ .Values.service.port }}
{{- end }}
`;

function valuesChart(name, version) {
  return {
    name,
    version,
    files: {
      'Chart.yaml': chartYaml(name, version),
      'values.yaml': VALUES_YAML,
      'values.schema.json': VALUES_SCHEMA,
      'templates/configmap.yaml': configMap('greeting', '  text: {{ .Values.greeting.text | quote }}\n  name: {{ .Values.greeting.name | quote }}\n  replicas: {{ .Values.replicaCount | quote }}\n'),
      'templates/service.yaml': SERVICE_TEMPLATE,
    },
  };
}

/** Charts of the Helm repository (`/charts/`). */
export const REPOSITORY_CHARTS = [
  {
    name: 'testbed-chart',
    version: '0.1.0',
    files: {
      'Chart.yaml': chartYaml('testbed-chart', '0.1.0'),
      'values.yaml': 'greeting: hello\n',
      'templates/configmap.yaml': configMap('greeting', '  greeting: {{ .Values.greeting | quote }}\n'),
    },
  },
  valuesChart('testbed-values', '1.0.0'),
  {
    name: 'testbed-umbrella',
    version: '1.0.0',
    files: {
      'Chart.yaml': chartYaml('testbed-umbrella', '1.0.0', 'dependencies:\n- name: testbed-sub\n  version: 0.1.0\n  repository: file://charts/testbed-sub\n'),
      'values.yaml': '# -- Settings of the umbrella\numbrella:\n  # -- The colour of the umbrella\n  colour: blue\n# -- Values handed to the sub-chart\ntestbed-sub:\n  # -- The sub-chart\'s message\n  message: from-umbrella\n',
      'templates/configmap.yaml': configMap('umbrella', '  colour: {{ .Values.umbrella.colour | quote }}\n'),
      'charts/testbed-sub/Chart.yaml': chartYaml('testbed-sub', '0.1.0'),
      'charts/testbed-sub/values.yaml': '# -- The message of the sub-chart\nmessage: from-sub\n# -- How loud\nlevel: 1\n',
      'charts/testbed-sub/templates/configmap.yaml': configMap('sub', '  message: {{ .Values.message | quote }}\n  level: {{ .Values.level | quote }}\n'),
    },
  },
  {
    name: 'testbed-postrender',
    version: '1.0.0',
    files: {
      'Chart.yaml': chartYaml('testbed-postrender', '1.0.0'),
      'values.yaml': '# -- What the ConfigMap says\nmessage: rendered\n',
      'templates/configmap.yaml': configMap('config', '  message: {{ .Values.message | quote }}\n'),
    },
  },
];

/** Charts pushed to the OCI registry, as `<registry>/charts/<name>:<version>`. */
export const OCI_CHARTS = [valuesChart('testbed-oci', '0.2.0')];

export const OCI_REPOSITORY_PREFIX = 'charts';

/** The archive as helm packages it: every file under a folder named for the chart. */
export function packChart(chart) {
  return tgz(Object.fromEntries(Object.entries(chart.files).map(([path, text]) => [`${chart.name}/${path}`, text])));
}

export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Writes every repository chart's archive and the index.yaml that lists them. */
export function writeHelmRepository(chartsDir, baseUrl) {
  mkdirSync(chartsDir, { recursive: true });
  const lines = ['apiVersion: v1', 'entries:'];
  for (const chart of REPOSITORY_CHARTS) {
    const archive = `${chart.name}-${chart.version}.tgz`;
    const data = packChart(chart);
    writeFileSync(join(chartsDir, archive), data);
    lines.push(
      `  ${chart.name}:`,
      '  - apiVersion: v2',
      `    name: ${chart.name}`,
      `    version: ${chart.version}`,
      '    type: application',
      '    created: "2026-01-01T00:00:00Z"',
      `    digest: ${sha256(data)}`,
      '    urls:',
      `    - ${baseUrl}/charts/${archive}`,
    );
  }
  lines.push('generated: "2026-01-01T00:00:00Z"', '');
  writeFileSync(join(chartsDir, 'index.yaml'), lines.join('\n'));
}

async function send(method, url, { body, type, expect }) {
  const res = await fetch(url, {
    method,
    body,
    headers: type ? { 'content-type': type } : {},
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== expect) throw new Error(`${method} ${url}: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

// A monolithic blob upload of the distribution API: POST opens an upload, PUT with the digest closes it.
async function pushBlob(base, repo, data) {
  const digest = `sha256:${sha256(data)}`;
  const opened = await send('POST', `${base}/v2/${repo}/blobs/uploads/`, { expect: 202 });
  const location = new URL(opened.headers.get('location'), base);
  location.searchParams.set('digest', digest);
  await send('PUT', location.toString(), { body: data, type: 'application/octet-stream', expect: 201 });
  return { digest, size: data.length };
}

/** Pushes a chart as helm does (config and chart layer, OCI manifest); resolves with the manifest digest. */
export async function pushChart(base, chart) {
  const repo = `${OCI_REPOSITORY_PREFIX}/${chart.name}`;
  const config = Buffer.from(JSON.stringify({ apiVersion: 'v2', name: chart.name, version: chart.version, type: 'application' }));
  const configBlob = await pushBlob(base, repo, config);
  const layerBlob = await pushBlob(base, repo, packChart(chart));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: HELM_CONFIG, ...configBlob },
    layers: [{ mediaType: HELM_LAYER, ...layerBlob }],
  }));
  await send('PUT', `${base}/v2/${repo}/manifests/${chart.version}`, { body: manifest, type: OCI_MANIFEST, expect: 201 });
  return `sha256:${sha256(manifest)}`;
}

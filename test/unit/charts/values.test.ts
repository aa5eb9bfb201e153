// HelmRelease values that know their chart, through the language service: a chart folder of this repository
// and one from a Helm repository served on 127.0.0.1. Completion of nested keys, hover with the values.yaml
// comment, values.schema.json violations at the exact value, keys the chart does not have, and the reasons.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-types';
import type { ChartFetcher } from '../../../server/src/core/charts/resolver';
import { silentLogger } from '../../../server/src/core/logger';
import { createLanguageService } from '../../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { chartFetcher } from '../../../server/src/node/charts/fetcher';
import { caret, registry, uriOf, yaml } from '../helpers';
import { chartTgz, chartYaml, helmRepository, ociRegistry, serve, VALUES_SCHEMA, VALUES_YAML } from './helpers';

const CHART = {
  'charts/app/Chart.yaml': chartYaml('app', '1.2.0'),
  'charts/app/values.yaml': VALUES_YAML,
  'charts/app/values.schema.json': VALUES_SCHEMA,
  'charts/app/templates/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
};

function release(values: string, chart = './charts/app', source = 'kind: GitRepository\n            name: flux-system\n            namespace: flux-system'): string {
  const head = yaml`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: app
      namespace: default
    spec:
      interval: 10m
      chart:
        spec:
          chart: ${chart}
          sourceRef:
            ${source}
      values:
  `;
  return `${head.trimEnd()}\n${values.replace(/^/gm, '    ')}\n`;
}

async function open(files: Record<string, string>, text: string, fetcher?: ChartFetcher) {
  const { text: clean, offset } = text.includes('§') ? caret(text) : { text, offset: 0 };
  const host = memoryHost({ ...files, 'apps/release.yaml': clean });
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings: DEFAULT_SETTINGS, charts: { fetcher } });
  await service.indexWorkspace();
  const uri = uriOf('apps/release.yaml');
  service.open(uri, 1, clean);
  const position = service.parsed(uri)!.lines.positionAt(offset);
  return { service, uri, position, text: clean };
}

/** `line:start-end` of a word on the first line that holds a needle. */
const spanOf = (text: string) => (needle: string, word: string) => {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  const start = lines[line].indexOf(word);
  return `${line}:${start}-${start + word.length}`;
};
const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const valueProblems = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'unknown-value' || String(d.message).includes('(values.schema.json of the chart')).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);

describe('values of a chart in this repository', () => {
  it('behaves as before until the chart is known, then completes nested keys with their comments', async () => {
    const { service, uri, position } = await open(CHART, release('image:\n  §'));
    assert.deepEqual(service.completion(uri, position, { clientHasSnippets: true }), []);
    await service.resolveCharts();
    const items = service.completion(uri, position, { clientHasSnippets: true });
    assert.deepEqual(labels(items), ['pullPolicy', 'repository', 'tag']);
    const repository = items.find((i) => i.label === 'repository')!;
    assert.match(JSON.stringify(repository.documentation), /The image repository/);
  });

  it('completes top-level keys (schema and values.yaml) and enum values', async () => {
    const top = await open(CHART, release('§'));
    await top.service.resolveCharts();
    assert.deepEqual(labels(top.service.completion(top.uri, top.position, { clientHasSnippets: true })), ['image', 'podAnnotations', 'replicaCount', 'service', 'ui']);
    const value = await open(CHART, release('image:\n  pullPolicy: §'));
    await value.service.resolveCharts();
    assert.deepEqual(labels(value.service.completion(value.uri, value.position, { clientHasSnippets: true })), ['Always', 'IfNotPresent', 'Never']);
  });

  it('hovers a key with its values.yaml comment and default, and the chart with where it came from', async () => {
    const { service, uri, text } = await open(CHART, release('replicaCount: 3'));
    await service.resolveCharts();
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('replicaCount'));
    const hover = service.hover(uri, { line, character: lines[line].indexOf('replicaCount') + 2 });
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /\*\*replicaCount\*\* `integer`/);
    assert.match(value, /Number of pods to run/);
    assert.match(value, /Default: `1`/);
    const chartLine = lines.findIndex((l) => l.includes('chart: ./charts/app'));
    const chartHover = (service.hover(uri, { line: chartLine, character: lines[chartLine].indexOf('./charts') + 2 })!.contents as { value: string }).value;
    assert.match(chartHover, /\*\*Chart\*\* `app` `1\.2\.0` from file:\/\/\/ws\/charts\/app \(values checked against its values\.schema\.json\)/);
  });

  it('reports a schema violation at the exact value, a key the closed schema forbids, and a typo of a values.yaml key', async () => {
    const { service, uri, text } = await open(CHART, release('replicaCount: -1\nimage:\n  repositry: nginx\n  pullPolicy: Sometimes\nservce:\n  port: 80\nglobal:\n  anything: 1\npodAnnotations:\n  a: b'));
    await service.resolveCharts();
    const ds = service.diagnostics(uri);
    const at = spanOf(text);
    assert.deepEqual(valueProblems(ds).sort(), [
      `enum@${at('pullPolicy: Sometimes', 'Sometimes')}`,
      `minimum@${at('replicaCount: -1', '-1')}`,
      `unknown-field@${at('repositry', 'repositry')}`,
      `unknown-value@${at('servce', 'servce')}`,
    ].sort());
    const typo = ds.find((d) => d.code === 'unknown-value')!;
    assert.match(String(typo.message), /The chart app 1\.2\.0 has no value "servce" in spec\.values \(its values\.yaml does not have it\)\. Did you mean "service"\?/);
    assert.equal(typo.severity, 2);
    assert.match(String(ds.find((d) => d.code === 'unknown-field')!.message), /Did you mean "repository"\?/);
  });

  it('checks closed files too (the checker\'s path): their diagnostics ask for the text, then include the values', async () => {
    const { service, uri, text } = await open(CHART, release('replicaCount: many'));
    await service.resolveCharts();
    service.close(uri);
    assert.equal(service.closedDiagnostics(uri), undefined);
    const ds = service.closedDiagnostics(uri, text)!;
    assert.deepEqual(ds.filter((d) => d.code === 'wrong-type').map((d) => d.message), ['spec.values.replicaCount should be an integer, but "many" is a string. (values.schema.json of the chart app 1.2.0)']);
  });

  it('without a schema, judges no types and notes only keys values.yaml lacks', async () => {
    const files = { ...CHART };
    delete (files as Record<string, string>)['charts/app/values.schema.json'];
    const { service, uri } = await open(files, release('replicaCount: many\nimage:\n  tagg: x\nextra: 1'));
    await service.resolveCharts();
    const ds = service.diagnostics(uri).filter((d) => d.code === 'unknown-value');
    assert.deepEqual(ds.map((d) => [String(d.message).match(/"([^"]+)"/)![1], d.severity]), [['tagg', 2], ['extra', 3]]);
    assert.equal(service.diagnostics(uri).filter((d) => d.code === 'wrong-type').length, 0);
  });

  it('reads a chart of a GitRepository that is this workspace\'s remote, and says why another repository\'s is not read', async () => {
    const git = (name: string, url: string) => yaml`
      apiVersion: source.toolkit.fluxcd.io/v1
      kind: GitRepository
      metadata:
        name: ${name}
        namespace: default
      spec:
        interval: 1m
        url: ${url}
        ref:
          branch: main
    `;
    const files = {
      ...CHART,
      '.git/config': '[remote "origin"]\n\turl = https://gitea.example.com/org/fleet.git\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'sources/own.yaml': git('own', 'https://gitea.example.com/org/fleet'),
      'sources/other.yaml': git('other', 'https://github.com/org/other'),
    };
    const own = await open(files, release('replicaCount: -1', 'charts/app', 'kind: GitRepository\n            name: own'));
    await own.service.resolveCharts();
    assert.deepEqual(own.service.diagnostics(own.uri).filter((d) => d.code === 'minimum').length, 1);
    const other = await open(files, release('replicaCount: -1', 'charts/app', 'kind: GitRepository\n            name: other'));
    await other.service.resolveCharts();
    assert.equal(other.service.diagnostics(other.uri).filter((d) => d.code === 'minimum').length, 0);
    const lines = release('replicaCount: -1').split('\n');
    const line = lines.findIndex((l) => l.includes('chart: '));
    const hover = (other.service.hover(other.uri, { line, character: lines[line].indexOf('chart: ') + 9 })!.contents as { value: string }).value;
    assert.match(hover, /Chart\*\* not available: the chart is in another Git repository \(https:\/\/github\.com\/org\/other\), which the editor does not fetch/);
  });
});

describe('values from a ConfigMap of this repository (valuesFrom)', () => {
  it('checks the ConfigMap\'s values.yaml against the chart, at the exact offsets in its block', async () => {
    const configMap = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-values
        namespace: default
      data:
        values.yaml: |
          replicaCount: -2
          image:
            pullPolicy: Sometimes
          servce:
            port: 80
        single: "3"
    `;
    const text = release('replicaCount: 1').replace('  values:\n', '  valuesFrom:\n    - kind: ConfigMap\n      name: app-values\n    - kind: ConfigMap\n      name: app-values\n      valuesKey: single\n      targetPath: replicaCount\n  values:\n');
    const { service } = await open({ ...CHART, 'apps/values.yaml': configMap }, text);
    await service.resolveCharts();
    const uri = uriOf('apps/values.yaml');
    assert.equal(service.closedDiagnostics(uri), undefined, 'a ConfigMap read by a release with a known chart needs its parse');
    const ds = service.closedDiagnostics(uri, configMap)!;
    const at = spanOf(configMap);
    assert.deepEqual(valueProblems(ds).sort(), [
      `enum@${at('pullPolicy: Sometimes', 'Sometimes')}`,
      `minimum@${at('replicaCount: -2', '-2')}`,
      `unknown-value@${at('servce', 'servce')}`,
    ].sort());
    assert.match(String(ds.find((d) => d.code === 'minimum')!.message), /data\."values\.yaml" \(values of HelmRelease app\)\.replicaCount must be at least 0/);
  });
});

describe('completion and hover in a valuesFrom ConfigMap', () => {
  it('completes keys and values inside the values block, as under spec.values', async () => {
    const text = release('replicaCount: 1').replace('  values:\n', '  valuesFrom:\n    - kind: ConfigMap\n      name: app-values\n  values:\n');
    const configMap = (inner: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-values\n  namespace: default\ndata:\n  values.yaml: |\n${inner.replace(/^/gm, '    ')}\n`;
    const complete = async (inner: string) => {
      const { text: clean, offset } = caret(configMap(inner));
      const { service } = await open({ ...CHART, 'apps/values.yaml': clean }, text);
      await service.resolveCharts();
      const uri = uriOf('apps/values.yaml');
      service.open(uri, 2, clean);
      const items = service.completion(uri, service.parsed(uri)!.lines.positionAt(offset), { clientHasSnippets: true });
      return { items, line: service.parsed(uri)!.lines.positionAt(offset).line };
    };
    const keys = await complete('image:\n  §\nreplicaCount: 1');
    assert.deepEqual(labels(keys.items), ['pullPolicy', 'repository', 'tag']);
    const edit = keys.items.find((i) => i.label === 'tag')!.textEdit as { range: { start: { line: number; character: number } } };
    assert.deepEqual(edit.range.start, { line: keys.line, character: 6 });
    const values = await complete('image:\n  pullPolicy: §');
    assert.deepEqual(labels(values.items), ['Always', 'IfNotPresent', 'Never']);
  });

  it('hovers a key of the values block with its values.yaml comment, at the key\'s own range', async () => {
    const text = release('replicaCount: 1').replace('  values:\n', '  valuesFrom:\n    - kind: ConfigMap\n      name: app-values\n  values:\n');
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-values\n  namespace: default\ndata:\n  values.yaml: |\n    image:\n      pullPolicy: Always\n';
    const { service } = await open({ ...CHART, 'apps/values.yaml': configMap }, text);
    await service.resolveCharts();
    const uri = uriOf('apps/values.yaml');
    service.open(uri, 2, configMap);
    const hover = service.hover(uri, { line: 8, character: 9 })!;
    assert.match((hover.contents as { value: string }).value, /\*\*pullPolicy\*\* `string`[\s\S]*Pull policy of the image[\s\S]*Allowed: `Always`, `IfNotPresent`, `Never`[\s\S]*Default: `"IfNotPresent"`/);
    assert.deepEqual(hover.range, { start: { line: 8, character: 6 }, end: { line: 8, character: 16 } });
  });
});

describe('values of a chart from a Helm repository', () => {
  const repoFiles = (base: string) => ({
    'sources/repo.yaml': yaml`
      apiVersion: source.toolkit.fluxcd.io/v1
      kind: HelmRepository
      metadata:
        name: podinfo
        namespace: default
      spec:
        interval: 1h
        url: ${base}
    `,
  });
  const fromRepo = (values: string, version = '6.x') => release(values, `podinfo\n          version: "${version}"`, 'kind: HelmRepository\n            name: podinfo');

  it('fetches the chart in the background and checks the values against it', async () => {
    const server = await serve(helmRepository([{ name: 'podinfo', version: '6.5.0', tgz: chartTgz('podinfo', '6.5.0') }]));
    const { service, uri } = await open(repoFiles(server.base), fromRepo('replicaCount: -1\nimage:\n  tag: 1'), chartFetcher({ network: true }));
    const changed: string[] = [];
    service.onChartsChanged((uris) => changed.push(...uris));
    await service.resolveCharts();
    assert.deepEqual(changed, [uri]);
    assert.deepEqual(service.diagnostics(uri).filter((d) => String(d.message).includes('chart podinfo 6.5.0')).map((d) => d.code).sort(), ['minimum', 'wrong-type']);
    await server.close();
  });

  it('keeps today\'s behaviour when the repository fails, and hover gives the reason', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const text = fromRepo('replicaCount: -1');
    const { service, uri } = await open(repoFiles(server.base), text, chartFetcher({ network: true }));
    await service.resolveCharts();
    assert.equal(service.diagnostics(uri).filter((d) => d.code === 'minimum').length, 0);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('version:'));
    const hover = (service.hover(uri, { line, character: lines[line].indexOf('6.x') })!.contents as { value: string }).value;
    assert.match(hover, /Chart\*\* not available: the repository's index\.yaml: HTTP 404 at http:\/\/127\.0\.0\.1:\d+\/index\.yaml/);
    assert.match(hover, /It would come from `podinfo` `6\.x` from the Helm repository http:\/\/127\.0\.0\.1/);
    await server.close();
  });
});

describe('values of a chart from an OCI registry', () => {
  it('reads a chart through a HelmRepository of type oci and through an OCIRepository chartRef', async () => {
    const server = await serve(ociRegistry('charts/podinfo', { '6.5.0': chartTgz('podinfo', '6.5.0') }));
    const host = server.base.slice('http://'.length);
    const sources = {
      'sources/oci.yaml': yaml`
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: charts
          namespace: default
        spec:
          type: oci
          interval: 1h
          url: oci://${host}/charts
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata:
          name: podinfo
          namespace: default
        spec:
          interval: 1h
          url: oci://${host}/charts/podinfo
          ref:
            semver: ">=6.0.0"
      `,
    };
    const viaRepository = release('replicaCount: -1', 'podinfo\n          version: 6.5.0', 'kind: HelmRepository\n            name: charts');
    const a = await open(sources, viaRepository, chartFetcher({ network: true }));
    await a.service.resolveCharts();
    assert.equal(a.service.diagnostics(a.uri).filter((d) => d.code === 'minimum').length, 1);
    const viaChartRef = viaRepository.replace(/  chart:\n[\s\S]*?  values:/, '  chartRef:\n    kind: OCIRepository\n    name: podinfo\n  values:');
    const b = await open(sources, viaChartRef, chartFetcher({ network: true }));
    await b.service.resolveCharts();
    assert.deepEqual(b.service.diagnostics(b.uri).filter((d) => String(d.message).includes('chart podinfo 6.5.0')).map((d) => d.code), ['minimum']);
    await server.close();
  });
});

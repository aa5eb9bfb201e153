import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { openDoc, yaml } from '../helpers';

async function diagnose(text: string, name = 'doc.yaml', layer?: Parameters<typeof openDoc>[3]) {
  const { service, uri, file } = await openDoc(text, {}, name, layer);
  const diags = service.diagnostics(uri);
  const textAt = (d: (typeof diags)[number]) => file.text.slice(file.lines.offsetAt(d.range.start), file.lines.offsetAt(d.range.end));
  return { diags, textAt, codes: diags.map((d) => d.code) };
}

const KUSTOMIZATION = yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata:
    name: apps
    namespace: flux-system
  spec:
    interval: 10m
    path: ./apps
    prune: true
    sourceRef:
      kind: GitRepository
      name: flux-system
`;

test('a valid Kustomization has no schema diagnostics', async () => {
  const { diags } = await diagnose(KUSTOMIZATION);
  const schemaCodes = /^(yaml-|unknown-|wrong-type|missing-required|one-of|enum|pattern|duration|api-|min|max)/;
  assert.deepEqual(diags.filter((d) => schemaCodes.test(String(d.code))), []);
});

test('an unknown field is reported on its key with a did-you-mean hint', async () => {
  const { diags, textAt } = await diagnose(KUSTOMIZATION.replace('prune: true', 'prune: true\n  prunee: false'));
  const d = diags.find((x) => x.code === 'unknown-field')!;
  assert.equal(textAt(d), 'prunee');
  assert.match(d.message as string, /Did you mean "prune"/);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(d.source, 'flux-gitops');
});

test('a wrong type is reported on the value', async () => {
  const { diags, textAt } = await diagnose(KUSTOMIZATION.replace('prune: true', 'prune: "yes"'));
  const d = diags.find((x) => x.code === 'wrong-type')!;
  assert.equal(textAt(d), '"yes"');
  assert.match(d.message as string, /boolean/);
});

test('a missing required field is reported on its parent key', async () => {
  const { diags, textAt } = await diagnose(KUSTOMIZATION.replace('  prune: true\n', ''));
  const d = diags.find((x) => x.code === 'missing-required')!;
  assert.equal(textAt(d), 'spec');
  assert.match(d.message as string, /"prune"/);
});

test('a Flux duration that breaks the CRD pattern is reported', async () => {
  const { diags, textAt } = await diagnose(KUSTOMIZATION.replace('interval: 10m', 'interval: 10 minutes'));
  const d = diags.find((x) => x.code === 'duration')!;
  assert.equal(textAt(d), '10 minutes');
});

test('an enum violation lists the allowed values', async () => {
  const { diags, textAt } = await diagnose(KUSTOMIZATION.replace('kind: GitRepository', 'kind: GitRepo'));
  const d = diags.find((x) => x.code === 'enum')!;
  assert.equal(textAt(d), 'GitRepo');
  assert.match(d.message as string, /"GitRepository"/);
});

test('ESO refreshInterval is checked as a Go duration although its CRD has no pattern', async () => {
  const { diags, textAt } = await diagnose(yaml`
    apiVersion: external-secrets.io/v1
    kind: ExternalSecret
    metadata:
      name: db
    spec:
      refreshInterval: 1 hour
      secretStoreRef:
        kind: ClusterSecretStore
        name: openbao
  `);
  const d = diags.find((x) => x.code === 'duration')!;
  assert.equal(textAt(d), '1 hour');
});

test('a removed apiVersion is an error with a replacement; Alert stays v1beta3', async () => {
  const { diags, textAt } = await diagnose(yaml`
    apiVersion: source.toolkit.fluxcd.io/v1beta2
    kind: GitRepository
    metadata:
      name: repo
    spec:
      interval: 1m
      url: https://gitea.example.com/org/repo.git
    ---
    apiVersion: helm.toolkit.fluxcd.io/v2beta1
    kind: HelmRelease
    metadata:
      name: rel
    ---
    apiVersion: notification.toolkit.fluxcd.io/v1beta3
    kind: Alert
    metadata:
      name: alert
    spec:
      providerRef:
        name: slack
      eventSources:
        - kind: Kustomization
          name: '*'
  `);
  const removed = diags.filter((d) => d.code === 'api-removed');
  assert.equal(removed.length, 2);
  assert.equal(textAt(removed[0]), 'source.toolkit.fluxcd.io/v1beta2');
  assert.deepEqual(removed[0].data, { replacement: 'source.toolkit.fluxcd.io/v1' });
  assert.deepEqual(removed[1].data, { replacement: 'helm.toolkit.fluxcd.io/v2' });
  assert.ok(!diags.some((d) => String(d.code).startsWith('api-') && textAt(d).includes('notification')));
});

test('a deprecated ESO apiVersion is a warning that still validates against its own schema', async () => {
  const { diags } = await diagnose(yaml`
    apiVersion: external-secrets.io/v1beta1
    kind: ExternalSecret
    metadata:
      name: db
    spec:
      refreshInterval: 1h
      secretStoreRef:
        kind: ClusterSecretStore
        name: openbao
      bogus: 1
  `);
  const deprecated = diags.find((d) => d.code === 'api-deprecated')!;
  assert.equal(deprecated.severity, DiagnosticSeverity.Warning);
  assert.ok(diags.some((d) => d.code === 'unknown-field'));
});

test('a misspelt Flux kind is reported; unknown kinds of other groups are left alone', async () => {
  const { diags, codes } = await diagnose(yaml`
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: GitRepo
    metadata:
      name: x
    ---
    apiVersion: widgets.example.com/v1
    kind: Widget
    metadata:
      name: app
    spec:
      anything: goes
  `);
  assert.deepEqual(codes, ['unknown-kind']);
  assert.match(diags[0].message as string, /GitRepository/);
});

test('kustomization.yaml is routed by apiVersion, not by file name', async () => {
  const kustomize = await diagnose(yaml`
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - app.yaml
    namespace: apps
    resourcez: []
  `, 'kustomization.yaml');
  assert.deepEqual(kustomize.codes, ['unknown-field']);
  const flux = await diagnose(KUSTOMIZATION, 'kustomization.yaml');
  assert.ok(!flux.codes.includes('unknown-field'));
});

test('Flux substitutions are not type errors', async () => {
  const { codes } = await diagnose(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app
    spec:
      replicas: \${REPLICAS:=2}
      selector:
        matchLabels:
          app: app
      template:
        metadata:
          labels:
            app: app
        spec:
          containers:
            - name: app
              image: nginx
  `);
  assert.deepEqual(codes, []);
});

test('suppression comments silence a line, the next line or the file', async () => {
  const base = KUSTOMIZATION.replace('prune: true', 'prune: true\n  prunee: false');
  const line = await diagnose(base.replace('prunee: false', 'prunee: false # flux-gitops-disable-line unknown-field'));
  assert.ok(!line.codes.includes('unknown-field'));
  const next = await diagnose(base.replace('  prunee: false', '  # flux-gitops-disable-next-line\n  prunee: false'));
  assert.ok(!next.codes.includes('unknown-field'));
  const other = await diagnose(base.replace('  prunee: false', '  # flux-gitops-disable-next-line wrong-type\n  prunee: false'));
  assert.ok(other.codes.includes('unknown-field'));
  const file = await diagnose(`# flux-gitops-disable-file unknown-field\n${base}`);
  assert.ok(!file.codes.includes('unknown-field'));
});

test('configured severities change or silence a code', async () => {
  const text = KUSTOMIZATION.replace('prune: true', 'prune: true\n  prunee: false');
  const warn = await diagnose(text, 'doc.yaml', { severities: { 'unknown-field': 'warning' } });
  assert.equal(warn.diags.find((d) => d.code === 'unknown-field')?.severity, DiagnosticSeverity.Warning);
  const off = await diagnose(text, 'doc.yaml', { severities: { 'unknown-field': 'off' } });
  assert.ok(!off.codes.includes('unknown-field'));
});

test('YAML syntax errors are reported and schema checks of that document are skipped', async () => {
  const { diags } = await diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
  assert.ok(diags.length > 0);
  assert.ok(diags.every((d) => String(d.code).startsWith('yaml-')));
});

test('problems of the workspace configuration file are shown on it', async () => {
  const { codes, diags } = await diagnose('rules:\n  unknown-field: loud\n', '.flux-gitops.yaml');
  assert.deepEqual(codes, ['config']);
  assert.match(diags[0].message as string, /rules\.unknown-field must be one of/);
});

test('a duplicate key is a syntax error on the second occurrence', async () => {
  const { diags, textAt } = await diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n  x: "2"\n');
  assert.deepEqual(diags.map((d) => d.code), ['yaml-duplicate-key']);
  assert.equal(textAt(diags[0]), 'x');
  assert.equal(diags[0].range.start.line, 6);
});

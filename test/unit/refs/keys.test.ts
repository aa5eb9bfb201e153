import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspace, yaml } from '../helpers';
import { diagnosticsOf, GIT, messageOf, remember, TOKEN } from './fixtures';

async function ws(files: Record<string, string>) {
  return remember(await workspace(files), files);
}

const release = (valuesKey = '') => yaml`
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: podinfo
    namespace: apps
  spec:
    interval: 10m
    chart:
      spec:
        chart: podinfo
        sourceRef:
          kind: HelmRepository
          name: podinfo
    valuesFrom:
      - kind: ConfigMap
        name: podinfo-values
` + valuesKey;

const values = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-values\n  namespace: apps\ndata:\n  ${key}: |\n    replicaCount: 2\n`;

test('valuesFrom reads values.yaml unless valuesKey says otherwise; a ConfigMap without that key is reported', async () => {
  const missing = await ws({ 'apps/release.yaml': release(), 'apps/values.yaml': values('custom.yaml') });
  const [d] = diagnosticsOf(missing, 'apps/release.yaml', 'missing-key');
  assert.match(messageOf(d), /ConfigMap podinfo-values has no key "values\.yaml" for spec\.valuesFrom\[0\]: it has "custom\.yaml"/);
  const named = await ws({ 'apps/release.yaml': release('        valuesKey: custom.yaml\n'), 'apps/values.yaml': values('custom.yaml') });
  assert.deepEqual(diagnosticsOf(named, 'apps/release.yaml', 'missing-key'), []);
});

test('a GitRepository over https needs username and password (or bearerToken) in the Secret its ExternalSecret writes', async () => {
  const tokenOnly = TOKEN.replace('secretKey: password', 'secretKey: token');
  const bad = await ws({ 'clusters/prod/git.yaml': GIT, 'clusters/prod/token.yaml': tokenOnly });
  const [d] = diagnosticsOf(bad, 'clusters/prod/git.yaml', 'missing-key');
  assert.match(messageOf(d), /The Secret gitea-token that ExternalSecret gitea-token writes holds "token"; GitRepository flux-system reads "username" and "password" \(or "bearerToken"\)/);
  const both = TOKEN.replace('    - secretKey: password', '    - secretKey: username\n      remoteRef:\n        key: gitea/user\n    - secretKey: password');
  const good = await ws({ 'clusters/prod/git.yaml': GIT, 'clusters/prod/token.yaml': both });
  assert.deepEqual(diagnosticsOf(good, 'clusters/prod/git.yaml', 'missing-key'), []);
});

test('keys decided at run time (dataFrom, templateFrom) are not judged', async () => {
  const fromAll = TOKEN.replace(/ {2}data:\n[\s\S]*$/, '  dataFrom:\n    - extract:\n        key: gitea\n');
  const service = await ws({ 'clusters/prod/git.yaml': GIT, 'clusters/prod/token.yaml': fromAll });
  assert.deepEqual(diagnosticsOf(service, 'clusters/prod/git.yaml', 'missing-key'), []);
});

import assert from 'node:assert/strict';
import { messageOf } from '../refs/fixtures';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { SettingsLayer } from '../../../server/src/core/settings';
import { uriOf, workspace, yaml } from '../helpers';

const PLATFORM: SettingsLayer = { platform: { enabled: true, giteaUrl: 'https://gitea.catalyst.example', environments: { 'eu-central-a': 'production' } } };

async function check(files: Record<string, string>, rel: string, layer: SettingsLayer = PLATFORM) {
  const service = await workspace(files, layer);
  service.open(uriOf(rel), 1, files[rel]);
  // The commit status loop (a Provider and an Alert per cluster) has its own tests: commitStatus.test.ts.
  return service.diagnostics(uriOf(rel)).filter((d) => String(d.code).startsWith('platform-') && d.code !== 'platform-commit-status');
}

const git = (url: string, extra = '  secretRef:\n    name: gitea-token\n', interval = '1m') => yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: GitRepository
  metadata:
    name: flux-system
    namespace: flux-system
  spec:
    interval: ${interval}
    url: ${url}
    ref:
      branch: main
` + extra;

const ks = (interval: string, extra = '') => yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata:
    name: network
    namespace: flux-system
  spec:
    interval: ${interval}
    path: ./flux/clusters/x/network
    prune: true
    sourceRef:
      kind: GitRepository
      name: flux-system
` + extra;

const hr = (name: string, interval = '10m') => yaml`
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: ${name}
    namespace: ${name}
  spec:
    interval: ${interval}
    chart:
      spec:
        chart: ${name}
        sourceRef:
          kind: HelmRepository
          name: ${name}
`;

const STAGING = 'flux/clusters/eu-central-staging';
const PROD = 'flux/clusters/eu-central-production';

test('rules are off unless the platform profile is enabled', async () => {
  assert.deepEqual(await check({ [`${STAGING}/flux-system/ks.yaml`]: ks('1h', '  decryption:\n    provider: sops\n') }, `${STAGING}/flux-system/ks.yaml`, {}), []);
});

test('no SOPS: spec.decryption and SOPS-encrypted documents are reported', async () => {
  const ds = await check({ [`${STAGING}/flux-system/ks.yaml`]: ks('1m', '  decryption:\n    provider: sops\n') }, `${STAGING}/flux-system/ks.yaml`);
  assert.deepEqual(ds.map((d) => d.code), ['platform-no-sops']);
  assert.equal(ds[0].severity, DiagnosticSeverity.Error);
  const sops = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nsops:\n  mac: ENC[abc]\n';
  assert.deepEqual((await check({ [`${STAGING}/security/s.yaml`]: sops }, `${STAGING}/security/s.yaml`)).map((d) => d.code), ['platform-no-sops']);
});

test('GitRepository: https on the configured Gitea with a token secret, interval 1m', async () => {
  const rel = `${STAGING}/flux-system/git.yaml`;
  assert.deepEqual(await check({ [rel]: git('https://gitea.catalyst.example/catalyst/fleet.git') }, rel), []);
  assert.deepEqual((await check({ [rel]: git('ssh://git@gitea.catalyst.example/catalyst/fleet.git') }, rel)).map((d) => d.code), ['platform-git-url']);
  const other = await check({ [rel]: git('https://github.com/x/y', '', '5m') }, rel);
  assert.deepEqual(other.map((d) => d.code).sort(), ['platform-git-secret', 'platform-git-url', 'platform-interval']);
  assert.match(messageOf(other.find((d) => d.code === 'platform-git-url')!), /gitea\.catalyst\.example/);
});

test('intervals: 10m in production, 1m in staging; environment from the folder name or the mapping', async () => {
  const staging = await check({ [`${STAGING}/flux-system/ks.yaml`]: ks('10m') }, `${STAGING}/flux-system/ks.yaml`);
  assert.deepEqual(staging.map((d) => messageOf(d)), ['Kustomization interval is 1m in staging on this platform (found 10m).']);
  assert.deepEqual(await check({ [`${PROD}/flux-system/ks.yaml`]: ks('10m') }, `${PROD}/flux-system/ks.yaml`), []);
  const mapped = await check({ ['flux/clusters/eu-central-a/network/cilium/hr.yaml']: hr('cilium', '1m') }, 'flux/clusters/eu-central-a/network/cilium/hr.yaml');
  assert.deepEqual(mapped.map((d) => d.code), ['platform-interval']);
  assert.deepEqual(await check({ ['flux/clusters/lab/network/cilium/hr.yaml']: hr('cilium', '3m') }, 'flux/clusters/lab/network/cilium/hr.yaml'), [], 'unknown environment');
});

test('layout: unknown category, file outside a category, component under the wrong category', async () => {
  const bad = await check({ [`${STAGING}/tools/x.yaml`]: hr('keda', '1m') }, `${STAGING}/tools/x.yaml`);
  assert.deepEqual(bad.map((d) => d.code), ['platform-layout']);
  assert.match(messageOf(bad[0]), /"tools" is not a platform category/);
  assert.deepEqual((await check({ [`${STAGING}/x.yaml`]: hr('keda', '1m') }, `${STAGING}/x.yaml`)).map((d) => d.code), ['platform-layout']);
  const wrong = await check({ [`${STAGING}/network/kyverno/hr.yaml`]: hr('kyverno', '1m') }, `${STAGING}/network/kyverno/hr.yaml`);
  assert.deepEqual(wrong.map((d) => d.code), ['platform-category'], 'said once');
  assert.match(messageOf(wrong[0]), /kyverno belongs under security\//);
  const alias = await check({ [`${STAGING}/middleware/hr.yaml`]: hr('cloudnative-pg', '1m') }, `${STAGING}/middleware/hr.yaml`);
  assert.match(messageOf(alias[0]), /cnpg belongs under database\//);
  assert.deepEqual(await check({ [`${STAGING}/security/kyverno/hr.yaml`]: hr('kyverno', '1m') }, `${STAGING}/security/kyverno/hr.yaml`), []);
});

test('canary: an organization app in production without a Flagger Canary is reported; severities are configurable', async () => {
  const rel = `${PROD}/organizations/acme/hr.yaml`;
  const ds = await check({ [rel]: hr('portal') }, rel);
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['platform-canary', DiagnosticSeverity.Information]]);
  const canary = 'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: portal\n  namespace: portal\nspec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: portal\n';
  assert.deepEqual(await check({ [rel]: hr('portal'), [`${PROD}/organizations/acme/canary.yaml`]: canary }, rel), []);
  const off = await check({ [rel]: hr('portal') }, rel, { platform: { ...PLATFORM.platform, rules: { 'platform-canary': 'off' } } });
  assert.deepEqual(off, []);
  const err = await check({ [`${STAGING}/flux-system/ks.yaml`]: ks('5m') }, `${STAGING}/flux-system/ks.yaml`, { platform: { ...PLATFORM.platform, rules: { 'platform-interval': 'error' } } });
  assert.equal(err[0].severity, DiagnosticSeverity.Error);
});

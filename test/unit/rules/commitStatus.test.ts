// The commit status loop: every cluster folder has a notification Provider of type gitea on the platform's
// Gitea with a token secret, and an Alert sending its Kustomizations' events to it; each missing piece is named
// on the cluster's GitRepository.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingsLayer } from '../../../server/src/core/settings';
import { uriOf, workspace, yaml } from '../helpers';
import { GIT as git } from '../refs/fixtures';

const PLATFORM: SettingsLayer = { platform: { enabled: true, giteaUrl: 'https://gitea.example.com' } };
const GIT = 'flux/clusters/eu-staging/flux-system/gotk-sync.yaml';
const STATUS = 'flux/clusters/eu-staging/flux-system/commit-status.yaml';

const provider = (address = 'https://gitea.example.com/platform/fleet', secret = true, type = 'gitea') => yaml`
  apiVersion: notification.toolkit.fluxcd.io/v1beta3
  kind: Provider
  metadata:
    name: gitea
    namespace: flux-system
  spec:
    type: ${type}
    address: ${address}
` + (secret ? '  secretRef:\n    name: gitea-status-token\n' : '');

const alert = (kind = 'Kustomization', providerName = 'gitea') => yaml`
  apiVersion: notification.toolkit.fluxcd.io/v1beta3
  kind: Alert
  metadata:
    name: commit-status
    namespace: flux-system
  spec:
    providerRef:
      name: ${providerName}
    eventSources:
      - kind: ${kind}
        name: '*'
`;

async function messages(status?: string, layer: SettingsLayer = PLATFORM): Promise<string[]> {
  const files: Record<string, string> = { [GIT]: git, ...(status ? { [STATUS]: status } : {}) };
  const service = await workspace(files, layer);
  service.open(uriOf(GIT), 1, git);
  return service.diagnostics(uriOf(GIT)).filter((d) => d.code === 'platform-commit-status').map((d) => String(d.message));
}

describe('platform: commit status loop', () => {
  it('is quiet when the cluster has a gitea Provider with a token and an Alert for its Kustomizations', async () => {
    assert.deepEqual(await messages(`${provider()}---\n${alert()}`), []);
  });

  it('names a missing Provider', async () => {
    assert.deepEqual(await messages(), ['Cluster eu-staging has no notification Provider of type gitea on https://gitea.example.com with a token secret: Flux cannot write commit status back to Gitea.']);
    assert.equal((await messages(`${provider(undefined, true, 'slack')}---\n${alert()}`)).length, 1);
  });

  it('names a Provider off the platform\'s Gitea or without a token', async () => {
    assert.match((await messages(`${provider('https://github.com/x/y')}---\n${alert()}`))[0], /points at https:\/\/github\.com\/x\/y, not at a repository of the platform's Gitea/);
    assert.match((await messages(`${provider(undefined, false)}---\n${alert()}`))[0], /has no spec\.secretRef/);
  });

  it('names a missing Alert for the Kustomizations', async () => {
    const expected = ["Cluster eu-staging has no Alert sending its Kustomizations' events to the gitea Provider gitea: commits get no status."];
    assert.deepEqual(await messages(provider()), expected);
    assert.deepEqual(await messages(`${provider()}---\n${alert('HelmRelease')}`), expected);
    assert.deepEqual(await messages(`${provider()}---\n${alert('Kustomization', 'slack')}`), expected);
  });

  it('can be turned off, and is off without the platform', async () => {
    assert.deepEqual(await messages(undefined, { platform: { ...PLATFORM.platform, rules: { 'platform-commit-status': 'off' } } }), []);
    assert.deepEqual(await messages(undefined, {}), []);
  });
});

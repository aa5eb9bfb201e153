// The example repository examples/catalyst checks clean, and the checks are live on it: breaking it on
// purpose (in memory) brings the expected diagnostics.
import assert from 'node:assert/strict';
import { messageOf } from '../refs/fixtures';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfigFile } from '../../../server/src/core/settings';
import { workspace } from '../helpers';

const ROOT = path.resolve(__dirname, '../../../examples/catalyst');

function read(dir = ROOT, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) read(p, out);
    else if (/\.ya?ml$/.test(name)) out[path.relative(ROOT, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

async function check(files: Record<string, string>) {
  const { layer, problems } = parseConfigFile(files['.flux-gitops.yaml']);
  assert.deepEqual(problems, []);
  const service = await workspace(files, layer);
  const found: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const uri = `file:///ws/${rel}`;
    service.open(uri, 1, text);
    for (const d of service.diagnostics(uri)) found.push(`${rel}:${d.range.start.line + 1} ${d.code} ${messageOf(d)}`);
  }
  return found;
}

const STAGING = 'flux/clusters/eu-central-staging';

test('examples/catalyst: 40-80 files, two clusters, platform rules on, zero diagnostics', async () => {
  const files = read();
  const count = Object.keys(files).length;
  assert.ok(count >= 40 && count <= 80, `${count} files`);
  assert.deepEqual(await check(files), []);
});

test('examples/catalyst: breaking it brings the cross-file diagnostics', async () => {
  const files = read();
  const broken = { ...files };
  delete broken[`${STAGING}/flux-system/gitea-token.yaml`];
  broken[`${STAGING}/flux-system/kustomization.yaml`] = files[`${STAGING}/flux-system/kustomization.yaml`].replace('  - gitea-token.yaml\n', '');
  broken[`${STAGING}/flux-system/categories.yaml`] = files[`${STAGING}/flux-system/categories.yaml`].replace('- name: network', '- name: netwrk');
  broken[`${STAGING}/organizations/acme/release.yaml`] = files[`${STAGING}/organizations/acme/release.yaml`].replace('interval: 1m', 'interval: 10m');
  const found = (await check(broken)).join('\n');
  assert.match(found, /gotk-sync\.yaml:\d+ unresolved-external Secret "gitea-token"/);
  assert.match(found, /categories\.yaml:\d+ unresolved-reference Kustomization "netwrk".*Did you mean "network"/);
  assert.match(found, /acme\/release\.yaml:\d+ platform-interval HelmRelease interval is 1m in staging/);
  assert.doesNotMatch(found, /eu-central-production/, 'the other cluster is untouched');
});

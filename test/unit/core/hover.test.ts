import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDoc, yaml } from '../helpers';

async function hoverAt(text: string) {
  const { service, uri, position } = await openDoc(text);
  const h = service.hover(uri, position);
  return h ? (h.contents as { value: string }).value : '';
}

test('hover on a key shows its description, type and whether it is required', async () => {
  const text = await hoverAt(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      pru§ne: true
  `);
  assert.match(text, /\*\*prune\*\* `boolean` · required/);
  assert.match(text, /garbage/i);
});

test('hover on an enum field lists the allowed values', async () => {
  const text = await hoverAt(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    spec:
      sourceRef:
        ki§nd: GitRepository
  `);
  assert.match(text, /Allowed: .*`GitRepository`/);
});

test('hover on a removed apiVersion says so and names the replacement', async () => {
  const text = await hoverAt(yaml`
    apiVersion: helm.toolkit.fluxcd.io/v2be§ta1
    kind: HelmRelease
  `);
  assert.match(text, /removed/);
  assert.match(text, /helm\.toolkit\.fluxcd\.io\/v2`/);
});

test('hover on a current apiVersion and on a kind', async () => {
  assert.match(await hoverAt('apiVersion: external-secrets.io/v§1\nkind: ExternalSecret\n'), /current version/);
  assert.match(await hoverAt('apiVersion: external-secrets.io/v1\nkind: External§Secret\n'), /external-secrets@v0\.16\.2/);
});

test('hover inside a sequence item resolves through the items schema', async () => {
  const text = await hoverAt(yaml`
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
            - name: app
              ima§ge: nginx
  `);
  assert.match(text, /\*\*image\*\* `string`/);
});

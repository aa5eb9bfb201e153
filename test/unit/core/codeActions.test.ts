import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDoc, yaml } from '../helpers';
import { ks } from '../refs/fixtures';

test('the quick fix for a removed apiVersion rewrites it to the current one', async () => {
  const { service, uri } = await openDoc(yaml`
    apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
    kind: Kustomization
    metadata:
      name: apps
  `);
  const diags = service.diagnostics(uri).filter((d) => d.code === 'api-removed');
  assert.equal(diags.length, 1);
  const actions = service.codeActions(uri, diags);
  const fix = actions.find((a) => a.isPreferred)!;
  assert.equal(fix.title, 'Use kustomize.toolkit.fluxcd.io/v1');
  const edit = fix.edit!.changes![uri][0];
  assert.equal(edit.newText, 'kustomize.toolkit.fluxcd.io/v1');
  assert.deepEqual(edit.range, diags[0].range);
});

test('every diagnostic can be silenced on its line by a quick fix', async () => {
  const { service, uri } = await openDoc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bogus: 1\n');
  const diags = service.diagnostics(uri);
  const action = service.codeActions(uri, diags).find((a) => a.title.startsWith('Ignore unknown-field'))!;
  assert.equal(action.edit!.changes![uri][0].newText, '  # flux-gitops-disable-next-line unknown-field\n');
});

test('a misspelt field is fixed to the field it is close to', async () => {
  const { service, uri } = await openDoc(ks('apps').replace('  interval: 10m\n', '  interval: 10m\n  retryIntervall: 1m\n'));
  const [d] = service.diagnostics(uri).filter((x) => x.code === 'unknown-field');
  const fix = service.codeActions(uri, [d]).find((a) => a.isPreferred)!;
  assert.equal(fix.title, 'Change to "retryInterval"');
  assert.equal(fix.edit!.changes![uri][0].newText, 'retryInterval');
});

test('a reference close to a defined name is fixed to it, in the quotes it had', async () => {
  const repo = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://gitea.example.com/o/r.git\n';
  const { service, uri } = await openDoc(
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: "flet"\n',
    { 'clusters/prod/flux-system/repo.yaml': repo },
    'clusters/prod/flux-system/apps.yaml',
  );
  const [d] = service.diagnostics(uri).filter((x) => x.code === 'unresolved-reference');
  assert.ok(d, JSON.stringify(service.diagnostics(uri)));
  const fix = service.codeActions(uri, [d]).find((a) => a.isPreferred)!;
  assert.equal(fix.title, 'Change to "fleet"');
  assert.equal(fix.edit!.changes![uri][0].newText, '"fleet"');
});

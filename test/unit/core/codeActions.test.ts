import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDoc, yaml } from '../helpers';

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

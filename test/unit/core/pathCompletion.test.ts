import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caret, uriOf, workspace } from '../helpers';
import { ks } from '../refs/fixtures';

const FILES = {
  'clusters/prod/flux-system/apps.yaml': ks('apps'),
  'clusters/prod/apps/kustomization.yaml': 'resources:\n  - podinfo\n',
  'clusters/prod/apps/podinfo/release.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'clusters/prod/apps/podinfo/values.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  'clusters/prod/apps/redis/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  'infrastructure/base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n',
};

async function completeAt(rel: string, withCaret: string) {
  const { text, offset } = caret(withCaret);
  const service = await workspace({ ...FILES, [rel]: text });
  service.open(uriOf(rel), 1, text);
  const items = service.completion(uriOf(rel), service.parsed(uriOf(rel))!.lines.positionAt(offset), { clientHasSnippets: true });
  return items.map((i) => (i.textEdit as { newText: string }).newText);
}

test('a Flux Kustomization\'s spec.path offers the repository\'s folders, one level at a time', async () => {
  const rel = 'clusters/prod/flux-system/apps.yaml';
  assert.deepEqual((await completeAt(rel, ks('apps').replace('path: ./apps', 'path: §'))).sort(), ['./clusters/', './infrastructure/']);
  assert.deepEqual(await completeAt(rel, ks('apps').replace('path: ./apps', 'path: ./clusters/prod/a§')), ['./clusters/prod/apps/', './clusters/prod/flux-system/']);
});

test('a kustomization.yaml offers its folder\'s files and sub-folders for resources, components and patches', async () => {
  const rel = 'clusters/prod/apps/kustomization.yaml';
  assert.deepEqual((await completeAt(rel, 'resources:\n  - podinfo\n  - §\n')).sort(), ['podinfo/', 'redis/']);
  assert.deepEqual((await completeAt(rel, 'resources:\n  - podinfo/§\n')).sort(), ['podinfo/release.yaml', 'podinfo/values.yaml']);
  assert.deepEqual((await completeAt(rel, 'resources:\n  - ../flux-system/§\n')), ['../flux-system/apps.yaml']);
  assert.deepEqual((await completeAt(rel, 'patches:\n  - path: podinfo/v§\n')).sort(), ['podinfo/release.yaml', 'podinfo/values.yaml']);
});

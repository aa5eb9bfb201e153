import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinPath } from '../../../server/src/core/workspace/paths';

test('joinPath resolves relative paths the way kustomize reads them, on the fast path and off it', () => {
  const dir = 'file:///ws/clusters/prod';
  const cases: [string, string | undefined][] = [
    ['a.yaml', 'file:///ws/clusters/prod/a.yaml'],
    ['./apps/b', 'file:///ws/clusters/prod/apps/b'],
    ['apps/b/', 'file:///ws/clusters/prod/apps/b'],
    ['.', 'file:///ws/clusters/prod'],
    ['./', 'file:///ws/clusters/prod'],
    ['..', 'file:///ws/clusters'],
    ['../staging/x.yaml', 'file:///ws/clusters/staging/x.yaml'],
    ['./a/../b', 'file:///ws/clusters/prod/b'],
    ['a//b', 'file:///ws/clusters/prod/a/b'],
    ['...', 'file:///ws/clusters/prod/...'],
    ['a..b/c.yaml', 'file:///ws/clusters/prod/a..b/c.yaml'],
    ['../../../../x', 'file:///ws/x'.replace('/ws/x', '/x')],
    ['https://example.com/x.yaml', undefined],
    ['/abs/x.yaml', undefined],
    ['github.com/org/repo?ref=v1', undefined],
  ];
  for (const [rel, want] of cases) assert.equal(joinPath(dir, rel), want, rel);
});

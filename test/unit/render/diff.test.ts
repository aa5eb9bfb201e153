import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { diffRenders, unifiedDiff } from '../../../server/src/core/render/diff';
import type { RenderedObject } from '../../../server/src/core/render/types';

/** Applies a unified diff to a text, hunk by hunk, checking every context and removed line. */
function apply(a: string, diff: string): string {
  const lines = a ? a.replace(/\n$/, '').split('\n') : [];
  const out: string[] = [];
  let at = 0;
  for (const hunk of diff.split(/^@@ /m).slice(1)) {
    const [head, ...body] = hunk.replace(/\n$/, '').split('\n');
    const start = Number(/^-(\d+)/.exec(head)![1]);
    const from = lines.length && start > 0 ? start - 1 : start;
    while (at < from) out.push(lines[at++]);
    for (const l of body) {
      if (l[0] === '+') out.push(l.slice(1));
      else {
        assert.equal(lines[at], l.slice(1), `line ${at} of the old text`);
        if (l[0] === ' ') out.push(lines[at]);
        at++;
      }
    }
  }
  while (at < lines.length) out.push(lines[at++]);
  return out.length ? `${out.join('\n')}\n` : '';
}

const changed = (diff: string) => diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;

test('unified diff: applying it gives the new text, and it is as short as GNU diff\'s', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'diff-'));
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 60; round++) {
    const a = Array.from({ length: rand(40) }, () => `line ${rand(8)}`);
    const b = a.filter(() => rand(4) > 0).flatMap((l) => (rand(5) === 0 ? [l, `new ${rand(8)}`] : [l]));
    const ta = a.length ? `${a.join('\n')}\n` : '';
    const tb = b.length ? `${b.join('\n')}\n` : '';
    const ours = unifiedDiff(ta, tb, 'a', 'b');
    assert.equal(apply(ta, ours), tb, `round ${round}`);
    writeFileSync(path.join(dir, 'a'), ta);
    writeFileSync(path.join(dir, 'b'), tb);
    const gnu = spawnSync('diff', ['-u', path.join(dir, 'a'), path.join(dir, 'b')], { encoding: 'utf8' }).stdout;
    assert.equal(changed(ours), changed(gnu), `round ${round}: minimal like diff -u`);
    if (ta === tb) assert.equal(ours, '');
  }
});

const obj = (kind: string, name: string, data: Record<string, string>): RenderedObject => ({
  apiVersion: 'v1', kind, name, namespace: 'web', object: { apiVersion: 'v1', kind, metadata: { name, namespace: 'web' }, data },
});

test('render diff: added, removed and changed objects by identity, unchanged ones left out', () => {
  const before = { objects: [obj('ConfigMap', 'a', { x: '1' }), obj('ConfigMap', 'b', { x: '1' }), obj('ConfigMap', 'same', { x: '1' })], millis: 0 };
  const after = { objects: [obj('ConfigMap', 'a', { x: '2' }), obj('ConfigMap', 'c', { x: '1' }), obj('ConfigMap', 'same', { x: '1' })], millis: 0 };
  const d = diffRenders(before, after);
  assert.deepEqual(d.changes.map((c) => `${c.change} ${c.id}`), ['changed core/ConfigMap web/a', 'removed core/ConfigMap web/b', 'added core/ConfigMap web/c']);
  assert.match(d.changes[0].diff, /^-  x: "1"$/m);
  assert.match(d.changes[0].diff, /^\+  x: "2"$/m);
  assert.match(diffRenders(before, { objects: [], error: { message: 'boom' }, millis: 0 }).error ?? '', /boom/);
});

// One big parse at a time across the worker threads (server/src/node/bigTexts.ts): the lock's states as a worker
// sees them. The waiting itself is Atomics.wait on the same cell.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BIG_TEXT, bigTextLock, withBigText } from '../../../server/src/node/bigTexts';

const held = (lock: SharedArrayBuffer) => Atomics.load(new Int32Array(lock), 0) === 1;

test('a big text holds the lock while it is parsed, and frees it after, even when the parse throws', () => {
  const lock = new SharedArrayBuffer(4);
  assert.equal(withBigText(lock, BIG_TEXT, () => held(lock)), true);
  assert.equal(held(lock), false);
  assert.throws(() => withBigText(lock, BIG_TEXT, () => { throw new Error('parse failed'); }), /parse failed/);
  assert.equal(held(lock), false, 'a failed parse must not keep the other workers waiting');
});

test('a small text never waits, even while a big one is parsed elsewhere', () => {
  const lock = new SharedArrayBuffer(4);
  Atomics.store(new Int32Array(lock), 0, 1);
  const started = Date.now();
  assert.equal(withBigText(lock, BIG_TEXT - 1, () => 'parsed'), 'parsed');
  assert.ok(Date.now() - started < 100);
  assert.equal(held(lock), true, 'the other worker\'s hold is left alone');
});

test('every worker of the process gets the same lock', () => {
  assert.equal(bigTextLock(), bigTextLock());
});

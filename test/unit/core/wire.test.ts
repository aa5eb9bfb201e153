// The server's reader: large bodies parsed in the worker (the bundled one), small ones here, all delivered in the
// order they came; bad JSON is an error of the reader and the next message still comes.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { BIG_MESSAGE_BYTES, wireReader } from '../../../server/src/node/wire';
import { takeTextHash } from '../../../server/src/node/textHashes';
import { textHash } from '../../../server/src/core/text';

/** The worker from its TypeScript source (the unit tier has no bundle): a shim that loads it through tsx. */
function workerScript(): string {
  const shim = path.join(mkdtempSync(path.join(tmpdir(), 'wire-')), 'wireWorker.js');
  writeFileSync(shim, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(__dirname, '../../../server/src/node/wireWorker.ts'))});\n`);
  return shim;
}
const frame = (body: string) => Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);

test('a large message and the small ones after it come in order, the large one parsed in the worker', async () => {
  const input = new PassThrough();
  const reader = wireReader(input, workerScript(), () => undefined);
  const got: unknown[] = [];
  const errors: string[] = [];
  reader.onError((e) => errors.push(e.message));
  // The worker does not hold the process open (the server's stdin does): this test's loop is held until the end.
  const hold = setInterval(() => undefined, 100);
  const done = new Promise<void>((resolve) => reader.listen((m) => (got.push(m), got.length === 4 && resolve())));
  const text = 'é'.repeat(BIG_MESSAGE_BYTES);
  input.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'big', params: { text } })));
  input.write(frame('{"jsonrpc":"2.0","method":"small","params":1}'));
  input.write(frame('{"jsonrpc":"2.0","method":"broken"'));
  input.write(frame('{"jsonrpc":"2.0","id":7,"method":"after"}'));
  input.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'big2', params: { text: text.slice(1) } })));
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${got.length} messages; errors: ${errors.join("; ")}`)), 20_000).unref())]).finally(() => clearInterval(hold));
  reader.dispose();
  assert.deepEqual(got.map((m) => (m as { method: string }).method), ['big', 'small', 'after', 'big2']);
  assert.equal((got[0] as { params: { text: string } }).params.text, text);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /not JSON/);
});

test('the worker hashes the document text of a large didOpen or full didChange, so that the main thread does not', async () => {
  const input = new PassThrough();
  const reader = wireReader(input, workerScript(), () => undefined);
  const hold = setInterval(() => undefined, 100);
  const got: unknown[] = [];
  const done = new Promise<void>((resolve) => reader.listen((m) => (got.push(m), got.length === 3 && resolve())));
  const text = `data:\n${'  key: value\n'.repeat(BIG_MESSAGE_BYTES / 8)}`;
  const uri = 'file:///big.yaml';
  input.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } })));
  input.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}# more\n` }] } })));
  input.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: text }] } })));
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${got.length} messages`)), 20_000).unref())]).finally(() => clearInterval(hold));
  reader.dispose();
  assert.equal(takeTextHash(uri, 1), textHash(text));
  assert.equal(takeTextHash(uri, 2), textHash(`${text}# more\n`));
  assert.equal(takeTextHash(uri, 1), undefined, 'each is taken once');
  assert.equal(takeTextHash(uri, 3), undefined, 'an edit of a range is not the document text');
});

test('the end of the input says so once', async () => {
  const input = new PassThrough();
  let closed = 0;
  wireReader(input, undefined, () => closed++).listen(() => undefined);
  input.end();
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(closed >= 1);
});

// The wire worker's framing of LSP messages: whole messages out of chunks cut anywhere, several in one chunk,
// multi-byte text counted in bytes, and a stream that is not LSP said once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameReader } from '../../../server/src/node/frames';

const frame = (body: string, extra = '') => Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);

function reader() {
  const bodies: string[] = [];
  const problems: string[] = [];
  return { bodies, problems, r: new FrameReader((b) => bodies.push(b.toString('utf8')), (p) => problems.push(p)) };
}

test('messages come out whole whatever the chunks, several per chunk or one across many', () => {
  const messages = ['{"a":1}', `{"text":"${'é😀x'.repeat(50_000)}"}`, '{}', '{"b":[1,2,3]}'];
  const stream = Buffer.concat(messages.map((m, i) => frame(m, i === 2 ? 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' : '')));
  for (const size of [1, 7, 64, 4096, stream.length]) {
    const { bodies, problems, r } = reader();
    for (let i = 0; i < stream.length; i += size) r.push(stream.subarray(i, i + size));
    assert.deepEqual(bodies, messages, `chunks of ${size} bytes`);
    assert.deepEqual(problems, []);
  }
});

test('a body is not handed out before its last byte arrives', () => {
  const { bodies, r } = reader();
  const whole = frame('{"x":"yz"}');
  r.push(whole.subarray(0, whole.length - 1));
  assert.deepEqual(bodies, []);
  r.push(whole.subarray(whole.length - 1));
  assert.deepEqual(bodies, ['{"x":"yz"}']);
});

test('a stream without Content-Length, or with endless headers, is said once and then ignored', () => {
  const bad = reader();
  bad.r.push(Buffer.from('Content-Type: x\r\n\r\n{}'));
  bad.r.push(frame('{}'));
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0], /without a valid Content-Length/);
  assert.deepEqual(bad.bodies, []);
  const endless = reader();
  endless.r.push(Buffer.alloc(10_000, 'a'));
  assert.match(endless.problems[0] ?? '', /header block over/);
});

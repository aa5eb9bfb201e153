// Bounded work on hostile input: size in bytes, documents, items, depth, alias bombs, long lists and the
// number of problems per file. Each case gets one clear diagnostic that names its limit, never a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scalar, YAMLMap, YAMLSeq, parseDocument } from 'yaml';
import { aliasExpansion } from '../../../server/src/core/yaml/aliases';
import { duplicateKeys } from '../../../server/src/core/yaml/duplicateKeys';
import { DEFAULT_LIMITS, measure, refusal, utf8Length } from '../../../server/src/core/yaml/limits';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { openDoc } from '../helpers';
import { KUSTOMIZATION } from './fixtures';

test('utf8Length counts bytes, not UTF-16 units, and stops early when asked', () => {
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é€'), 5);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length('€'.repeat(1000), 10), 11);
});

test('a file over the byte limit in UTF-8 (but not in characters) is refused with one diagnostic', () => {
  const text = `a: "${'€'.repeat(400)}"\n`; // 406 characters, 1,206 bytes.
  const file = parseFile('file:///x.yaml', 0, text, { maxBytes: 1024 });
  assert.equal(file.docs.length, 0);
  assert.deepEqual(file.fileProblems.map((p) => p.code), ['file-too-large']);
  assert.match(file.fileProblems[0].message, /1 KiB|0\.0 MiB|more than|UTF-8/);
  assert.equal(parseFile('file:///x.yaml', 0, text, { maxBytes: 2048 }).fileProblems.length, 0);
});

test('measure counts documents, items and flow depth, ignoring quotes and comments', () => {
  assert.deepEqual(measure('a: 1\n---\nb: [1, [2, 3]]\n'), { documents: 2, items: 6, depth: 2 });
  assert.equal(measure('a: "[[[["\nb: \'{{{\'\nc: 1 # [[[[\n').depth, 0);
  // A stray bracket in a plain scalar does not carry over to the next top-level key.
  assert.equal(measure('a: x[\nb: y[\nc: z[\n').depth, 1);
});

test('too many documents, too many items and too deep nesting each give one diagnostic naming the limit', () => {
  const docs = refusal(Array(11).fill('a: 1\n').join('---\n'), { maxBytes: 1e6, maxDocuments: 10 });
  assert.equal(docs?.code, 'file-too-large');
  assert.match(docs!.message, /11 YAML documents, more than the 10/);
  const items = refusal(`a: [${Array(100).fill('x').join(', ')}]\n`, { maxBytes: 1e6, maxItems: 50 });
  assert.match(items!.message, /more than the 50 analysed/);
  const deep = parseFile('file:///x.yaml', 0, '['.repeat(100_000));
  assert.deepEqual(deep.fileProblems.map((p) => [p.code, p.severity]), [['unparsable-file', 'error']]);
  assert.match(deep.fileProblems[0].message, /100,000 levels deep, more than the 256/);
});

test('duplicateKeys walks a list of 500,000 items without overflowing the stack', () => {
  const seq = new YAMLSeq();
  for (let i = 0; i < 500_000; i++) seq.items.push(new Scalar(i));
  const root = new YAMLMap();
  root.set(new Scalar('k'), seq);
  assert.deepEqual(duplicateKeys(seq), []);
  assert.deepEqual(duplicateKeys(root as never), []);
});

test('an alias bomb gets one warning on its first alias; ordinary aliases none', () => {
  let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) bomb += `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]\n`;
  const problem = aliasExpansion(parseDocument(bomb).contents as never);
  assert.equal(problem?.code, 'alias-limit');
  assert.match(problem!.message, /more than 100,000 nodes/);
  assert.equal(bomb.slice(problem!.start, problem!.end), '*a');
  assert.equal(aliasExpansion(parseDocument('a: &x {b: 1}\nc: *x\nd: *x\n').contents as never), undefined);
});

test('the alias bomb warning reaches the diagnostics of a ConfigMap', async () => {
  let bomb = 'data0: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) bomb += `data${i}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]\n`;
  const { service, uri } = await openDoc(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nfoo:\n  ${bomb.trim().split('\n').join('\n  ')}\n`);
  assert.equal(service.diagnostics(uri).filter((d) => d.code === 'alias-limit').length, 1);
});

test('a file with thousands of problems shows the first 1,000 and says so once', async () => {
  const items = Array.from({ length: 3000 }, (_, i) => `    - {name: n${i}, notAField: 1}`).join('\n');
  const text = `${KUSTOMIZATION}  dependsOn:\n${items}\n`;
  const { service, uri } = await openDoc(text);
  const diags = service.diagnostics(uri);
  assert.equal(diags.length, 1001);
  assert.equal(diags.filter((d) => d.code === 'too-many-problems').length, 1);
  assert.match(String(diags[1000].message), /more problems than the 1,000 shown/);
});

test('the default item limit: a 150,000-entry flow list is refused, a 90,000-line manifest is analysed', () => {
  // Parsing costs 1.3-2 KB of heap per item: 200,000 items took a worker past 350 MiB (a fuzz batch of several
  // such files took the server to 724 MiB while indexing); 100,000 still covers the largest CRD bundles (60-70k lines).
  const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [${Array.from({ length: 150_000 }, (_, i) => `a${i}`).join(', ')}]\n`;
  assert.equal(refusal(flow, { maxBytes: DEFAULT_LIMITS.maxBytes })?.code, 'file-too-large');
  const block = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n${Array.from({ length: 90_000 }, (_, i) => `  k${i}: v${i}`).join('\n')}\n`;
  assert.equal(refusal(block, { maxBytes: DEFAULT_LIMITS.maxBytes }), undefined);
});

test('a thousand copies of one object carry a bounded number of related locations, each at least one', async () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n  namespace: a\ndata:\n  k: v\n';
  const { service, uri } = await openDoc(Array(1200).fill(doc).join('---\n'));
  const dups = service.diagnostics(uri).filter((d) => d.code === 'duplicate-object');
  assert.equal(dups.length, 1000);
  const related = dups.map((d) => d.relatedInformation?.length ?? 0);
  assert.ok(related.every((n) => n >= 1), 'every duplicate still points at another copy');
  assert.equal(related[0], 20, 'the first diagnostics keep their whole list');
  assert.ok(related.reduce((a, b) => a + b, 0) <= 400 + 1000, `related locations in all: ${related.reduce((a, b) => a + b, 0)}`);
  assert.ok(JSON.stringify(dups).length < 700_000, `${JSON.stringify(dups).length} characters to send`);
  assert.match(String(dups[999].message), /defined again in the same build .* and 1194 more\)/);
});

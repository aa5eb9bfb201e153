import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { yaml } from '../helpers';

test('each document of a multi-document file gets its own identity', () => {
  const file = parseFile('file:///a.yaml', 1, yaml`
    apiVersion: v1
    kind: Namespace
    metadata:
      name: apps
    ---
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: GitRepository
    metadata:
      name: repo
      namespace: flux-system
  `);
  assert.equal(file.docs.length, 2);
  assert.deepEqual(file.docs[0].identity, { apiVersion: 'v1', kind: 'Namespace', name: 'apps', namespace: undefined });
  assert.deepEqual(file.docs[1].identity, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: 'repo', namespace: 'flux-system' });
});

test('a syntax error is reported with its position, and the other documents still parse', () => {
  const text = 'kind: A\nmetadata: {name: x\n---\napiVersion: v1\nkind: ConfigMap\n';
  const file = parseFile('file:///a.yaml', 1, text);
  assert.ok(file.docs[0].problems.some((p) => p.severity === 'error' && p.code.startsWith('yaml-')));
  assert.equal(file.docs[1].identity.kind, 'ConfigMap');
});

test('custom tags cause no problem', () => {
  const file = parseFile('file:///a.yaml', 1, 'key: !reference [a, b]\nother: !vault secret/x\n');
  assert.deepEqual(file.docs[0].problems, []);
});

test('binary and oversized files are refused with a clear message', () => {
  const binary = parseFile('file:///b.yaml', 1, 'a: 1\u0000\u0001');
  assert.equal(binary.fileProblems[0].code, 'binary-file');
  const big = parseFile('file:///c.yaml', 1, 'a: 1\n'.repeat(100), { maxBytes: 50 });
  assert.equal(big.fileProblems[0].code, 'file-too-large');
  assert.match(big.fileProblems[0].message, /not analysed/);
});

test('deep nesting does not crash the parser', () => {
  const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
  const file = parseFile('file:///d.yaml', 1, deep);
  assert.ok(file.fileProblems.length > 0 || file.docs.length === 1);
});

test('an alias bomb parses quickly because nothing is expanded', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 30; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  text += 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n';
  const started = Date.now();
  const file = parseFile('file:///bomb.yaml', 1, text);
  assert.equal(file.docs[0].identity.name, 'bomb');
  assert.ok(Date.now() - started < 2000);
});

test('a 50,000-line file parses', () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  key: value\n';
  const text = Array.from({ length: 50000 / 6 }, () => doc).join('---\n');
  const file = parseFile('file:///big.yaml', 1, text);
  assert.ok(file.docs.length > 8000);
  assert.ok(file.docs.every((d) => d.identity.kind === 'ConfigMap'));
});

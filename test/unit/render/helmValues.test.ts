// HelmRelease values merged as helm-controller merges them, and the release's name and namespace as it derives
// them: pure logic, no chart and no WebAssembly.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parse } from 'yaml';
import { releaseIdentity, shortenName } from '../../../server/src/core/render/helmNames';
import { mergeMaps, mergeReleaseValues, pathKeys, typedValue, type ValuesSource } from '../../../server/src/core/render/helmValues';
import { sha256Hex } from '../../../server/src/core/render/sha256';

const doc = (text: string): ValuesSource => ({ kind: 'data', text, parse });
const at = (targetPath: string, text: string, literal = false): ValuesSource => ({ kind: 'data', text, targetPath, literal, parse });

test('maps merge key by key; lists and scalars replace', () => {
  assert.deepEqual(mergeMaps({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 2 }, d: { x: 1 } }), { a: { b: 1, c: [3], e: 2 }, d: { x: 1 } });
});

test('valuesFrom documents merge in order, then spec.values over them', () => {
  const merged = mergeReleaseValues([doc('a: 1\nb: {c: 1, d: 1}\n'), doc('b: {c: 2}\n')], { b: { d: 3 }, e: true });
  assert.deepEqual(merged.values, { a: 1, b: { c: 2, d: 3 }, e: true });
  assert.deepEqual(merged.notes, []);
});

test('a targetPath puts one value, typed as helm --set types it, and spec.values still wins where it sets the same key', () => {
  const merged = mergeReleaseValues([at('image.tag', 'v1.2.3'), at('replicas', '3'), at('flags.on', 'true'), at('zip', '0755'), at('name', '"42"')], { replicas: 5 });
  assert.deepEqual(merged.values, { image: { tag: 'v1.2.3' }, replicas: 5, flags: { on: true }, zip: '0755', name: '42' });
});

test('a literal targetPath value stays text; a path with escaped dots and list indexes is followed', () => {
  const merged = mergeReleaseValues([at('ingress.annotations.kubernetes\\.io/ingress\\.class', 'nginx'), at('hosts[1].name', 'b', true), at('count', '7', true)], {});
  assert.deepEqual(merged.values, { ingress: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }, hosts: [null, { name: 'b' }], count: '7' });
});

test('a Secret or a ConfigMap the repository does not hold is unknown, and said so', () => {
  const merged = mergeReleaseValues([{ kind: 'unknown', why: 'the values of Secret s (key values.yaml) are unknown here: Secrets are never read' }, doc('a: 1\n')], {});
  assert.deepEqual(merged.values, { a: 1 });
  assert.match(merged.notes[0], /Secrets are never read/);
});

test('a valuesFrom document that is not a mapping is noted, not merged', () => {
  const merged = mergeReleaseValues([doc('- 1\n- 2\n'), doc('a: [\n')], { b: 1 });
  assert.deepEqual(merged.values, { b: 1 });
  assert.equal(merged.notes.length, 2);
});

test('typed values and path keys follow helm strvals', () => {
  assert.deepEqual(['TRUE', 'false', 'null', '0', '12', '-3', '012', '1.5', 'x'].map((v) => typedValue(v, false)), [true, false, null, 0, 12, -3, '012', '1.5', 'x']);
  assert.equal(typedValue('true', true), 'true');
  assert.deepEqual(pathKeys('a.b\\.c[2].d'), ['a', 'b.c', 2, 'd']);
  assert.equal(pathKeys('a[x]'), undefined);
});

test('the release name: releaseName, else targetNamespace-name, else the name; the namespace: targetNamespace, else its own', () => {
  assert.deepEqual(releaseIdentity('podinfo', 'apps', {}), { name: 'podinfo', namespace: 'apps' });
  assert.deepEqual(releaseIdentity('podinfo', 'flux-system', { targetNamespace: 'web' }), { name: 'web-podinfo', namespace: 'web' });
  assert.deepEqual(releaseIdentity('podinfo', 'flux-system', { targetNamespace: 'web', releaseName: 'pi' }), { name: 'pi', namespace: 'web' });
});

test('a name over 53 characters is shortened with its sha256 as helm-controller v1.6.4 does (its own test cases)', () => {
  assert.equal(shortenName('release-name'), 'release-name');
  assert.equal(shortenName('release-name-with-very-long-name-which-is-longer-than-53-characters'), 'release-name-with-very-long-name-which-i-788ca0d0d7b0');
  assert.equal(shortenName('another-release-name-with-very-long-name-which-is-longer-than-53-characters'), 'another-release-name-with-very-long-name-7e72150d5a36');
  assert.equal(shortenName(''), '');
});

test('the core sha256 equals node\'s on inputs across block boundaries', () => {
  for (const text of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é'.repeat(100)]) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'), `length ${text.length}`);
  }
});

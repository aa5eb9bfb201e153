// The pure parts of chart resolution: the tar reader, the JSON Schema conversion, values.yaml's documentation,
// version choice and a repository's index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadChart } from '../../../server/src/core/charts/chart';
import { convertJsonSchema } from '../../../server/src/core/charts/jsonSchema';
import { chooseEntry } from '../../../server/src/core/charts/repoIndex';
import { readTar, TarError } from '../../../server/src/core/charts/tar';
import { valuesDoc } from '../../../server/src/core/charts/valuesDoc';
import { newestMatching } from '../../../server/src/core/charts/versions';
import { chartTgz, chartYaml, tar, VALUES_SCHEMA, VALUES_YAML } from './helpers';

const all = () => true;

describe('tar reader', () => {
  it('reads the files of a real archive, with long names through pax headers', () => {
    const long = `chart/${'deep/'.repeat(30)}values.yaml`;
    const files = readTar(tar({ 'chart/Chart.yaml': 'name: a\n', [long]: 'x: 1\n', './chart/values.yaml': 'y: 2\n' }), all);
    assert.equal(Buffer.from(files.get('chart/Chart.yaml')!).toString(), 'name: a\n');
    assert.equal(Buffer.from(files.get(long)!).toString(), 'x: 1\n');
    assert.equal(Buffer.from(files.get('chart/values.yaml')!).toString(), 'y: 2\n');
  });

  it('keeps only the wanted files and reads a packed chart', () => {
    const files = readTar(gunzipSync(chartTgz('podinfo', '6.5.0')), (p) => p.endsWith('values.yaml'));
    assert.deepEqual([...files.keys()], ['podinfo/values.yaml']);
  });

  it('refuses a bad checksum, a truncated archive, too many entries and too large a file', () => {
    const good = tar({ 'a/b.txt': 'hello' });
    const bad = Buffer.from(good);
    bad[0] = 'z'.charCodeAt(0);
    assert.throws(() => readTar(bad, all), /checksum/);
    assert.throws(() => readTar(tar({ 'a/c.txt': 'hello'.repeat(200) }).subarray(0, 600), all), /truncated/);
    const many = tar(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'])));
    assert.throws(() => readTar(many, all, { maxEntries: 10, maxFileBytes: 100 }), (e) => e instanceof TarError && /more than 10 entries/.test(e.message));
    assert.throws(() => readTar(tar({ big: 'x'.repeat(200) }), all, { maxEntries: 10, maxFileBytes: 100 }), /larger than 100 bytes/);
  });
});

describe('values.schema.json conversion', () => {
  it('inlines local $refs, keeps JSON Schema\'s open objects open and closes additionalProperties: false', () => {
    const { schema, notes } = convertJsonSchema(JSON.parse(VALUES_SCHEMA));
    assert.deepEqual(notes, []);
    assert.equal(schema.additionalProperties, true);
    assert.equal(schema.properties!.service.properties!.port.maximum, 65535);
    assert.equal(schema.properties!.image.additionalProperties, undefined);
    assert.deepEqual(schema.properties!.image.properties!.pullPolicy.enum, ['Always', 'IfNotPresent', 'Never']);
  });

  it('bounds recursive and huge schemas, and drops what it cannot follow', () => {
    const recursive = convertJsonSchema({ definitions: { n: { type: 'object', properties: { next: { $ref: '#/definitions/n' } } } }, $ref: '#/definitions/n' });
    assert.deepEqual(recursive.schema.properties!.next, {});
    const remote = convertJsonSchema({ properties: { a: { $ref: 'https://example.com/s.json' } } });
    assert.match(remote.notes[0], /not a local reference/);
    const huge = convertJsonSchema({ properties: Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, { type: 'string' }])) });
    assert.match(huge.notes[0], /larger than 20000 nodes/);
    const nullable = convertJsonSchema({ type: ['string', 'null'], anyOf: [{ type: 'string' }] });
    assert.equal(nullable.schema.type, undefined);
    assert.equal(nullable.schema.nullable, true);
  });
});

describe('values.yaml documentation', () => {
  it('reads each key\'s comment (helm-docs markers removed, the file header left out), type and default', () => {
    const { schema } = valuesDoc(VALUES_YAML);
    assert.equal(schema.properties!.replicaCount.description, 'Number of pods to run');
    assert.equal(schema.properties!.replicaCount.type, 'integer');
    assert.equal(schema.properties!.image.properties!.repository.description, 'The image repository');
    assert.equal(schema.properties!.image.description, undefined);
    assert.equal(schema.properties!.image.properties!.pullPolicy.description, 'Pull policy of the image');
    assert.equal(schema.properties!.image.properties!.pullPolicy.default, 'IfNotPresent');
    assert.deepEqual(schema.properties!.podAnnotations.properties, {});
  });

  it('documents the schema\'s nodes with values.yaml and reports what it could not read', () => {
    const chart = loadChart({ 'Chart.yaml': chartYaml('podinfo', '6.5.0'), 'values.yaml': VALUES_YAML, 'values.schema.json': VALUES_SCHEMA }, 'test');
    assert.equal(chart.doc.properties!.replicaCount.description, 'Number of pods to run');
    assert.equal(chart.doc.properties!.replicaCount.minimum, 0);
    assert.ok(chart.doc.properties!.ui, 'a values.yaml key the open schema does not name is still offered');
    const broken = loadChart({ 'Chart.yaml': 'name: x\ndependencies: [{ name: redis }, { name: pg, alias: db }]\n', 'values.schema.json': '{ nope' }, 'test');
    assert.match(broken.notes[0], /not valid JSON/);
    assert.equal(broken.schema, undefined);
    assert.deepEqual([...broken.passThrough], ['global', 'redis', 'db']);
    const huge = loadChart({ 'Chart.yaml': chartYaml('x', '1.0.0'), 'values.yaml': `a: ${'x'.repeat(1024 * 1024)}\n` }, 'test');
    assert.match(huge.notes[0], /values\.yaml is larger than 1 MiB/);
    assert.deepEqual(huge.values, {});
  });
});

describe('versions and repository indexes', () => {
  it('chooses the newest version a range admits, prereleases only when named', () => {
    const versions = ['6.4.0', '6.5.0', '6.5.1-rc.1', '7.0.0', 'v6.5.2'];
    assert.equal(newestMatching(versions, '6.x'), 'v6.5.2');
    assert.equal(newestMatching(versions, '>=6.0.0 <6.5.0'), '6.4.0');
    assert.equal(newestMatching(versions, '*'), '7.0.0');
    assert.equal(newestMatching(versions, '6.5.1-rc.1'), '6.5.1-rc.1');
    assert.equal(newestMatching(versions, '8.x'), undefined);
  });

  it('resolves a relative URL against the repository and says why nothing matches', () => {
    const index = JSON.stringify({ entries: { podinfo: [{ version: '6.5.0', urls: ['charts/podinfo-6.5.0.tgz'], digest: 'abc' }] } });
    assert.deepEqual(chooseEntry(index, 'https://charts.example.com/sub/', 'podinfo', '6.x'), { version: '6.5.0', url: 'https://charts.example.com/sub/charts/podinfo-6.5.0.tgz', digest: 'abc' });
    assert.match((chooseEntry(index, 'https://x', 'podinfo', '9.x') as { error: string }).error, /no version of "podinfo" matches `9.x` \(the repository has 6.5.0\)/);
    assert.match((chooseEntry(index, 'https://x', 'nginx', '*') as { error: string }).error, /no chart "nginx"/);
  });
});

// A values.schema.json violation is said once: helm's render-failed drops what the values check already reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { dropRepeatedSchemaFailures, violationsOf } from '../../../server/src/core/render/helmSchemaFailure';

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const d = (code: string, message: string, line = 0): Diagnostic => ({ range: range(line), code, message, severity: 1 });
const HELM = "helm cannot render HelmRelease web: values don't meet the specifications of the schema(s) in the following chart(s): demo: - at '/replicaCount': minimum: got 0, want 1 - at '/service/port': maximum: got 70000, want 65535 cache: - at '/port': got string, want integer";
const checked = (where: string, what: string) => d('minimum', `spec.values.${where} ${what} (values.schema.json of the chart demo 1.2.3)`, 5);

test("helm's violations are read with their pointers; a sub-chart's go under its name", () => {
  assert.deepEqual(violationsOf(HELM), [
    { pointer: '/replicaCount', text: 'minimum: got 0, want 1' },
    { pointer: '/service/port', text: 'maximum: got 70000, want 65535' },
    { pointer: '/cache/port', text: 'got string, want integer' },
  ]);
});

test('a render failure that is only violations the values check reports is dropped', () => {
  const found = [checked('replicaCount', 'must be at least 1.'), checked('service.port', 'must be at most 65535.'), checked('cache.port', 'should be an integer.'), d('render-failed', HELM, 9)];
  assert.deepEqual(dropRepeatedSchemaFailures(found).map((x) => x.code), ['minimum', 'minimum', 'minimum']);
});

test('violations the values check does not report stay in the render failure, alone', () => {
  const found = [checked('replicaCount', 'must be at least 1.'), d('render-failed', HELM, 9)];
  const out = dropRepeatedSchemaFailures(found);
  assert.equal(out.length, 2);
  assert.equal(out[1].message, "helm cannot render HelmRelease web: values don't meet the specifications of the schema(s): at '/service/port': maximum: got 70000, want 65535; at '/cache/port': got string, want integer");
});

test('a key that only starts like the violated one does not count (replicaCountMax is not replicaCount)', () => {
  const found = [checked('replicaCountMax', 'must be at least 1.'), d('render-failed', "helm cannot render HelmRelease web: values don't meet the specifications of the schema(s) in the following chart(s): demo: - at '/replicaCount': minimum: got 0, want 1", 9)];
  assert.deepEqual(dropRepeatedSchemaFailures(found), found);
});

test('other render failures and root violations (a required key only the merge misses) are kept', () => {
  const template = d('render-failed', 'helm cannot render HelmRelease web: template: demo/templates/a.yaml:3:4: boom', 9);
  assert.deepEqual(dropRepeatedSchemaFailures([checked('replicaCount', 'x'), template]).length, 2);
  const root = d('render-failed', "helm cannot render HelmRelease web: values don't meet the specifications of the schema(s) in the following chart(s): demo: - at '': missing property 'service'", 9);
  assert.deepEqual(dropRepeatedSchemaFailures([checked('replicaCount', 'x'), root]).length, 2);
  const alone = [root];
  assert.equal(dropRepeatedSchemaFailures(alone), alone, 'nothing reported by the values check: nothing changes');
});

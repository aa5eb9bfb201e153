import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorContext } from '../../../server/src/core/yaml/cursor';
import { LineIndex } from '../../../server/src/core/yaml/lines';
import { caret, yaml } from '../helpers';

function at(fixture: string) {
  const { text, offset } = caret(fixture);
  const lines = new LineIndex(text);
  return cursorContext(lines, offset, 0, lines.lineCount - 1);
}

test('a key typed under spec has the path [spec]', () => {
  const ctx = at(yaml`
    kind: Kustomization
    spec:
      interval: 10m
      pr§
  `);
  assert.deepEqual(ctx?.path, ['spec']);
  assert.equal(ctx?.mode, 'key');
  assert.equal(ctx?.prefix, 'pr');
  assert.ok(ctx?.siblings.has('interval'));
});

test('a value after a colon is a value context for that key', () => {
  const ctx = at(yaml`
    spec:
      sourceRef:
        kind: Git§
  `);
  assert.deepEqual(ctx?.path, ['spec', 'sourceRef']);
  assert.equal(ctx?.mode, 'value');
  assert.equal(ctx?.key, 'kind');
  assert.equal(ctx?.prefix, 'Git');
});

test('keys inside a sequence item step through []', () => {
  const ctx = at(yaml`
    spec:
      dependsOn:
        - name: a
          §
  `);
  assert.deepEqual(ctx?.path, ['spec', 'dependsOn', '[]']);
  assert.ok(ctx?.siblings.has('name'));
});

test('a new sequence item at the parent indentation is inside the sequence', () => {
  const ctx = at(yaml`
    spec:
      containers:
      - name: a
      - §
  `);
  assert.deepEqual(ctx?.path, ['spec', 'containers', '[]']);
});

test('deeply nested item keys are found through dashes and keys', () => {
  const ctx = at(yaml`
    spec:
      template:
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 80
                  §
  `);
  assert.deepEqual(ctx?.path, ['spec', 'template', 'spec', 'containers', '[]', 'ports', '[]']);
});

test('a comment position gives no context', () => {
  assert.equal(at('spec:\n  # a comment §\n'), undefined);
});

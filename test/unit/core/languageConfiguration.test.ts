// Enter in a YAML file: the extension's language configuration (language-configuration/yaml.json). VS Code
// sets `editor.autoIndent: advanced` for YAML, where only onEnterRules move the cursor in, so the rules are
// replayed here the way the editor applies them: the first rule whose beforeText matches the text before the
// cursor decides; `indent` adds one level (2 spaces in YAML), `appendText` is added after the line's indentation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

interface OnEnterRule {
  beforeText: string;
  action: { indent: 'none' | 'indent' | 'outdent' | 'indentOutdent'; appendText?: string };
}

const ROOT = path.resolve(__dirname, '../../..');
const config = JSON.parse(readFileSync(path.join(ROOT, 'language-configuration/yaml.json'), 'utf8')) as { onEnterRules: OnEnterRule[]; indentationRules: { increaseIndentPattern: string } };
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { languages?: { id: string; configuration?: string }[]; snippets?: unknown } };

/** The column the cursor lands on after Enter at the end of `line`. */
function enter(line: string): number {
  const indent = /^\s*/.exec(line)![0].length;
  const rule = config.onEnterRules.find((r) => new RegExp(r.beforeText).test(line));
  if (!rule) return indent;
  const base = rule.action.indent === 'indent' ? indent + 2 : indent;
  return base + (rule.action.appendText ?? '').length;
}

test('the extension contributes the YAML language configuration, and no snippet file VS Code would show everywhere', () => {
  const yaml = manifest.contributes.languages?.find((l) => l.id === 'yaml');
  assert.equal(yaml?.configuration, './language-configuration/yaml.json');
  assert.equal(manifest.contributes.snippets, undefined);
});

test('Enter after a key that opens a block indents one level', () => {
  assert.equal(enter('spec:'), 2);
  assert.equal(enter('  sourceRef:'), 4);
  assert.equal(enter('  sourceRef:   # the fleet repository'), 4);
  assert.equal(enter('    "quoted key":'), 6);
  assert.equal(enter('  values: &defaults'), 4);
  assert.equal(enter('  script: |'), 4);
  assert.equal(enter('  script: >-'), 4);
  assert.equal(enter('app.kubernetes.io/name:'), 2);
});

test('Enter in a list item lines up with the item\'s keys, and goes one level in after an item\'s block key', () => {
  assert.equal(enter('  - name: podinfo'), 4);
  assert.equal(enter('  - url: https://gitea.example.com/org/repo.git'), 4);
  assert.equal(enter('  - sourceRef:'), 6);
  assert.equal(enter('- op: replace'), 2);
});

test('Enter after a value, a comment or a plain list item keeps the line\'s indentation', () => {
  assert.equal(enter('  interval: 10m'), 2);
  assert.equal(enter('  url: https://gitea.example.com/org/repo.git'), 2);
  assert.equal(enter('  # note: keep this'), 2);
  assert.equal(enter('  - ./apps'), 2);
  assert.equal(enter('  - "a: b"'), 2);
  assert.equal(enter('  name: x # y:'), 2);
  assert.equal(enter(''), 0);
});

test('the indentation rule (editor.autoIndent full) agrees on which lines open a block', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  for (const line of ['spec:', '  - sourceRef:', '  script: |', '  values: &defaults']) assert.ok(increase.test(line), line);
  for (const line of ['  interval: 10m', '  # note:', '  - ./apps', '  url: https://x']) assert.ok(!increase.test(line), line);
});

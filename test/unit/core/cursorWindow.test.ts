// A feature in a big document parses only the compact text of what its cursor needs (yaml/cursorWindow.ts): at
// every line of big documents (generated shapes and the largest documents of the corpora) the compact parse
// must give the same path to the node under the cursor and the same identity as the whole parse, and report
// positions of the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { nodeAt } from '../../../server/src/core/yaml/ast';
import { LineIndex } from '../../../server/src/core/yaml/lines';
import { docAt, parseFile, parseWindow, type ParsedFile } from '../../../server/src/core/yaml/parse';

const CORPORA = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpora');

function configMap(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  key-${i}: "value number ${i}"`);
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', '  namespace: apps', 'data:', ...data, ''].join('\n');
}

/** kubectl's style: sequence dashes at the column of their key; containers with env lists and a block scalar. */
function deployment(containers: number): string {
  const out = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  labels:', '    app: web', 'spec:', '  replicas: 2', '  template:', '    spec:', '      containers:'];
  for (let c = 0; c < containers; c++) {
    out.push(`      - name: c${c}`, `        image: nginx:1.${c}`, '        env:');
    for (let e = 0; e < 12; e++) out.push(`        - name: VAR_${e}`, `          value: "${e}"`);
    out.push('        args:', '          - --flag', '        command: |', '          echo one', '', '          echo two', '        # a comment', '        ports:', '          - containerPort: 80');
  }
  out.push('  selector:', '    matchLabels:', '      app: web', '');
  return out.join('\n');
}

function helmRelease(lines: number): string {
  const values = Array.from({ length: lines }, (_, i) => (i % 10 === 0 ? `      group${i}:` : `        item${i}: ${i}`));
  return ['---', 'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: app', '  namespace: apps', 'spec:', '  interval: 10m', '  chart:', '    spec:', '      chart: app', '  values:', '    nested:', ...values, '  install:', '    remediation:', '      retries: 3', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: apps', ''].join('\n');
}

/** Sequence indexes differ (the compact text drops items): the path compares by keys and `[]`. */
function shapeOf(file: ParsedFile, offset: number): string {
  const doc = docAt(file, offset);
  if (!doc) return 'no document';
  const hit = nodeAt(doc.root, offset);
  return `${JSON.stringify(doc.identity)} ${hit.path.map((s) => (typeof s === 'number' ? '[]' : s)).join('.')} onKey=${hit.onKey}`;
}

function compare(name: string, text: string, step = 1): number {
  const whole = parseFile('file:///w.yaml', 1, text);
  const lines = new LineIndex(text);
  let compared = 0;
  for (let line = 0; line < lines.lineCount; line += step) {
    const lineText = lines.lineText(line);
    const indent = lineText.length - lineText.trimStart().length;
    for (const character of new Set([indent, Math.min(lineText.length, indent + 2), lineText.length])) {
      const p = { line, character };
      const offset = lines.offsetAt(p);
      const window = parseWindow('file:///w.yaml', 1, text, lines, offset, 128 * 1024);
      assert.ok(window, `${name}: a window at ${line}:${character}`);
      const at = window.lines.offsetAt(p);
      assert.deepEqual(window.lines.positionAt(at), lines.positionAt(offset), `${name}: positions map back at ${line}:${character}`);
      // On a blank or comment line the node under the cursor is a matter of where the parser ends a block: only
      // lines with content compare.
      if (lineText.trim() && !lineText.trim().startsWith('#')) assert.equal(shapeOf(window, at), shapeOf(whole, offset), `${name}: the node at ${line}:${character} (${JSON.stringify(lineText)})`);
      compared++;
    }
  }
  return compared;
}

test('a big document is parsed around the cursor as a compact text, which finds what the whole parse finds', () => {
  for (const [name, text] of [['ConfigMap of 3,000 keys', configMap(3000)], ['Deployment of 40 containers', deployment(40)], ['HelmRelease with 2,000 lines of values', helmRelease(2000)]] as const) {
    const window = parseWindow('file:///w.yaml', 1, text, new LineIndex(text), text.indexOf('key-1500') + 2, 128 * 1024) ?? parseWindow('file:///w.yaml', 1, text, new LineIndex(text), Math.floor(text.length / 2), 128 * 1024);
    assert.ok(window && window.text.length < text.length / 4, `${name}: the compact text is a fraction of the document (${window?.text.length} of ${text.length})`);
    assert.ok(compare(name, text, 11) > 250);
  }
});

test('the largest documents of the corpora: the compact parse finds what the whole parse finds at every line', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n) && statSync(p).size > 8 * 1024) files.push(p);
    }
  };
  walk(CORPORA);
  assert.ok(files.length >= 3, `the corpora hold documents over 8 KiB (${files.length})`);
  let compared = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    // Only files that parse cleanly compare: a broken one has no single truth to compare with.
    if (parseFile(f, 1, text).docs.some((d) => d.problems.some((p) => p.severity === 'error'))) continue;
    compared += compare(path.relative(CORPORA, f), text);
  }
  assert.ok(compared > 500, `compared ${compared} positions`);
});

test('a cursor line of megabytes is not parsed for a request', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n  list: [${Array.from({ length: 100_000 }, (_, i) => `item${i}`).join(', ')}]\n`;
  const lines = new LineIndex(text);
  assert.equal(parseWindow('file:///w.yaml', 1, text, lines, text.indexOf('item500'), 128 * 1024), undefined);
});

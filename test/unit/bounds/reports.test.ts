// Duplicate objects stay linear in the number of copies, and reports are written in chunks.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { jsonReport, sarifReport, textReport, writeReport, type FileResult } from '../../../server/src/node/report';
import { uriOf, workspace, yaml } from '../helpers';

const REPO = yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: GitRepository
  metadata:
    name: podinfo
    namespace: flux-system
  spec:
    interval: 1m
    url: https://github.com/stefanprodan/podinfo
    ref:
      branch: master
`;

test('N copies of one object: each copy lists a few others and says how many more', async () => {
  const copies = 1500;
  const text = Array(copies).fill(REPO).join('---\n');
  const service = await workspace({ 'many.yaml': text });
  service.closedDiagnostics(uriOf('many.yaml'), text);
  // The second time the local diagnostics come from the cache: what is timed is the cross-file checks.
  const started = performance.now();
  const diags = service.closedDiagnostics(uriOf('many.yaml'), text)!;
  const millis = performance.now() - started;
  const dups = diags.filter((d) => d.code === 'duplicate-object');
  assert.equal(dups.length, 1000 /* the per-file cap */);
  for (const d of dups) {
    assert.ok((d.relatedInformation ?? []).length <= 20, `${d.relatedInformation?.length} related entries`);
    assert.match(String(d.message), new RegExp(`and ${copies - 1 - 5} more`));
  }
  assert.match(dups[0].relatedInformation!.at(-1)!.message, new RegExp(`and ${copies - 1 - 20} more`));
  // Linear work: N×N comparisons of 1,500 copies took seconds; tens of ms are plenty, a second on a loaded machine.
  assert.ok(millis < 1000, `${millis.toFixed(0)} ms`);
});

const RESULTS: FileResult[] = [
  { path: 'a.yaml', uri: 'file:///w/a.yaml', diagnostics: [] },
  {
    path: 'b.yaml',
    uri: 'file:///w/b.yaml',
    diagnostics: [
      { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, severity: DiagnosticSeverity.Error, code: 'x', message: 'one "quoted"\nline' },
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, severity: DiagnosticSeverity.Warning, code: 'y', message: 'two',
        relatedInformation: [{ location: { uri: 'file:///w/a.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: 'there' }],
      },
    ] satisfies Diagnostic[],
  },
];

test('the JSON report is the same bytes as one JSON.stringify of the whole, in chunks', () => {
  const chunks = [...jsonReport(RESULTS)];
  assert.ok(chunks.length > 2);
  const whole = JSON.parse(chunks.join(''));
  assert.equal(chunks.join(''), `${JSON.stringify(whole, null, 2)}\n`);
  assert.equal(whole.files, 2);
  assert.deepEqual(whole.diagnostics.map((d: { code: string; related: unknown[] }) => [d.code, d.related.length]), [['x', 0], ['y', 1]]);
  assert.equal([...jsonReport([])].join(''), `${JSON.stringify({ files: 0, diagnostics: [] }, null, 2)}\n`);
});

test('the SARIF report parses, with one result per finding and the rules used', () => {
  const text = [...sarifReport(RESULTS, { flux: '2.9' })].join('');
  const sarif = JSON.parse(text);
  assert.equal(text, `${JSON.stringify(sarif, null, 2)}\n`);
  assert.deepEqual(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id), ['x', 'y']);
  assert.equal(sarif.runs[0].results.length, 2);
  assert.equal(sarif.runs[0].results[1].relatedLocations[0].message.text, 'there');
});

test('the text report ends with the summary line', () => {
  const text = [...textReport(RESULTS, false)].join('');
  assert.match(text, /^b\.yaml:2:3: error x one/);
  assert.match(text, /2 files checked: 1 errors, 1 warnings, 0 notes\.\n$/);
});

test('writeReport waits for drain when the stream asks it to', async () => {
  const written: string[] = [];
  const out = Object.assign(new EventEmitter(), {
    write(s: string) {
      written.push(s);
      setImmediate(() => out.emit('drain'));
      return false;
    },
  });
  const big = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}\n`);
  await writeReport(big, out as unknown as NodeJS.WritableStream);
  assert.ok(written.length > 1, 'written in several writes');
  assert.equal(written.join(''), big.join(''));
});

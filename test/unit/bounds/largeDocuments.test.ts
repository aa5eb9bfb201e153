// Large open documents in the server: checked by a worker (here a fake one that runs the same scan in this
// thread, one tick later), superseded versions dropped, features answered from the document at the cursor,
// and a burst of edits indexed once, when something reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../../server/src/core/logger';
import { scanText, type ScanItem, type ScanJob } from '../../../server/src/core/scan';
import { createLanguageService } from '../../../server/src/core/service';
import type { TextScanner } from '../../../server/src/core/textSync';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { LineIndex } from '../../../server/src/core/yaml/lines';
import { parseFile, parseWindow } from '../../../server/src/core/yaml/parse';
import { registry, uriOf } from '../helpers';
import { KUSTOMIZATION as BASE } from './fixtures';

const CONFIG_MAP = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: "${'v'.repeat(40)}"\n`;
/** The Kustomization with a field its schema does not have. */
const KUSTOMIZATION = BASE.replace('  prune: true\n', '  prune: true\n  notAField: 1\n');
/** About 150 KB: a few thousand ConfigMaps and one Kustomization in the middle. */
const LARGE = [...Array.from({ length: 800 }, (_, i) => CONFIG_MAP(i)), KUSTOMIZATION, ...Array.from({ length: 800 }, (_, i) => CONFIG_MAP(1000 + i))].join('---\n');

function fakeWorker(): { scanner: TextScanner; scanned: string[]; release: () => void } {
  const held: (() => void)[] = [];
  const scanned: string[] = [];
  const scanner: TextScanner = (uri, text, job: ScanJob) => new Promise<ScanItem>((resolve, reject) => {
    if (text === undefined) return reject(new Error('this test worker has no disk to read'));
    scanned.push(text);
    held.push(() => resolve(scanText(uri, text, job, registry())));
  });
  return { scanner, scanned, release: () => held.splice(0).forEach((f) => f()) };
}

/** A service with the fake worker, and the documents it has said are checked. */
function withWorker() {
  const worker = fakeWorker();
  const service = createLanguageService({ registry: registry(), host: memoryHost({}), logger: silentLogger, textScanner: worker.scanner });
  const checked: string[] = [];
  service.whenChecked((uri) => checked.push(uri));
  return { worker, service, checked, uri: uriOf('large.yaml') };
}

async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

test('parseWindow parses only the document at the offset, with the offsets of the whole text', () => {
  const text = `${CONFIG_MAP(1)}---\n${KUSTOMIZATION}---\n${CONFIG_MAP(2)}`;
  const offset = text.indexOf('prune');
  const window = parseWindow('file:///x.yaml', 1, text, new LineIndex(text), offset, 1 << 20)!;
  const whole = parseFile('file:///x.yaml', 1, text);
  assert.equal(window.docs.length, 1);
  assert.equal(window.docs[0].identity.kind, 'Kustomization');
  assert.deepEqual([window.docs[0].start, window.docs[0].end], [whole.docs[1].start, whole.docs[1].end]);
  assert.deepEqual(window.docs[0].root!.range, whole.docs[1].root!.range);
  assert.equal(parseWindow('file:///x.yaml', 1, text, new LineIndex(text), offset, 100), undefined, 'a document over the window is not parsed');
});

test('a large open document is checked by the worker, and published when it answers', async () => {
  const { worker, service, checked, uri } = withWorker();
  service.open(uri, 1, LARGE);
  assert.equal(service.checking(uri), true);
  assert.deepEqual(service.diagnostics(uri), [], 'nothing is computed on this thread meanwhile');
  worker.release();
  await settle();
  assert.deepEqual(checked, [uri]);
  assert.equal(service.checking(uri), false);
  const codes = service.diagnostics(uri).map((d) => d.code);
  assert.ok(codes.includes('unknown-field'), codes.join(', '));
  // The same diagnostics as a service that parses here.
  const plain = createLanguageService({ registry: registry(), host: memoryHost({}), logger: silentLogger });
  plain.open(uri, 1, LARGE);
  assert.deepEqual(service.diagnostics(uri), plain.diagnostics(uri));
  assert.ok(service.workspaceSymbols('cm-1799').length, 'the worker indexed the objects');
});

test('an answer for a superseded version is dropped and the latest text is scanned', async () => {
  const { worker, service, checked, uri } = withWorker();
  service.open(uri, 1, LARGE);
  assert.equal(service.checking(uri), true);
  const v2 = LARGE.replace('notAField: 1', 'prune: false');
  service.open(uri, 2, v2);
  assert.equal(service.checking(uri), true);
  assert.equal(worker.scanned.length, 1, 'one scan in flight at a time');
  worker.release();
  await settle();
  assert.deepEqual(checked, [], 'the answer for version 1 is not published');
  assert.equal(worker.scanned.length, 2);
  assert.equal(worker.scanned[1], v2);
  worker.release();
  await settle();
  assert.deepEqual(checked, [uri]);
  const codes = service.diagnostics(uri).map((d) => d.code);
  assert.ok(!codes.includes('unknown-field') && codes.includes('yaml-duplicate-key'), codes.join(', '));
});

test('completion and hover in a large document answer from the document at the cursor', async () => {
  const { service, uri } = withWorker();
  const text = LARGE.replace('  notAField: 1\n', '  \n');
  service.open(uri, 1, text);
  const lines = new LineIndex(text);
  const at = lines.positionAt(text.indexOf('  \n  sourceRef') + 2);
  const labels = service.completion(uri, at, { clientHasSnippets: true }).map((i) => i.label);
  assert.ok(labels.includes('path') && labels.includes('targetNamespace'), labels.join(', '));
  const hover = service.hover(uri, lines.positionAt(text.indexOf('prune: true') + 1));
  assert.match(JSON.stringify(hover), /[Pp]rune/);
  assert.equal(service.parsed(uri), undefined, 'the whole text is never parsed here');
});

test('a burst of edits is indexed once, from the last text, when something reads', async () => {
  const service = createLanguageService({ registry: registry(), host: memoryHost({}), logger: silentLogger });
  const uri = uriOf('small.yaml');
  for (let v = 1; v <= 1000; v++) service.open(uri, v, CONFIG_MAP(v));
  assert.deepEqual(service.workspaceSymbols('cm-').map((s) => s.name), ['cm-1000']);
});

test('a mid-sized open document (over 8 KiB) is checked and indexed by the worker, and parsed whole only on demand', async () => {
  const { worker, service, checked, uri } = withWorker();
  const text = [...Array.from({ length: 120 }, (_, i) => CONFIG_MAP(i)), KUSTOMIZATION].join('---\n');
  assert.ok(text.length > 8 * 1024 && text.length < 64 * 1024);
  service.open(uri, 1, text);
  assert.equal(service.checking(uri), true, 'the worker checks it');
  worker.release();
  await settle();
  assert.deepEqual(checked, [uri]);
  assert.ok(service.diagnostics(uri).some((d) => d.code === 'unknown-field'));
  assert.ok(service.workspaceSymbols('cm-119').length, 'the worker indexed the objects');
  // Completion parses the document at the cursor; a feature that needs the whole text still gets it.
  const at = new LineIndex(text).positionAt(text.indexOf('prune: true'));
  assert.ok(service.completion(uri, at, { clientHasSnippets: true }).some((i) => i.label === 'targetNamespace'));
  assert.equal(service.parsed(uri)?.docs.length, 121);
});

test('completion in a document of thousands of lines answers from the compact text of what the cursor needs', () => {
  const { service, uri } = withWorker();
  const values = Array.from({ length: 20_000 }, (_, i) => `      key${i}: value ${i}`).join('\n');
  const text = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: big\n  namespace: apps\nspec:\n  interval: 10m\n  values:\n    config:\n${values}\n  \n  chart:\n    spec:\n      chart: app\n`;
  assert.ok(text.length > 256 * 1024, 'one document larger than the window a large text had');
  service.open(uri, 1, text);
  const lines = new LineIndex(text);
  const at = lines.positionAt(text.indexOf('  \n  chart:') + 2);
  const items = service.completion(uri, at, { clientHasSnippets: true });
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('install') && labels.includes('releaseName'), labels.join(', '));
  assert.ok(!labels.includes('chart') && !labels.includes('values'), 'keys the document has are not offered again');
  const hover = service.hover(uri, lines.positionAt(text.indexOf('interval: 10m') + 1));
  assert.match(JSON.stringify(hover), /interval/i);
  assert.equal(service.parsed(uri), undefined, 'the whole text is never parsed here');
});

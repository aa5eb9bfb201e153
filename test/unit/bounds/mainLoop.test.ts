// Work that held up the server's main loop under the fuzz workload (`npm run fuzz`, seed 7): counted, not timed,
// so the tests fail on the quadratic shapes whatever the machine's load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { silentLogger } from '../../../server/src/core/logger';
import { modelOf } from '../../../server/src/core/refs/model';
import { resolveRef } from '../../../server/src/core/refs/resolve';
import { applyReleases } from '../../../server/src/core/render/helmChecks';
import { ReleaseStore } from '../../../server/src/core/render/helmScheduler';
import { scanText, type ScanItem } from '../../../server/src/core/scan';
import { createLanguageService } from '../../../server/src/core/service';
import type { TextScanner } from '../../../server/src/core/textSync';
import type { WorkspaceIndex } from '../../../server/src/core/workspace/index';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { Structure } from '../../../server/src/core/workspace/structure';
import { Publisher } from '../../../server/src/node/publisher';
import { registry, uriOf, workspace, yaml } from '../helpers';
import { KUSTOMIZATION } from './fixtures';

const COPIES = 1500;

const RELEASE = yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: HelmRepository
  metadata:
    name: charts
    namespace: apps
  spec:
    interval: 10m
    url: https://charts.example.com
  ---
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: app
    namespace: apps
  spec:
    interval: 10m
    chart:
      spec:
        chart: app
        sourceRef:
          kind: HelmRepository
          name: charts
`;

/** Counts the objects an index method hands out (what a caller then walks). */
function counting(index: WorkspaceIndex, method: 'objectsIn' | 'named'): { visited: () => number } {
  let visited = 0;
  const original = (index[method] as (...a: string[]) => Iterable<unknown> & { length?: number; size?: number }).bind(index);
  (index as unknown as Record<string, unknown>)[method] = (...args: string[]) => {
    const out = original(...args);
    visited += out.length ?? out.size ?? 0;
    return out;
  };
  return { visited: () => visited };
}

test('a file of many Flux Kustomizations builds the structure in linear work', async () => {
  const copies = Array(COPIES).fill(KUSTOMIZATION.replace('  prune: true\n', '  prune: true\n  path: ./apps\n')).join('---\n');
  const service = await workspace({ 'clusters/c1/flux.yaml': copies, 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
  const objects = counting(service.index, 'objectsIn');
  const structure = new Structure(service.index, [], ['file:///ws']);
  assert.equal([...structure.allFluxBuilds()].length, COPIES);
  assert.equal(structure.fluxBuildsOf(uriOf('apps/cm.yaml')).length, COPIES);
  // Each Kustomization looked up its rank by walking its file's objects: COPIES² objects (2.25 million).
  assert.ok(objects.visited() < 10 * COPIES, `${objects.visited()} objects walked`);
});

test('many objects naming the same thing resolve it once per index version', async () => {
  const service = await workspace({ 'apps/releases.yaml': Array(COPIES).fill(RELEASE).join('---\n') });
  const model = modelOf({ index: service.index, host: memoryHost({}), settings: () => service.settings() } as never);
  const named = counting(service.index, 'named');
  const releases = [...service.index.ofKind('HelmRelease')];
  assert.equal(releases.length, COPIES);
  for (const hr of releases) {
    const ref = hr.facts.refs.find((r) => r.spec.role === 'source')!;
    assert.equal(resolveRef(model, hr, ref).targets.length, COPIES);
  }
  // Each release walked every copy of the repository: COPIES² definitions.
  assert.ok(named.visited() <= 2 * COPIES, `${named.visited()} definitions walked`);
});

test('HelmRelease renders settle the unresolved references of a file of many objects in linear work', async () => {
  // Each HelmRelease names a HelmRepository nobody defines: one unresolved reference per copy.
  const release = (i: number) => RELEASE.split('---\n')[1].replace('name: app', `name: app-${i}`).replace('name: charts', `name: missing-${i}`);
  const uri = uriOf('apps/releases.yaml');
  const text = Array.from({ length: COPIES }, (_, i) => release(i)).join('---\n');
  const service = await workspace({ 'apps/releases.yaml': text });
  service.open(uri, 1, text);
  const model = modelOf({ index: service.index, host: memoryHost({}), settings: () => service.settings() } as never);
  const found = service.diagnostics(uri);
  const unresolved = found.filter((d) => d.code === 'unresolved-external').length;
  assert.ok(unresolved >= 1000, `${unresolved} unresolved (a file's diagnostics are capped)`);
  // A release that renders one of those repositories (in the same cluster: the workspace has one).
  const store = new ReleaseStore();
  store.set('other', { hrUri: uriOf('apps/other.yaml'), hrDoc: 0, inputKey: '', input: { identity: { name: 'other', namespace: 'apps' } }, result: { objects: [{ kind: 'HelmRepository', name: 'missing-7', namespace: 'apps' }] } } as never);
  let reads = 0;
  const objects = [...service.index.objectsIn(uri)].map((o) => {
    const copy = { ...o };
    Object.defineProperty(copy, 'facts', { get: () => (reads++, o.facts) });
    return copy;
  });
  const out = applyReleases(store, model, objects, found);
  assert.equal(out.filter((d) => d.code === 'unresolved-external').length, unresolved - 1, 'the rendered repository settles its reference');
  // Each diagnostic looked for its reference through every object before it: COPIES²/2 object reads (1.1 million).
  assert.ok(reads <= 2 * COPIES, `${reads} object reads`);
});

test('a closed file a worker is checking is not read again until the worker answers', async () => {
  const held: (() => void)[] = [];
  const uri = uriOf('large.yaml');
  const large = Array(800).fill(KUSTOMIZATION.replace('  prune: true\n', '  prune: true\n  notAField: 1\n')).join('---\n');
  // The worker reads a closed file from disk itself when given no text: here the disk holds `large`.
  const scanner: TextScanner = (u, text, job) => new Promise<ScanItem>((resolve) => held.push(() => resolve(scanText(u, text ?? large, job, registry()))));
  const host = memoryHost({});
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, textScanner: scanner });
  service.fileChanged(uri, KUSTOMIZATION);
  service.fileChanged(uri, large);
  assert.equal(service.checking(uri), true, 'the large text is in the worker');
  let reads = 0;
  const sent: PublishDiagnosticsParams[] = [];
  const publisher = new Publisher({ service, versionOf: () => undefined, send: (p) => sent.push(p), readFile: async () => (reads++, large), logger: silentLogger });
  service.whenChecked((u) => publisher.changed(u));
  publisher.everyClosed();
  for (let i = 0; i < 5; i++) {
    publisher.schedule(uri);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(reads, 0, 'each publication read and hashed the whole file again while the worker had it');
  held.splice(0).forEach((release) => release());
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(service.checking(uri), false);
  const last = sent.filter((p) => p.uri === uri).at(-1);
  assert.ok(last?.diagnostics.some((d) => d.code === 'unknown-field'), JSON.stringify(last?.diagnostics.slice(0, 2)));
  assert.equal(reads, 0, 'the worker\'s answer is published from the cache');
});

test('a large closed text whose indexed version has no known checks goes to the worker unhashed, once per indexed text', async () => {
  const { service, texts, disk, release } = heldWorker();
  const uri = uriOf('large.yaml');
  const big = (extra: string) => Array(400).fill(KUSTOMIZATION.replace('  prune: true\n', `  prune: true\n${extra}`)).join('---\n');
  const onDisk = big('  notAField: 1\n');
  assert.ok(onDisk.length > 64 * 1024);
  service.fileChanged(uri, onDisk);
  disk.set(uri, onDisk);
  await release();
  // Settings that change the key of local checks: what the worker found is no longer known.
  service.setSettings({ ...service.settings(), platform: { ...service.settings().platform, enabled: true } });
  assert.equal(service.closedDiagnostics(uri), undefined, 'not known: a worker reads the file');
  assert.equal(service.checking(uri), true, 'the publisher waits for it rather than reading the file');
  assert.equal(service.closedDiagnostics(uri, onDisk), undefined, 'the worker has it');
  assert.deepEqual(texts.map((t) => t === undefined), [false, true], 'the worker read the file: no text copied to it');
  await release();
  assert.ok(service.closedDiagnostics(uri)?.some((d) => d.code === 'unknown-field'), 'the answer was for the indexed text: known now');
  // Another text indexed, its checks unknown again; then the disk moves on before the watcher says so: the answer
  // is for another text than the indexed one.
  service.fileChanged(uri, big('  thirdField: 1\n'));
  await release();
  service.setSettings({ ...service.settings(), platform: { ...service.settings().platform, enabled: false } });
  const moved = big('  otherField: 1\n');
  assert.equal(service.closedDiagnostics(uri, moved), undefined, 'the worker has it, unhashed');
  assert.equal(texts.length, 4);
  await release();
  assert.equal(service.closedDiagnostics(uri), undefined, 'the indexed text\'s checks are still unknown');
  assert.ok(service.closedDiagnostics(uri, moved)?.some((d) => d.code === 'unknown-field'), 'hashed here the second time: answered from the worker\'s result');
  assert.equal(texts.length, 4, 'no further round trip');
});

test('a closed file whose checks are unknown is read by the worker, not read and copied here by the publisher', async () => {
  const { service, texts, disk, release } = heldWorker();
  const uri = uriOf('large.yaml');
  const onDisk = Array(400).fill(KUSTOMIZATION.replace('  prune: true\n', '  prune: true\n  notAField: 1\n')).join('---\n');
  service.fileChanged(uri, onDisk);
  disk.set(uri, onDisk);
  await release();
  // Settings that change the key of local checks: the file's checks are unknown again.
  service.setSettings({ ...service.settings(), platform: { ...service.settings().platform, enabled: true } });
  let reads = 0;
  const sent: PublishDiagnosticsParams[] = [];
  const publisher = new Publisher({ service, versionOf: () => undefined, send: (p) => sent.push(p), readFile: async () => (reads++, onDisk), logger: silentLogger });
  service.whenChecked((u) => publisher.changed(u));
  publisher.everyClosed();
  publisher.schedule(uri);
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  assert.equal(reads, 0, 'the publisher read the file to hand its text to the worker');
  assert.equal(texts.at(-1), undefined, 'the worker was asked to read it');
  await release();
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  assert.ok(sent.filter((p) => p.uri === uri).at(-1)?.diagnostics.some((d) => d.code === 'unknown-field'));
  assert.equal(reads, 0);
});

/**
 * A service whose worker holds every scan until released, and the texts it was given (undefined: it was to read
 * the file, which it finds in `disk`).
 */
function heldWorker() {
  const held: (() => void)[] = [];
  const texts: (string | undefined)[] = [];
  const disk = new Map<string, string>();
  const scanner: TextScanner = (uri, text, job) => new Promise<ScanItem>((resolve) => {
    texts.push(text);
    held.push(() => resolve(scanText(uri, text ?? disk.get(uri) ?? '', job, registry())));
  });
  const service = createLanguageService({ registry: registry(), host: memoryHost({}), logger: silentLogger, textScanner: scanner });
  const release = async () => {
    held.splice(0).forEach((f) => f());
    await new Promise((r) => setImmediate(r));
  };
  return { service, texts, disk, release };
}

test('a closed file over 8 KiB is indexed and checked in the worker, not parsed on the main thread; a trivial one here', async () => {
  const { service, texts, release } = heldWorker();
  const uri = uriOf('many.yaml');
  const base = Array(100).fill(KUSTOMIZATION).join('---\n');
  assert.ok(base.length > 16 * 1024 && base.length < 64 * 1024, `${base.length} chars: over the worker threshold, under "large"`);
  service.fileChanged(uri, base);
  assert.deepEqual(texts, [base], 'a change on disk is indexed in the worker');
  await release();
  assert.equal(service.index.objectsIn(uri).length, 100);
  const edited = base.replace('  prune: true\n', '  prune: true\n  notAField: 1\n');
  assert.equal(service.closedDiagnostics(uri, edited), undefined, 'the worker has it');
  assert.deepEqual(texts, [base, edited]);
  await release();
  assert.ok(service.closedDiagnostics(uri, edited)?.some((d) => d.code === 'unknown-field'));
  assert.equal(texts.length, 2, 'answered from what the worker found');
  const small = uriOf('small.yaml');
  service.fileChanged(small, KUSTOMIZATION);
  const smallEdit = KUSTOMIZATION.replace('  prune: true\n', '  prune: true\n  notAField: 1\n');
  assert.ok(smallEdit.length < 256);
  assert.ok(service.closedDiagnostics(small, smallEdit)?.some((d) => d.code === 'unknown-field'), 'a trivial text is checked at once, here');
  assert.equal(texts.length, 2, 'no round trip for a trivial text');
});

test('a text the disk got while a worker scanned the file is indexed after it', async () => {
  const { service, texts, release } = heldWorker();
  const uri = uriOf('large.yaml');
  const large = (name: string) => Array(800).fill(KUSTOMIZATION.replace('name: apps', `name: ${name}`)).join('---\n');
  service.open(uri, 1, large('edited'));
  assert.equal(service.checking(uri), true);
  service.close(uri);
  service.fileChanged(uri, large('ondisk'));
  await release();
  assert.equal(texts.length, 2, 'the disk text went to the worker after the open one');
  await release();
  assert.deepEqual([...new Set(service.index.objectsIn(uri).map((o) => o.name))], ['ondisk']);
  assert.ok(service.closedDiagnostics(uri), 'the checks of the disk text are known: the publisher need not read it again');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenDocuments } from '../../../server/src/core/documents';
import { silentLogger } from '../../../server/src/core/logger';
import { ChunkQueue, scanText, type ScanJob } from '../../../server/src/core/scan';
import { createLanguageService, type BulkScanner } from '../../../server/src/core/service';
import { DEFAULT_SETTINGS, mergeSettings } from '../../../server/src/core/settings';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { registry } from '../helpers';
import { syntheticFleet } from '../workspace/synthetic';

const BAD = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: g\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: http://git.example.com/r\n  notAField: 1\n';

test('the chunk queue hands out every file once, in chunks', () => {
  const uris = Array.from({ length: 150 }, (_, i) => `file:///ws/${i}.yaml`);
  const queue = new ChunkQueue(uris, { size: 64 });
  const seen: string[] = [];
  for (let c = queue.take(); c; c = queue.take()) {
    assert.ok(c.length <= 64);
    seen.push(...c);
  }
  assert.deepEqual(seen, uris);
});

test('scanning a text yields what the job asks for: the index entry, the local diagnostics, or both', () => {
  const job: ScanJob = { maxBytes: 1 << 20, index: true, check: { profile: 'flux-2.9', platform: DEFAULT_SETTINGS.platform } };
  const both = scanText('file:///ws/g.yaml', BAD, job, registry());
  assert.equal(both.entry?.objects[0].name, 'g');
  assert.deepEqual(both.local?.map((d) => d.code), ['unknown-field']);
  const indexOnly = scanText('file:///ws/g.yaml', BAD, { maxBytes: 1 << 20, index: true }, undefined);
  assert.equal(indexOnly.local, undefined);
  assert.equal(indexOnly.hash, both.hash);
});

test('open documents are parsed only when a feature asks, and the parses of the last 64 used are kept', () => {
  const docs = new OpenDocuments(() => ({ maxBytes: 1 << 20 }));
  for (let i = 0; i < 70; i++) docs.set(`file:///ws/${i}.yaml`, 1, BAD);
  const first = docs.parsed('file:///ws/0.yaml');
  assert.equal(docs.parsed('file:///ws/0.yaml'), first, 'kept');
  for (let i = 1; i < 70; i++) docs.parsed(`file:///ws/${i}.yaml`);
  assert.notEqual(docs.parsed('file:///ws/0.yaml'), first, 'evicted by 64 newer ones, parsed again');
  docs.set('file:///ws/1.yaml', 2, BAD.replace('notAField', 'other'));
  assert.equal(docs.parsed('file:///ws/1.yaml')?.version, 2, 'a new version is parsed anew');
});

interface Job {
  readonly job: ScanJob;
  files: number;
  readonly background: boolean;
}

/** The scanner the server uses, run in this thread (the same scanText over the same queue); records the jobs. */
function inThread(files: Map<string, string>, jobs: Job[]): BulkScanner {
  return async (queue, job, onBatch, background) => {
    const record = { job, files: 0, background };
    jobs.push(record);
    while (!queue.drained) {
      const c = queue.take();
      if (!c) {
        await new Promise<void>((r) => queue.whenMore(r)); // the workspace is still being listed
        continue;
      }
      record.files += c.length;
      onBatch(c.map((uri) => scanText(uri, files.get(uri)!, job, job.check ? registry() : undefined)));
      await new Promise((r) => setImmediate(r)); // a worker answers asynchronously
    }
  };
}

test('after indexing, a background check primes local diagnostics; a new text or new platform settings recompute them', async () => {
  const fleet = { ...syntheticFleet(2, 50), 'clusters/c0/flux-system/bad.yaml': BAD };
  const host = memoryHost(fleet);
  const jobs: Job[] = [];
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings: DEFAULT_SETTINGS, scanner: inThread(host.files, jobs) });
  await service.indexWorkspace();
  await service.backgroundCheck();
  assert.deepEqual(jobs.map((j) => [j.job.index, !!j.job.check]), [[true, false], [false, true]], 'index first, then check in the background');
  assert.deepEqual(jobs.map((j) => [j.files, j.background]), [[host.files.size, false], [host.files.size, true]]);
  const uri = 'file:///ws/clusters/c0/flux-system/bad.yaml';
  service.open(uri, 1, BAD);
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), ['unknown-field']);
  service.open(uri, 2, BAD.replace('  notAField: 1\n', ''));
  assert.deepEqual(service.diagnostics(uri).map((d) => d.code), [], 'the edited text is checked, not the cached one');
  service.setSettings(mergeSettings(DEFAULT_SETTINGS, { platform: { enabled: true } }));
  assert.ok(service.diagnostics(uri).some((d) => d.code === 'platform-git-url'), 'platform rules apply once enabled');
});

test('the checker\'s path: a scan with diagnostics answers for files it checked, except where suppression comments need the text', async () => {
  const quiet = `# flux-gitops-disable-file unknown-field\n${BAD}`;
  const fleet = { ...syntheticFleet(2, 50), 'clusters/c0/flux-system/bad.yaml': BAD, 'clusters/c0/flux-system/quiet.yaml': quiet.replace('name: g', 'name: q') };
  const host = memoryHost(fleet);
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings: DEFAULT_SETTINGS, scanner: inThread(host.files, []) });
  await service.indexWorkspace({ withDiagnostics: true });
  const bad = 'file:///ws/clusters/c0/flux-system/bad.yaml';
  const quietUri = 'file:///ws/clusters/c0/flux-system/quiet.yaml';
  assert.deepEqual(service.closedDiagnostics(bad)?.map((d) => d.code), ['unknown-field']);
  assert.equal(service.closedDiagnostics(quietUri), undefined, 'needs its text');
  service.open(quietUri, 0, host.files.get(quietUri)!);
  assert.deepEqual(service.diagnostics(quietUri), [], 'suppressed once read');
});

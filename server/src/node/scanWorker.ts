// A worker thread that scans chunks of the workspace (core/scan.ts): for each file it reads and parses it
// once and sends back what the job asks for. One message per chunk: { uris, job, schemaDirs } -> ScanReply.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { scanText, type ScanJob } from '../core/scan';
import { baseProfile, ReceivedCrds } from '../core/schema/workspaceCrds';
import { packEntry } from '../core/workspace/transfer';
import type { SchemaRegistry } from '../core/schema/registry';
import { withBigText } from './bigTexts';
import { toPath } from './diskHost';
import { loadRegistry } from './schemas';
import type { PackedItem, ScanReply, ScanRequest, WorkerData } from './scanWorkers';
import type { TextScanReply, TextScanRequest } from './textScanner';

let loaded: { profile: string; registry: SchemaRegistry } | undefined;
const received = new ReceivedCrds();

/** The schemas, loaded once per worker (a worker answers many chunks). */
function registryOf(profile: string, dirs: readonly string[]): SchemaRegistry {
  if (loaded?.profile !== profile) loaded = { profile, registry: loadRegistry(profile, [...dirs]) };
  return loaded.registry;
}

/** A job's schemas: its pinned profile, with the workspace CRDs sent for a `+crds:` profile layered under it. */
function jobRegistry(check: NonNullable<ScanJob['check']>, dirs: readonly string[]): SchemaRegistry {
  const base = registryOf(baseProfile(check.profile), dirs);
  return check.crds ? received.registry(base, check.crds) : base;
}

const data = (workerData ?? {}) as WorkerData;
// A prewarmed worker loads the expected profile's schemas while the main thread is still listing the workspace.
const preload = data.preload;
if (preload) {
  try {
    registryOf(preload.profile, preload.schemaDirs);
  } catch {
    // Loaded (and reported) again with the first chunk that needs it.
  }
}

function post(reply: ScanReply): void {
  parentPort!.postMessage(reply);
}

parentPort?.on('message', (request: ScanRequest | TextScanRequest) => {
  if ('id' in request) return scanOne(request);
  const { uris, job, schemaDirs } = request;
  try {
    const registry = job.check ? jobRegistry(job.check, schemaDirs) : undefined;
    const items: PackedItem[] = [];
    for (const uri of uris) {
      let text: string;
      try {
        text = readFileSync(toPath(uri), 'utf8');
      } catch {
        continue;
      }
      const { entry, ...rest } = withBigText(data.bigTextLock, text.length, () => scanText(uri, text, job, registry));
      items.push({ ...rest, entry: entry && packEntry(entry) });
    }
    post({ items, done: true });
  } catch (err) {
    post({ error: (err as Error).stack ?? String(err) });
  }
});

/** One open document's text (the server's large documents): answered with the request's id. */
function scanOne({ id, uri, text: given, job, schemaDirs }: TextScanRequest): void {
  let reply: TextScanReply;
  try {
    const text = given ?? readFileSync(toPath(uri), 'utf8');
    const registry = job.check ? jobRegistry(job.check, schemaDirs) : undefined;
    const { entry, ...rest } = withBigText(data.bigTextLock, text.length, () => scanText(uri, text, job, registry));
    reply = { id, item: { ...rest, entry: entry && packEntry(entry) } };
  } catch (err) {
    reply = { id, error: (err as Error).stack ?? String(err) };
  }
  parentPort!.postMessage(reply);
}

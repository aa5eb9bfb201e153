// Scanning in worker threads: one worker per core (at most four), one fewer in the background so that the
// editor keeps a core. Workers take chunks from one queue, two in flight, so they finish together. Used only from the bundle, where dist/scanWorker.js sits next to the server and the checker.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { quietWorker } from './quietWorker';
import type { ChunkQueue, ScanItem, ScanJob } from '../core/scan';
import type { BulkScanner } from '../core/service';
import { SentCrds } from '../core/schema/workspaceCrds';
import { unpackEntry, type PackedEntry } from '../core/workspace/transfer';
import { bigTextLock } from './bigTexts';

/** What a worker is sent: a chunk of files, the job, and where the schemas of `job.check.profile` are. */
export interface ScanRequest {
  readonly uris: readonly string[];
  readonly job: ScanJob;
  readonly schemaDirs: readonly string[];
}

/** A scan item as it travels (see core/workspace/transfer.ts). */
export type PackedItem = Omit<ScanItem, 'entry'> & { readonly entry?: PackedEntry };

/** What a worker answers to each chunk. */
export interface ScanReply {
  readonly items?: readonly PackedItem[];
  readonly done?: boolean;
  readonly error?: string;
}

/** Below about this many files per worker, another worker costs more to start than it saves. */
const CHUNK_FILES = 200;

/**
 * The scanner over worker threads. With `prewarm`, a worker per core starts now, while the caller loads its
 * settings and schemas: the first scan (indexing) then finds them ready.
 */
export function workerScanner(schemaDirs: readonly string[], options: { prewarm?: boolean; profile?: string; dir?: string } = {}): BulkScanner | undefined {
  const script = path.join(options.dir ?? __dirname, 'scanWorker.js');
  if (!existsSync(script)) return undefined;
  const cores = Math.min(4, availableParallelism());
  // Prewarmed workers also load the schemas of the expected profile before their first chunk arrives.
  const preload: WorkerPreload | undefined = options.profile ? { profile: options.profile, schemaDirs } : undefined;
  let spare = options.prewarm ? Array.from({ length: cores }, () => spawn(script, preload)) : [];
  return async (queue, job, onBatch, background) => {
    // A queue still being filled gets a worker per core; a known one no more than its size is worth.
    const wanted = Math.max(1, background ? cores - 1 : cores);
    const count = queue.filling ? wanted : Math.min(wanted, Math.max(1, Math.ceil(queue.length / CHUNK_FILES)));
    const workers = Array.from({ length: count }, (_, i) => spare[i] ?? spawn(script));
    for (const unused of spare.slice(count)) void unused.terminate();
    spare = [];
    await Promise.all(workers.map((worker) => runWorker(worker, { job, schemaDirs }, queue, onBatch)));
  };
}

/** What a prewarmed worker loads at start. */
export interface WorkerPreload {
  readonly profile: string;
  readonly schemaDirs: readonly string[];
}

/** What every worker is started with: the preload, and the lock that lets one big text be parsed at a time (bigTexts.ts). */
export interface WorkerData {
  readonly preload?: WorkerPreload;
  readonly bigTextLock?: SharedArrayBuffer;
}

function spawn(script: string, preload?: WorkerPreload): Worker {
  const data: WorkerData = { preload, bigTextLock: bigTextLock() };
  const worker = quietWorker(script, { resourceLimits: { maxYoungGenerationSizeMb: 48 }, workerData: data });
  // A worker that fails before it is given work reports through runWorker's listener; none may crash us.
  worker.on('error', () => undefined);
  return worker;
}

/** Runs one worker until the queue is empty. */
function runWorker(worker: Worker, base: Omit<ScanRequest, 'uris'>, queue: ChunkQueue, onBatch: (items: readonly ScanItem[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    let inFlight = 0;
    const sent = new SentCrds();
    const send = () => {
      const uris = queue.take();
      if (uris) {
        inFlight++;
        worker.postMessage({ ...base, job: sent.strip(base.job), uris });
      } else if (!queue.drained) queue.whenMore(() => send());
      else if (!inFlight) finish();
    };
    worker.on('message', (m: ScanReply) => {
      if (m.items?.length) onBatch(m.items.map(({ entry, ...rest }) => ({ ...rest, entry: entry && unpackEntry(entry) })));
      if (m.error) finish(new Error(m.error));
      else if (m.done) {
        inFlight--;
        send();
      }
    });
    worker.once('error', (err) => finish(err));
    // Two chunks in flight: the worker starts the next one while the main thread is busy with its own.
    send();
    send();
  });
}

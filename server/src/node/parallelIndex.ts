// Indexing in worker threads, one per core (at most four), each taking an interleaved slice of the files.
// Used only from the bundle, where dist/indexWorker.js sits next to the server.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BulkIndexer } from '../core/service';

export function parallelIndexer(dir: string = __dirname): BulkIndexer | undefined {
  const script = path.join(dir, 'indexWorker.js');
  if (!existsSync(script)) return undefined;
  return async (uris, maxBytes) => {
    const count = Math.max(1, Math.min(4, availableParallelism()));
    const slices = Array.from({ length: count }, (_, i) => uris.filter((_, j) => j % count === i));
    const parts = await Promise.all(slices.map((slice) => runWorker(script, slice, maxBytes)));
    return parts.flat();
  };
}

function runWorker(script: string, uris: string[], maxBytes: number): ReturnType<BulkIndexer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script);
    const done = (fn: () => void) => {
      void worker.terminate();
      fn();
    };
    worker.once('message', (m: { results?: Awaited<ReturnType<BulkIndexer>>; error?: string }) =>
      done(() => (m.results ? resolve(m.results) : reject(new Error(m.error ?? 'index worker failed')))));
    worker.once('error', (err) => done(() => reject(err)));
    worker.postMessage({ uris, maxBytes });
  });
}

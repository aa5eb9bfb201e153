// The server's worker for large open documents: one worker thread (started on first use, the same script as
// the indexing workers) that indexes and checks one text at a time, so that a parse of megabytes never holds
// up a request. A worker that dies (e.g. out of memory) fails its pending scans and is started anew next time.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { quietWorker } from './quietWorker';
import type { ScanItem, ScanJob } from '../core/scan';
import { SentCrds } from '../core/schema/workspaceCrds';
import type { TextScanner } from '../core/textSync';
import { unpackEntry } from '../core/workspace/transfer';
import { bigTextLock } from './bigTexts';
import type { PackedItem, WorkerData } from './scanWorkers';

export interface TextScanRequest {
  readonly id: number;
  readonly uri: string;
  /** Absent: the worker reads the (closed) file itself. */
  readonly text?: string;
  readonly job: ScanJob;
  readonly schemaDirs: readonly string[];
}

export interface TextScanReply {
  readonly id: number;
  readonly item?: PackedItem;
  readonly error?: string;
}

/** The heap a worker may use: a text is at most settings.maxFileBytes, its syntax tree a few times more. */
const WORKER_HEAP_MB = 512;

export function workerTextScanner(schemaDirs: readonly string[], dir = __dirname): TextScanner | undefined {
  const script = path.join(dir, 'scanWorker.js');
  if (!existsSync(script)) return undefined;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (item: ScanItem) => void; reject: (err: Error) => void }>();
  const failAll = (w: Worker, err: Error) => {
    if (worker !== w) return; // A worker that already failed.
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  // CRD kinds the worker has (it keeps those of the workspace's current CRD set): each is sent once.
  let sent = new SentCrds();
  const start = (): Worker => {
    sent = new SentCrds();
    const data: WorkerData = { bigTextLock: bigTextLock() };
    const w = quietWorker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 48 }, workerData: data });
    w.on('message', (reply: TextScanReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.item) p.resolve({ ...reply.item, entry: reply.item.entry && unpackEntry(reply.item.entry) });
      else p.reject(new Error(reply.error ?? 'the worker answered nothing'));
    });
    w.on('error', (err) => failAll(w, err));
    w.on('exit', (code) => failAll(w, new Error(`the worker stopped (exit code ${code})`)));
    // The server may exit while a scan runs.
    w.unref();
    return w;
  };
  return (uri, text, job) => new Promise<ScanItem>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker ??= start();
    const request: TextScanRequest = { id, uri, ...(text === undefined ? {} : { text }), job: sent.strip(job), schemaDirs };
    worker.postMessage(request);
  });
}

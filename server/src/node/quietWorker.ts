// A worker thread whose own output never reaches stdout: over stdio, the server's stdout is the LSP wire, and a
// worker's console is forwarded to it by default. What a worker prints is dropped.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function quietWorker(script: string, options: WorkerOptions = {}): Worker {
  const worker = new Worker(script, { ...options, stdout: true });
  worker.stdout.resume();
  return worker;
}

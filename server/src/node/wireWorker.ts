// The JSON of a large incoming LSP message, parsed off the server's main thread (wire.ts sends the bytes of a
// body over 64 KiB here): a multi-megabyte didOpen is parsed in this thread while the main one answers requests.
// The message object goes back as a structured copy, which for a long text is a copy of its characters.
import { parentPort } from 'node:worker_threads';

export interface ParseJob {
  readonly id: number;
  readonly bytes: ArrayBuffer;
}
export type ParseResult = { readonly id: number; readonly m: unknown } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('wireWorker.js runs as a worker thread');
port.on('message', ({ id, bytes }: ParseJob) => {
  let result: ParseResult;
  try {
    result = { id, m: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch (err) {
    result = { id, error: (err as Error).message };
  }
  port.postMessage(result);
});

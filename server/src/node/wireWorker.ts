// The JSON of a large incoming LSP message, parsed off the server's main thread (wire.ts sends the bytes of a
// body over 64 KiB here): a multi-megabyte didOpen is parsed in this thread while the main one answers requests.
// The message object goes back as a structured copy, which for a long text is a copy of its characters; with
// the hash of the document text it carries, computed here rather than on the main thread (textHashes.ts).
import { parentPort } from 'node:worker_threads';
import { textHash } from '../core/text';
import { documentText } from './textHashes';

export interface ParseJob {
  readonly id: number;
  readonly bytes: ArrayBuffer;
}
/** The message, and the hash of the document text it carries (a didOpen or a full-text didChange), if any. */
export type ParseResult = { readonly id: number; readonly m: unknown; readonly hash?: number } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('wireWorker.js runs as a worker thread');
port.on('message', ({ id, bytes }: ParseJob) => {
  let result: ParseResult;
  try {
    const m: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const text = documentText(m)?.text;
    result = text === undefined ? { id, m } : { id, m, hash: textHash(text) };
  } catch (err) {
    result = { id, error: (err as Error).message };
  }
  port.postMessage(result);
});

// The language server's wire, in a worker thread: it reads LSP messages from stdin and writes them to stdout, so
// the JSON of a multi-megabyte didOpen, or of a long diagnostics list, is parsed and built here rather than on the
// loop that answers requests. The server's thread gets and gives message objects (a structured copy, which for
// a long text is a copy of its characters, several times cheaper than JSON).
import { Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { FrameReader } from './frames';

export type FromWire = { readonly m: unknown } | { readonly problem: string } | { readonly closed: true };

const port = parentPort;
if (!port) throw new Error('wireWorker.js runs as a worker thread');
const post = (message: FromWire) => port.postMessage(message);

const input = new Socket({ fd: 0, readable: true, writable: false });
const output = new Socket({ fd: 1, readable: false, writable: true });
const frames = new FrameReader(
  (body) => {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return post({ problem: `A message from the language client is not JSON (${(err as Error).message}); it is ignored.` });
    }
    post({ m: message });
  },
  (problem) => post({ problem }),
);
input.on('data', (chunk: Buffer) => frames.push(chunk));
input.on('end', () => post({ closed: true }));
input.on('error', (err) => {
  post({ problem: `Reading from the language client failed: ${err.message}` });
  post({ closed: true });
});
output.on('error', () => post({ closed: true }));

port.on('message', (message: unknown) => {
  let body: Buffer;
  try {
    body = Buffer.from(JSON.stringify(message), 'utf8');
  } catch (err) {
    return post({ problem: `A message to the language client could not be written (${(err as Error).message}).` });
  }
  output.write(`Content-Length: ${body.length}\r\n\r\n`);
  output.write(body);
});

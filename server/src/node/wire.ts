// The server's stdio transport, with the JSON of large incoming messages parsed in a worker (wireWorker.ts): a
// multi-megabyte didOpen or didChange costs this thread a copy of its bytes, not 20-70 ms of JSON.parse that a
// completion would wait behind. Small messages, nearly all of them, are parsed here as before; messages are
// delivered in the order they came. The worker starts with the first large message. Writes stay on this thread
// (vscode-languageserver's writer): a copy of an object graph to a worker costs about what JSON.stringify does.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { quietWorker } from './quietWorker';
import { AbstractMessageReader, StreamMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { FrameReader } from './frames';
import type { ParseJob, ParseResult } from './wireWorker';
import { rememberTextHash } from './textHashes';

/** Bodies at least this large are parsed in the worker. */
export const BIG_MESSAGE_BYTES = 64 * 1024;

/** Parses JSON bodies in a worker thread started on first use; one job in flight per body, answers by id. */
class Parser {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: { m: unknown; hash?: number }) => void; reject: (e: Error) => void }>();

  constructor(private readonly script: string) {}

  parse(body: Buffer): Promise<{ m: unknown; hash?: number }> {
    const worker = (this.worker ??= this.start());
    const id = this.next++;
    // A copy of its own: the body may be a view into a larger buffer, and the copy is moved, not copied again.
    const bytes = new Uint8Array(body).buffer;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, bytes } satisfies ParseJob, [bytes]);
    });
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const worker = quietWorker(this.script);
    worker.unref();
    worker.on('message', (r: ParseResult) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (w) 'm' in r ? w.resolve(r) : w.reject(new Error(r.error));
    });
    const fail = (err: Error) => {
      this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the JSON worker stopped (exit code ${code})`)));
    return worker;
  }
}

class WireReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];
  /** Deliveries in arrival order: a small message waits for a large one before it. */
  private chain: Promise<void> = Promise.resolve();

  constructor(input: NodeJS.ReadableStream, private readonly parser: Parser | undefined, onClosed: () => void) {
    super();
    const frames = new FrameReader((body) => this.body(body), (problem) => this.fireError(new Error(problem)));
    input.on('data', (chunk: Buffer) => frames.push(chunk));
    let ended = false;
    // Both 'end' and 'close' come when the client goes: the reader closes once.
    const closed = () => {
      if (ended) return;
      ended = true;
      this.fireClose();
      onClosed();
    };
    input.on('end', closed);
    input.on('close', closed);
    input.on('error', (err: Error) => this.fireError(err));
  }

  override dispose(): void {
    super.dispose();
    this.parser?.stop();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const m of this.early.splice(0)) callback(m);
    return { dispose: () => (this.callback = undefined) };
  }

  private body(body: Buffer): void {
    const job = this.parser && body.length >= BIG_MESSAGE_BYTES ? this.parser.parse(body) : undefined;
    // Its failure is taken in its turn below; until then it must not count as unhandled.
    job?.catch(() => undefined);
    this.chain = this.chain.then(async () => {
      try {
        const parsed = job ? await job : { m: JSON.parse(body.toString('utf8')) as unknown };
        if (parsed.hash !== undefined) rememberTextHash(parsed.m, parsed.hash);
        this.deliver(parsed.m as Message);
      } catch (err) {
        this.fireError(new Error(`A message from the language client is not JSON (${(err as Error).message}); it is ignored.`));
      }
    });
  }

  private deliver(message: Message): void {
    if (this.callback) this.callback(message);
    else this.early.push(message);
  }
}

/** A reader of `input` (the tests give it a stream of their own); large bodies go to the worker script, if given. */
export function wireReader(input: NodeJS.ReadableStream, workerScript: string | undefined, onClosed: () => void): MessageReader {
  return new WireReader(input, workerScript ? new Parser(workerScript) : undefined, onClosed);
}

/**
 * A reader and writer over stdio when the server was started with `--stdio` (undefined otherwise). Large
 * messages are parsed in the worker when its script sits next to this bundle. `onClosed` runs once the client's
 * end of stdin is closed.
 */
export function stdioWire(onClosed: () => void, dir = __dirname): { reader: MessageReader; writer: MessageWriter } | undefined {
  if (!process.argv.includes('--stdio')) return undefined;
  const script = path.join(dir, 'wireWorker.js');
  const parser = existsSync(script) ? new Parser(script) : undefined;
  return { reader: new WireReader(process.stdin, parser, onClosed), writer: new StreamMessageWriter(process.stdout) };
}

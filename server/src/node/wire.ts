// The main thread's side of the wire worker (wireWorker.ts): a MessageReader and a MessageWriter for
// vscode-languageserver that pass message objects to and from the worker. Used over stdio; without the worker
// script (a test bundle) the caller keeps vscode-languageserver's own stdio transport.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import type { FromWire } from './wireWorker';

class WireReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];

  constructor(worker: Worker, onClosed: () => void) {
    super();
    worker.on('message', (data: FromWire) => {
      if ('m' in data) return this.callback ? this.callback(data.m as Message) : void this.early.push(data.m as Message);
      if ('problem' in data) return this.fireError(new Error(data.problem));
      this.fireClose();
      onClosed();
    });
    worker.on('error', (err) => this.fireError(err));
    worker.on('exit', () => {
      this.fireClose();
      onClosed();
    });
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const m of this.early.splice(0)) callback(m);
    return { dispose: () => (this.callback = undefined) };
  }
}

class WireWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly worker: Worker) {
    super();
  }

  write(message: Message): Promise<void> {
    try {
      this.worker.postMessage(message);
      return Promise.resolve();
    } catch (err) {
      this.fireError(err as Error, message, 1);
      return Promise.reject(err);
    }
  }

  end(): void {
    // The worker ends with the process.
  }
}

/**
 * A reader and writer over stdio through the wire worker, when the server was started with `--stdio` and the
 * worker script sits next to it; undefined otherwise. `onClosed` runs once the client's end of stdin is closed.
 */
export function stdioWire(onClosed: () => void, dir = __dirname): { reader: MessageReader; writer: MessageWriter } | undefined {
  const script = path.join(dir, 'wireWorker.js');
  if (!process.argv.includes('--stdio') || !existsSync(script)) return undefined;
  // Its own console (none is used) would reach this thread's stdout, the wire itself: dropped instead.
  const worker = new Worker(script, { stdout: true });
  worker.stdout.resume();
  let closed = false;
  const once = () => {
    if (closed) return;
    closed = true;
    onClosed();
  };
  return { reader: new WireReader(worker, once), writer: new WireWriter(worker) };
}

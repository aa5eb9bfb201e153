// The server's side of rendering: keeps the file set the render module should see, starts the render process
// on first demand, sends only the files that changed since the worker last heard of them, runs one render at a
// time under a time limit, and stops the worker after a quiet period. Nothing here blocks the main thread.
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { silentLogger, type Logger } from '../../core/logger';
import type { RenderFileDelta, RenderRequest, RenderResult, RenderService } from '../../core/render/types';
import type { RenderDelta, RenderJob, RenderJobReply, RenderStartTimes, RenderWorkerData, RenderWorkerStart } from './protocol';

export interface RendererOptions {
  /** Folder holding render.wasm and wasm_exec.js (default: `render/` beside the bundle). */
  moduleDir?: string;
  /** The worker script (default: `renderWorker.js` beside the bundle). */
  workerScript?: string;
  /** A render that takes longer ends the worker and answers with an error (default 30 s). */
  timeLimitMs?: number;
  /** Loading the module may take longer than a render, on a busy machine (default 60 s). */
  startLimitMs?: number;
  /** The worker stops after this long without a render (default 5 min). */
  idleMs?: number;
  /** Go's GOGC in the module (default: Go's own, 100). */
  gcPercent?: number;
  /**
   * The render process runs at a lower priority (default): in the editor, renders never compete with requests.
   * The checker, whose work is the render, runs it at its own priority (a niced process starves on a busy machine).
   */
  lowPriority?: boolean;
  log?: Logger;
}

/** Start-up figures of a worker, for logs and the bench. */
export type RendererStart = RenderStartTimes;

interface Running {
  worker: RenderProcess;
  started: Promise<RendererStart>;
  pending: Map<number, (reply: RenderJobReply) => void>;
}

/** Starts the bundled worker, or (in tests, which run the sources) its TypeScript entry through tsx. */
/**
 * The render process: a child of its own rather than a worker thread, so that the Go module's memory (linear
 * memory only grows) is never the language server's, a crash in it cannot take the server down, and it runs at a
 * lower priority than the editor's requests. It speaks over the IPC channel with the same messages.
 */
function spawnWorker(script: string, workerData: RenderWorkerData, lowPriority: boolean): RenderProcess {
  // From TypeScript sources (the tests), the child needs the test process's loader too.
  const execArgv = script.endsWith('.ts') ? loaderArgs(process.execArgv) : [];
  const child = fork(script, [JSON.stringify(workerData)], { execArgv, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
  try {
    if (child.pid && lowPriority) setPriority(child.pid, 10);
  } catch {
    // Not allowed here: it runs at the same priority.
  }
  return {
    postMessage: (message) => void child.send(message),
    on: (event, listener) => void child.on(event, listener as (...args: unknown[]) => void),
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    terminate: () => void child.kill(),
  };
}

/** The `--import`/`--require`/`--loader` options of a process (e.g. tsx), without the rest (e.g. `--test`). */
function loaderArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (/^--(import|require|loader|experimental-loader)$/.test(a) && i + 1 < argv.length) out.push(a, argv[++i]);
    else if (/^--(import|require|loader|experimental-loader)=/.test(a)) out.push(a);
  }
  return out;
}

/** What the Renderer needs of the render process. */
interface RenderProcess {
  postMessage(message: RenderJob): void;
  on(event: 'message', listener: (message: RenderWorkerStart | RenderJobReply) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'exit', listener: (code: number | null) => void): void;
  ref(): void;
  unref(): void;
  terminate(): void;
}

/** How a time-limit failure begins (see send()). */
const TIME_LIMIT = /^render took longer than/;

const seconds = (ms: number): string => `${ms / 1000} s`;

export class Renderer implements RenderService {
  private readonly files = new Map<string, string>();
  /** What the running worker holds; cleared when it stops, so the next one gets the whole set. */
  private sent = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private running: Running | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private loadError: string | undefined;
  private lastMemoryBytes: number | undefined;
  private disposed = false;
  private readonly options: Required<Omit<RendererOptions, 'log' | 'gcPercent'>> & Pick<RendererOptions, 'gcPercent'> & { log: Logger };

  constructor(options: RendererOptions = {}) {
    this.options = {
      moduleDir: options.moduleDir ?? path.join(__dirname, 'render'),
      workerScript: options.workerScript ?? path.join(__dirname, 'renderWorker.js'),
      timeLimitMs: options.timeLimitMs ?? 30_000,
      startLimitMs: options.startLimitMs ?? 60_000,
      idleMs: options.idleMs ?? 5 * 60_000,
      lowPriority: options.lowPriority ?? true,
      gcPercent: options.gcPercent,
      log: options.log ?? silentLogger,
    };
  }

  /** Records changes to the file set; they reach the worker with the next render, and only if their text changed. */
  syncFiles(files: RenderFileDelta): void {
    for (const [file, text] of files) {
      if (text === null) this.files.delete(file);
      else this.files.set(file, text);
      this.dirty.add(file);
    }
  }

  /** Renders one folder after the renders queued before it; never rejects. */
  render(request: RenderRequest): Promise<RenderResult> {
    const result = this.queue.then(() => this.renderNow(request));
    this.queue = result;
    return result;
  }

  /**
   * Starts the worker ahead of the first render (e.g. while the workspace is indexed); resolves with its start-up
   * figures. A worker that then gets no render (a workspace without Flux Kustomizations) stops after the quiet period.
   */
  async warm(): Promise<RendererStart | { error: string }> {
    try {
      const started = await this.ensureRunning().started;
      if (!this.running?.pending.size) this.scheduleIdleStop();
      return started;
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  /** The module's memory after the last render (Go's heap in WebAssembly), for logs and the bench. */
  get memoryBytes(): number | undefined {
    return this.lastMemoryBytes;
  }

  /** Whether the module could not be loaded, and why (reported once through the log). */
  get unavailable(): string | undefined {
    return this.loadError;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private async renderNow(request: RenderRequest): Promise<RenderResult> {
    const started = performance.now();
    const failed = (message: string): RenderResult => ({ objects: [], error: { message, path: request.path, engine: TIME_LIMIT.test(message) ? 'time-limit' : 'failed' }, millis: performance.now() - started });
    clearTimeout(this.idleTimer);
    if (this.disposed) return failed('the renderer was disposed');
    if (this.loadError) return failed(this.loadError);
    let running: Running;
    try {
      running = this.ensureRunning();
      await running.started;
    } catch (err) {
      return failed((err as Error).message);
    }
    const job: RenderJob = { id: this.nextId++, sync: this.takeDelta(), render: JSON.stringify({ op: 'render', request }) };
    const reply = await this.send(running, job);
    this.lastMemoryBytes = reply.memoryBytes ?? this.lastMemoryBytes;
    this.scheduleIdleStop();
    if (reply.error) return failed(reply.error);
    try {
      return JSON.parse(reply.result!) as RenderResult;
    } catch (err) {
      return failed(`the render module answered something that is not JSON: ${(err as Error).message}`);
    }
  }

  /** The files whose text changed since the worker last got them, or undefined when none did. */
  private takeDelta(): RenderDelta | undefined {
    const delta: RenderDelta = { paths: [], texts: [] };
    for (const file of this.dirty) {
      const text = this.files.get(file);
      if (text === this.sent.get(file)) continue;
      delta.paths.push(file);
      delta.texts.push(text ?? null);
      if (text === undefined) this.sent.delete(file);
      else this.sent.set(file, text);
    }
    this.dirty.clear();
    return delta.paths.length ? delta : undefined;
  }

  /** Posts a job and waits for its reply, ending the worker when the time limit passes first. */
  private send(running: Running, job: RenderJob): Promise<RenderJobReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        running.pending.delete(job.id);
        this.stop();
        resolve({ id: job.id, error: `render took longer than ${seconds(this.options.timeLimitMs)}` });
      }, this.options.timeLimitMs);
      running.pending.set(job.id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      running.worker.ref();
      running.worker.postMessage(job);
    });
  }

  private ensureRunning(): Running {
    if (this.running) return this.running;
    clearTimeout(this.idleTimer);
    const data: RenderWorkerData = { moduleDir: this.options.moduleDir, ...(this.options.gcPercent === undefined ? {} : { gcPercent: this.options.gcPercent }) };
    const worker = spawnWorker(this.options.workerScript, data, this.options.lowPriority);
    const running: Running = { worker, pending: new Map(), started: Promise.resolve({ compileMillis: 0, startMillis: 0, warmMillis: 0 }) };
    running.started = this.watch(running);
    // A start-up failure is reported by the render that waits for it; none may go unhandled.
    running.started.catch(() => undefined);
    this.running = running;
    // Every file goes to a new worker.
    this.sent = new Map();
    for (const file of this.files.keys()) this.dirty.add(file);
    return running;
  }

  /** Wires the worker's messages and exit; resolves when the module is loaded. */
  private watch(running: Running): Promise<RendererStart> {
    const { worker } = running;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`the render module did not start within ${seconds(this.options.startLimitMs)}`, false), this.options.startLimitMs);
      const fail = (message: string, permanent: boolean): void => {
        clearTimeout(timer);
        if (permanent) this.unavailableBecause(message);
        this.forget(running, message);
        reject(new Error(permanent ? this.loadError : message));
      };
      worker.on('message', (message: RenderWorkerStart | RenderJobReply) => {
        if ('ready' in message) {
          if (!message.ready) return fail(message.error, true);
          clearTimeout(timer);
          const { compileMillis, startMillis, warmMillis } = message;
          this.options.log.info(`render module loaded: compiled in ${Math.round(compileMillis)} ms, Go started in ${Math.round(startMillis)} ms, schema loaded and a warm-up build in ${Math.round(warmMillis)} ms`);
          worker.unref();
          return resolve({ compileMillis, startMillis, warmMillis });
        }
        running.pending.get(message.id)?.(message);
        running.pending.delete(message.id);
        if (!running.pending.size) worker.unref();
      });
      worker.on('error', (err) => fail(err.message, false));
      worker.on('exit', (code) => fail(`the render worker stopped (exit code ${code})`, false));
    });
  }

  /** A module that cannot load will not load on a retry either: say so once, then answer every render with it. */
  private unavailableBecause(reason: string): void {
    if (this.loadError) return;
    this.loadError = `the render module could not be loaded, renders are off: ${reason}`;
    this.options.log.error(this.loadError);
  }

  /** Drops a worker that stopped: its waiting renders get the reason, the next render starts a new one. */
  private forget(running: Running, reason: string): void {
    if (this.running === running) this.running = undefined;
    for (const [id, settle] of running.pending) settle({ id, error: reason });
    running.pending.clear();
    running.worker.terminate();
  }

  private scheduleIdleStop(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleMs);
    this.idleTimer.unref();
  }

  private stop(): void {
    clearTimeout(this.idleTimer);
    if (this.running) this.forget(this.running, 'the render worker was stopped');
  }
}

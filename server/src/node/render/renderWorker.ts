// The render process (a child of the server or the checker; a worker thread works too): loads the render module (Go compiled to WebAssembly, tools/render) and answers jobs one at
// a time. Renders are synchronous and take tens of milliseconds to seconds, so they never run in the server's
// process. The module gets no filesystem and no network: wasm_exec.js's stubs stand in for both.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInThisContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderJob, RenderJobReply, RenderStartTimes, RenderWorkerData, RenderWorkerStart } from './protocol';

// The few WebAssembly calls used here (the project's TypeScript libraries do not declare WebAssembly).
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}

interface GoRuntime {
  env: Record<string, string>;
  importObject: object;
  run(instance: object): Promise<void>;
}

/** The two functions the Go module puts on globalThis (tools/render/main_js.go), and its memory. */
interface RenderModule {
  render(json: string): string;
  sync(paths: string[], texts: (string | null)[]): string;
  memoryBytes(): number;
}

const globals = globalThis as unknown as {
  WebAssembly: WasmApi;
  /** wasm_exec.js's stand-in for a filesystem: it only writes stdout and stderr. */
  fs: { writeSync(fd: number, buf: Uint8Array): number };
  Go: new () => GoRuntime;
  fluxGitopsRender?: RenderModule['render'];
  fluxGitopsSync?: RenderModule['sync'];
  fluxGitopsRenderReady?: () => void;
};

/** Compiles and starts the module, then has it load kustomize's schema and build a warm-up folder; resolves once it can render. */
async function load(moduleDir: string, gcPercent?: number): Promise<{ module: RenderModule } & RenderStartTimes> {
  const glue = path.join(moduleDir, 'wasm_exec.js');
  runInThisContext(readFileSync(glue, 'utf8'), { filename: glue });
  // What Go writes to stdout or stderr (kustomize prints deprecation notes there) would reach the parent's
  // stdout, which is the language server's channel: drop it. The module reports warnings in its answers.
  globals.fs.writeSync = (_fd, buf) => buf.length;
  const started = performance.now();
  const module = await globals.WebAssembly.compile(readFileSync(path.join(moduleDir, 'render.wasm')));
  const compiled = performance.now();
  const go = new globals.Go();
  // Go reads its environment from here in WebAssembly: GOGC sets how much the heap grows between collections.
  if (gcPercent !== undefined) go.env = { ...go.env, GOGC: String(gcPercent) };
  const ready = new Promise<void>((resolve) => {
    globals.fluxGitopsRenderReady = resolve;
  });
  const instance = await globals.WebAssembly.instantiate(module, go.importObject);
  const exited = go.run(instance).then(() => {
    throw new Error('the render module exited while starting');
  });
  await Promise.race([ready, exited]);
  void exited.catch(() => process.exit(1)); // Go never exits on its own: if it does, this worker is done.
  const { fluxGitopsRender: render, fluxGitopsSync: sync } = globals;
  if (!render || !sync) throw new Error('the render module did not register fluxGitopsRender and fluxGitopsSync');
  const goStarted = performance.now();
  render(JSON.stringify({ op: 'warm' }));
  const warmed = performance.now();
  const { mem } = (instance as { exports: { mem: { buffer: ArrayBuffer } } }).exports;
  const memoryBytes = (): number => mem.buffer.byteLength;
  return { module: { render, sync, memoryBytes }, compileMillis: compiled - started, startMillis: goStarted - compiled, warmMillis: warmed - goStarted };
}

function answer(module: RenderModule, job: RenderJob): RenderJobReply {
  try {
    // A file the module cannot place (a path clashing with a folder) is left out; the render goes on.
    if (job.sync) module.sync(job.sync.paths, job.sync.texts);
    return { id: job.id, result: module.render(job.render), memoryBytes: module.memoryBytes() };
  } catch (err) {
    return { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Where jobs come from and answers go: the parent process's IPC channel (or a worker thread's port). */
interface Port {
  postMessage(message: RenderWorkerStart | RenderJobReply): void;
  on(event: 'message', listener: (job: RenderJob) => void): void;
}

function portOf(): Port | undefined {
  if (parentPort) return parentPort as unknown as Port;
  if (!process.send) return undefined;
  // The server went away: so does its render process.
  process.on('disconnect', () => process.exit(0));
  return { postMessage: (m) => void process.send!(m), on: (_event, listener) => void process.on('message', listener) };
}

async function main(port: Port): Promise<void> {
  const { moduleDir, gcPercent } = (workerData ?? JSON.parse(process.argv[2] ?? '{}')) as RenderWorkerData;
  let loaded: Awaited<ReturnType<typeof load>>;
  try {
    loaded = await load(moduleDir, gcPercent);
  } catch (err) {
    port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies RenderWorkerStart);
    return;
  }
  const { module, ...times } = loaded;
  port.on('message', (job: RenderJob) => port.postMessage(answer(module, job)));
  port.postMessage({ ready: true, ...times } satisfies RenderWorkerStart);
}

const port = portOf();
if (port) void main(port);

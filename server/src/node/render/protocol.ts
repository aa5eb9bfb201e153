// Messages between the Renderer (main thread) and the render worker. Renders stay JSON text end to end (the Go
// module reads and writes JSON, so the worker never parses what it forwards); a file delta travels as two
// arrays, which the module reads without decoding JSON.

/** What the worker is given when it starts: the folder holding render.wasm and wasm_exec.js, and Go's GOGC. */
export interface RenderWorkerData {
  moduleDir: string;
  gcPercent?: number;
}

/** Start-up times: compiling the module, starting Go, parsing kustomize's schema ahead of the first render. */
export interface RenderStartTimes {
  compileMillis: number;
  startMillis: number;
  warmMillis: number;
}

/** The worker's first message: loaded (with its start-up times), or why it could not load. */
export type RenderWorkerStart = ({ ready: true } & RenderStartTimes) | { ready: false; error: string };

/** Files to write (text) or delete (null), as parallel arrays. */
export interface RenderDelta {
  paths: string[];
  texts: (string | null)[];
}

/** One job: optionally a file delta to apply first, then one render (a JSON message for the module). */
export interface RenderJob {
  id: number;
  sync?: RenderDelta;
  render: string;
}

/** The answer to a job: the module's JSON answer to the render, or what went wrong, and the module's memory. */
export interface RenderJobReply {
  id: number;
  result?: string;
  error?: string;
  /** Size of the module's linear memory (Go's heap; it only grows) after the job. */
  memoryBytes?: number;
}

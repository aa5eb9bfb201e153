// Drives the bundled checker and the bundled server (over LSP, started as the extension starts it) with a
// batch of fuzz cases, and says what went wrong: a crash, an exit code other than 0 or 1, a report that does
// not parse, an error response, a request over the time limit, a dead server, memory over the limit.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileUri, ROOT, startServer } from '../lsp/lspClient';
import { rng, type FuzzCase } from './mutate';

export interface Limits {
  /** A request slower than this is a finding. */
  readonly requestMs: number;
  /** Peak resident memory of the server, and of one checker run. */
  readonly serverRssMiB: number;
  readonly checkerRssMiB: number;
  /** A checker run (of a whole batch) slower than this is a finding. */
  readonly checkerMs: number;
}

export interface Finding {
  readonly tool: 'checker' | 'server';
  readonly what: string;
  /** The cases involved (one once minimized). */
  readonly cases: readonly string[];
}

export interface CheckerRun {
  readonly status: number | null;
  readonly signal: string | null;
  readonly millis: number;
  readonly rssMiB: number;
  readonly problem?: string;
}

/** Runs `cli.js check DIR --format json` and judges the run. */
export function runChecker(dir: string, limits: Limits, dist = path.join(ROOT, 'dist')): CheckerRun {
  const out = path.join(dir, '..', `${path.basename(dir)}.report.json`);
  const rssFile = path.join(dir, '..', `${path.basename(dir)}.rss`);
  rmSync(rssFile, { force: true });
  const fd = openSync(out, 'w');
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(__dirname, 'rss.cjs'), path.join(dist, 'cli.js'), 'check', dir, '--format', 'json'], {
    stdio: ['ignore', fd, 'pipe'], env: { ...process.env, FUZZ_RSS_FILE: rssFile }, timeout: Math.ceil(Math.max(limits.checkerMs * 4, 60_000)), maxBuffer: 64 << 20,
  });
  closeSync(fd);
  const millis = performance.now() - started;
  const rssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  const stderr = String(r.stderr ?? '').split('\n').slice(0, 3).join(' | ');
  let problem: string | undefined;
  if (r.error) problem = `did not finish: ${r.error.message}`;
  else if (r.signal) problem = `killed by ${r.signal}: ${stderr}`;
  else if (r.status !== 0 && r.status !== 1) problem = `exit code ${r.status}: ${stderr}`;
  else if (!parses(out)) problem = 'the JSON report does not parse';
  else if (rssMiB > limits.checkerRssMiB) problem = `peak RSS ${rssMiB.toFixed(0)} MiB over ${limits.checkerRssMiB} MiB`;
  else if (millis > limits.checkerMs) problem = `took ${millis.toFixed(0)} ms, over ${limits.checkerMs} ms`;
  rmSync(out, { force: true });
  return { status: r.status, signal: r.signal, millis, rssMiB, problem };
}

function parses(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** A request slower than the p99 target, with what it was asked on: where the tail comes from. */
export interface SlowRequest {
  readonly ms: number;
  readonly method: string;
  readonly case: string;
  readonly mutations: readonly string[];
  readonly chars: number;
  /** When it was sent (ms since the epoch), to line it up with a profile of the server. */
  readonly at: number;
}

/** Requests at least this slow are listed (the p99 target). */
export const SLOW_MS = 20;

export interface ServerRun {
  /** Latency of every request, in ms. */
  readonly latencies: number[];
  readonly slow: SlowRequest[];
  readonly peakRssMiB: number;
  readonly findings: Finding[];
}

/** The requests sent for each case, at seeded positions. */
const REQUESTS = ['textDocument/completion', 'textDocument/hover', 'textDocument/documentSymbol', 'textDocument/definition', 'textDocument/codeAction'];
/** Open documents kept at most (older ones are closed, as an editor closes tabs). */
const OPEN_AT_ONCE = 20;
/** A request that takes this long is not slow but hung: the run stops waiting for it. */
const HUNG_MS = 30_000;

/** Starts the server on `dir` (where the cases are files too), opens, edits and queries each case. */
export async function runServer(dir: string, cases: readonly FuzzCase[], files: ReadonlyMap<string, string>, limits: Limits, seed: number, dist = path.join(ROOT, 'dist')): Promise<ServerRun> {
  // FUZZ_SERVER: another server script (e.g. one that records a CPU profile) in place of the bundle's.
  const s = await startServer(dir, { serverPath: process.env.FUZZ_SERVER ?? path.join(dist, 'server.js') });
  const latencies: number[] = [];
  const slow: SlowRequest[] = [];
  const findings: Finding[] = [];
  let peak = 0;
  const sampleRss = () => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${s.process.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // Not Linux, or the server is gone (reported below).
    }
  };
  const open: string[] = [];
  try {
    await s.waitForLog(/Indexed/, 120_000);
    for (const c of cases) {
      if (s.process.exitCode !== null) break;
      const r = rng(seed ^ c.text.length);
      const uri = fileUri(path.join(dir, files.get(c.id)!));
      // Each request is timed from when it is sent, after the notifications before it are written: what the
      // server takes, not what this client takes to encode megabytes.
      await s.open(uri, c.text);
      open.push(uri);
      for (const method of REQUESTS) {
        const what = await timed(s.connection, method, uri, c, r, latencies);
        if (what) findings.push({ tool: 'server', what: `${method}: ${what}`, cases: [c.id] });
      }
      // A few edits, then one more request behind them.
      for (let v = 2; v < 2 + Math.floor(r() * 4); v++) await s.change(uri, c.text.slice(0, Math.floor(r() * c.text.length)), v);
      const what = await timed(s.connection, 'textDocument/completion after edits', uri, c, r, latencies);
      if (what) findings.push({ tool: 'server', what: `completion after edits: ${what}`, cases: [c.id] });
      if (open.length > OPEN_AT_ONCE) void s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: open.shift() } });
      sampleRss();
    }
  } catch (err) {
    findings.push({ tool: 'server', what: `the session failed: ${(err as Error).message.split('\n')[0]}`, cases: cases.map((c) => c.id) });
  }
  sampleRss();
  if (s.process.exitCode !== null) findings.push({ tool: 'server', what: `the server exited (code ${s.process.exitCode})`, cases: cases.map((c) => c.id) });
  if (peak > limits.serverRssMiB) findings.push({ tool: 'server', what: `peak RSS ${peak.toFixed(0)} MiB over ${limits.serverRssMiB} MiB`, cases: cases.map((c) => c.id) });
  const errors = s.logs.filter((l) => /failed|Uncaught|Unhandled/.test(l));
  if (errors.length) findings.push({ tool: 'server', what: `logged errors: ${errors.slice(0, 3).join(' | ').slice(0, 500)}`, cases: cases.map((c) => c.id) });
  await Promise.race([s.stop(), new Promise((r) => setTimeout(r, 5000))]);
  if (s.process.exitCode === null) s.process.kill();
  return { latencies, slow, peakRssMiB: peak, findings };

  async function timed(connection: typeof s.connection, label: string, uri: string, c: FuzzCase, r: () => number, out: number[]): Promise<string | undefined> {
    const method = label.split(' ')[0];
    const lines = c.text.split('\n', 2000);
    const line = Math.floor(r() * lines.length);
    const position = { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 1)) };
    const params = method === 'textDocument/codeAction'
      ? { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }
      : { textDocument: { uri }, position };
    const started = performance.now();
    let error: string | undefined;
    const answer = connection.sendRequest(method, params).then(() => undefined, (e: Error) => `error response: ${e.message}`);
    const result = await Promise.race([answer, new Promise<string>((res) => setTimeout(() => res('hung'), HUNG_MS))]);
    const millis = performance.now() - started;
    out.push(millis);
    if (millis >= SLOW_MS) slow.push({ ms: Math.round(millis * 10) / 10, method: label, case: c.id, mutations: c.mutations, chars: c.text.length, at: Math.round(performance.timeOrigin + started) });
    if (result) error = result === 'hung' ? `no answer in ${HUNG_MS} ms` : result;
    else if (millis > limits.requestMs) error = `took ${millis.toFixed(0)} ms, over ${limits.requestMs} ms`;
    return error;
  }
}

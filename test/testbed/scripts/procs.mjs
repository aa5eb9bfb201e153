// Starting and stopping the testbed's background processes. Every process runs under run-logged.mjs,
// which writes pid files into <state>/pids; stopping only ever signals the pids found there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, readPid } from './state.mjs';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'run-logged.mjs');

// `ready` ({ url, tls: 'admin' | 'insecure' | undefined }) says which URL answers 200 once the process serves.
// The launch is recorded in <state>/launch/<name>.json, so restart.mjs can start the process again alike.
export function startProcess(p, name, binary, args, { criFile = '-', env = {}, ready } = {}) {
  mkdirSync(p.launch, { recursive: true, mode: 0o700 });
  writeFileSync(join(p.launch, `${name}.json`), JSON.stringify({ name, binary, args, criFile, env, ready }, null, 2), { mode: 0o600 });
  const child = spawn(process.execPath, [RUNNER, name, p.dir, criFile, '--', binary, ...args], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  child.unref();
  return child.pid;
}

// A check for waitUntil: the process's readiness URL answers 200. Admin TLS reads the testbed's certificates.
export function readyCheck(p, ready) {
  const tls = ready.tls === 'admin'
    ? { ca: readFileSync(join(p.pki, 'ca.crt')), cert: readFileSync(join(p.pki, 'admin.crt')), key: readFileSync(join(p.pki, 'admin.key')) }
    : ready.tls === 'insecure' ? { rejectUnauthorized: false } : {};
  return async () => (await httpStatus(ready.url, tls)) === 200;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `check` (which returns true when ready) until it passes; the error names what never became ready.
// With `pidFile`, a process that has exited fails the wait at once instead of at the timeout.
export async function waitUntil(what, check, timeoutMs, { logFile, pidFile } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not ready';
  while (Date.now() < deadline) {
    const pid = pidFile ? readPid(pidFile) : null;
    if (pidFile && (!pid || !isAlive(pid)) && Date.now() > deadline - timeoutMs + 1000) {
      lastError = 'the process exited';
      break;
    }
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err.message;
    }
    await sleep(250);
  }
  const tail = logFile ? `\n--- last lines of ${logFile} ---\n${tailFile(logFile, 25)}` : '';
  throw new Error(`${what} not ready (${lastError}; waited up to ${timeoutMs / 1000}s)${tail}`);
}

export function tailFile(file, lines) {
  if (!existsSync(file)) return '(no log file)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

// GET a URL and resolve with the status code; TLS options are passed through for https.
export function httpStatus(url, tls = {}) {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { timeout: 3000, ...tls }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export function portFree(host, port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function pidFiles(p) {
  if (!existsSync(p.pids)) return [];
  return readdirSync(p.pids).filter((f) => f.endsWith('.pid')).map((f) => join(p.pids, f));
}

export function runningPids(p) {
  return pidFiles(p).map((file) => ({ file, pid: readPid(file) })).filter((e) => e.pid && isAlive(e.pid));
}

// Stops clients before servers: everything else first, then the apiserver, then etcd, so no process
// waits on a server that is already gone. Returns the number of processes stopped.
const STOP_LAST = ['kube-apiserver', 'etcd'];

// The running pids of one process: its run-logged.mjs runner and the binary it runs.
export function processPids(p, name, entries = runningPids(p)) {
  return entries.filter((e) => e.file.endsWith(`/${name}.pid`) || e.file.endsWith(`/${name}.child.pid`));
}

export async function stopAll(p, graceMs = 15_000) {
  const entries = runningPids(p);
  const group = (name) => processPids(p, name, entries);
  const last = STOP_LAST.map(group);
  const first = entries.filter((e) => !last.flat().includes(e));
  for (const batch of [first, ...last]) await stopBatch(batch, graceMs);
  for (const file of pidFiles(p)) rmSync(file, { force: true });
  return entries.length;
}

// Signals every pid of the batch (SIGTERM unless told), waits up to graceMs, then SIGKILLs the rest.
export async function stopBatch(entries, graceMs, sig = 'SIGTERM') {
  for (const { pid } of entries) signal(pid, sig);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && entries.some((e) => isAlive(e.pid))) await sleep(100);
  for (const { pid } of entries.filter((e) => isAlive(e.pid))) signal(pid, 'SIGKILL');
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // The process exited between the liveness check and the signal.
  }
}

#!/usr/bin/env node
// Restarts one testbed process by name, with the binary, arguments, ports and certificates it was started
// with (as testbed:up recorded them in <state>/launch/<name>.json), and waits until it serves again.
//
// Usage: node test/testbed/scripts/restart.mjs <name> [--kill]
//   --kill  stops it with SIGKILL (a crash) instead of SIGTERM (a clean shutdown).
// Prints one JSON line: { name, stoppedMs, readyMs } (time to stop, time from the new start to ready).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './state.mjs';
import { processPids, readyCheck, startProcess, stopBatch, waitUntil } from './procs.mjs';
import { paths } from './state.mjs';

const READY_TIMEOUT_MS = 120_000;

/** Alive and not a zombie (a killed process whose parent has not reaped it yet no longer runs). */
function runs(pid) {
  if (!isAlive(pid)) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export async function restartProcess(p, name, { kill = false } = {}) {
  const file = join(p.launch, `${name}.json`);
  if (!existsSync(file)) throw new Error(`no launch record ${file}; is ${name} a process that testbed:up started?`);
  const launch = JSON.parse(readFileSync(file, 'utf8'));
  const running = processPids(p, name);
  if (running.length === 0) throw new Error(`${name} is not running`);
  const stopping = Date.now();
  // A clean stop takes 1-2 s; one held up by long-running requests (watches of other clients) is cut after 10 s.
  await stopBatch(running, 10_000, kill ? 'SIGKILL' : 'SIGTERM');
  // After a SIGKILL the process takes a moment to go (a zombie waiting for its reaper counts as gone).
  for (let i = 0; i < 50 && running.some((e) => runs(e.pid)); i++) await new Promise((r) => setTimeout(r, 100));
  if (running.some((e) => runs(e.pid))) throw new Error(`${name} did not stop`);
  const stoppedMs = Date.now() - stopping;
  const starting = Date.now();
  startProcess(p, name, launch.binary, launch.args, { criFile: launch.criFile, env: launch.env, ready: launch.ready });
  const wait = { logFile: join(p.logs, `${name}.log`), pidFile: join(p.pids, `${name}.pid`) };
  const check = launch.ready ? readyCheck(p, launch.ready) : async () => processPids(p, name).length === 2;
  await waitUntil(`${name} after restart`, check, READY_TIMEOUT_MS, wait);
  return { name, stoppedMs, readyMs: Date.now() - starting };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, flag] = process.argv.slice(2);
  if (!name || (flag && flag !== '--kill')) {
    console.error('usage: restart.mjs <name> [--kill]');
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(await restartProcess(paths(), name, { kill: flag === '--kill' })));
  } catch (err) {
    console.error(`[testbed:restart] ERROR: ${err.message}`);
    process.exit(1);
  }
}

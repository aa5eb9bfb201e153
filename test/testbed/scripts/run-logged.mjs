#!/usr/bin/env node
// Supervises one testbed process: runs the binary, writes its output to a plain log file and, when asked,
// also to a CRI-format log file that kwok serves through the real pods/log API.
//
// Usage: node run-logged.mjs <name> <stateDir> <criLogFile|-> -- <binary> [args...]
// Writes <stateDir>/pids/<name>.pid (this runner) and <name>.child.pid (the binary), so testbed:down can
// stop both even when one of them died.
import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [name, stateDir, criFile, sep, binary, ...args] = process.argv.slice(2);
if (!name || !stateDir || !criFile || sep !== '--' || !binary) {
  console.error('usage: run-logged.mjs <name> <stateDir> <criLogFile|-> -- <binary> [args...]');
  process.exit(2);
}

const plain = createWriteStream(join(stateDir, 'logs', `${name}.log`), { flags: 'a' });
const cri = criFile === '-' ? null : createWriteStream(criFile, { flags: 'a' });

const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
writeFileSync(join(stateDir, 'pids', `${name}.pid`), `${process.pid}\n`);
if (child.pid) writeFileSync(join(stateDir, 'pids', `${name}.child.pid`), `${child.pid}\n`);

// A CRI log line is "<RFC3339Nano timestamp> <stream> F <message>"; kwok's reader parses exactly this.
function criTimestamp() {
  return new Date().toISOString().replace('Z', '000000Z');
}

function pump(stream, streamName) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    plain.write(`${line}\n`);
    cri?.write(`${criTimestamp()} ${streamName} F ${line}\n`);
  });
}

pump(child.stdout, 'stdout');
pump(child.stderr, 'stderr');

child.on('error', (err) => {
  plain.write(`[run-logged] failed to start ${binary}: ${err.message}\n`);
  process.exitCode = 127;
});
child.on('exit', (code, signal) => {
  plain.write(`[run-logged] ${name} exited with ${code ?? signal}\n`);
  plain.end(() => process.exit(code ?? 1));
  cri?.end();
});

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => child.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig));
}

#!/usr/bin/env node
// Builds the testbed binaries (etcd, kube-apiserver, kwok, Flux controllers) from the pinned Go wrapper
// modules under test/testbed/go/ into a cache folder outside the repository. A cache hit returns in seconds.
//
// Environment:
//   TESTBED_KUBECTL=1   also build kubectl from the same k8s.io/kubernetes module (optional extra).
//   TESTBED_GO_P=N      go build -p value (default 2: the machine's two cores are shared).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GO_DIR, binDir, computeKey, buildTargets } from './targets.mjs';

const goP = process.env.TESTBED_GO_P || '2';
const withKubectl = process.env.TESTBED_KUBECTL === '1';

function log(msg) {
  console.log(`[testbed:build] ${msg}`);
}

function fail(msg) {
  console.error(`[testbed:build] ERROR: ${msg}`);
  process.exit(1);
}

// Runs a command with inherited stderr and a hard timeout so a stuck download or build never hangs CI.
function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${opts.timeoutMs / 1000}s`));
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal} (in ${opts.cwd})`));
    });
  });
}


function isComplete(dir, targets) {
  return targets.every((t) => existsSync(join(dir, t.out)) && statSync(join(dir, t.out)).size > 0);
}

async function downloadAll(wrappers) {
  for (const wrapper of wrappers) {
    const cwd = join(GO_DIR, wrapper);
    log(`go mod download in go/${wrapper}`);
    try {
      await run('go', ['mod', 'download'], { cwd, timeoutMs: 20 * 60_000 });
    } catch (err) {
      fail(`downloading the modules of go/${wrapper} failed: ${err.message}. ` +
        'Check that the Go module proxy serves every version pinned in its go.mod/go.sum.');
    }
  }
}

async function buildOne(target, outDir, timings) {
  const started = Date.now();
  const args = ['build', '-p', goP, '-trimpath', '-ldflags', target.ldflags, '-o', join(outDir, target.out), target.pkg];
  log(`building ${target.out} from ${target.pkg} (go/${target.wrapper})`);
  try {
    await run('go', args, { cwd: join(GO_DIR, target.wrapper), timeoutMs: 40 * 60_000 });
  } catch (err) {
    fail(`building ${target.out} failed: ${err.message}`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  timings.push({ binary: target.out, seconds });
  log(`built ${target.out} in ${seconds}s`);
}

async function main() {
  const started = Date.now();
  let key;
  try {
    key = computeKey();
  } catch (err) {
    fail(err.message);
  }
  const dir = binDir(key);
  const targets = buildTargets({ withKubectl });
  if (isComplete(dir, targets)) {
    log(`cache hit: ${dir}`);
    return;
  }
  log(`cache miss: building into ${dir}`);
  await downloadAll([...new Set(targets.map((t) => t.wrapper))]);
  mkdirSync(dir, { recursive: true });
  const timings = [];
  for (const target of targets) {
    if (existsSync(join(dir, target.out))) continue;
    // Build next to the final path and rename, so an interrupted build never leaves a half binary behind.
    const tmpDir = `${dir}.tmp-${process.pid}`;
    mkdirSync(tmpDir, { recursive: true });
    await buildOne(target, tmpDir, timings);
    renameSync(join(tmpDir, target.out), join(dir, target.out));
    rmSync(tmpDir, { recursive: true, force: true });
  }
  writeFileSync(join(dir, '..', 'timings.json'), JSON.stringify(timings, null, 2));
  log(`done in ${Math.round((Date.now() - started) / 1000)}s: ${dir}`);
}

main().catch((err) => fail(err.stack || String(err)));

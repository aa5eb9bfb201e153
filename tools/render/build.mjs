#!/usr/bin/env node
// Builds the render module (kustomize + Flux post-build substitution, tools/render/*.go) to WebAssembly, and the
// same Go code as a native binary for the comparison tests and the bench.
// Usage: node tools/render/build.mjs [--force]
// Both are cached outside the repo under ~/.cache/flux-gitops/render/<key>/, keyed by go.mod, go.sum, every .go
// file, this script and the Go version, so a warm build hashes a few files, asks Go its version and copies two
// files into generated/render/ (render.wasm and the wasm_exec.js of the same Go).

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goEnv, run } from '../schemas/gomod.mjs';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(TOOLS_DIR, '..', '..');
const OUT_DIR = path.join(REPO_ROOT, 'generated', 'render');
const NATIVE_NAME = process.platform === 'win32' ? 'render-native.exe' : 'render-native';

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'flux-gitops', 'render');
}

/** The Go version and GOROOT, in one `go env` call. */
async function goInfo() {
  const { stdout } = await run('go', ['env', 'GOVERSION', 'GOROOT'], { env: goEnv('readonly'), check: true });
  const [version, goroot] = stdout.trim().split('\n');
  return { version, goroot };
}

/** Every input that can change the output; editing any of them gives a new cache entry. */
async function cacheKey(goVersion) {
  const names = (await readdir(TOOLS_DIR)).filter((n) => n.endsWith('.go') || n === 'go.mod' || n === 'go.sum' || n === 'build.mjs').sort();
  const hash = createHash('sha256').update(`go:${goVersion}\n`);
  for (const name of names) hash.update(`${name}\n`).update(await readFile(path.join(TOOLS_DIR, name)));
  return hash.digest('hex').slice(0, 32);
}

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Builds into a temporary folder beside the entry, then renames it into place, so readers never see half of it. */
async function buildEntry(entry, goroot) {
  const tmp = `${entry}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const env = goEnv('readonly');
  const flags = ['build', '-trimpath', '-ldflags=-s -w'];
  await run('go', [...flags, '-o', path.join(tmp, 'render.wasm'), '.'], { cwd: TOOLS_DIR, env: { ...env, GOOS: 'js', GOARCH: 'wasm' }, check: true });
  await run('go', [...flags, '-o', path.join(tmp, NATIVE_NAME), '.'], { cwd: TOOLS_DIR, env, check: true });
  await copyFile(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js'), path.join(tmp, 'wasm_exec.js'));
  await rm(entry, { recursive: true, force: true });
  await rename(tmp, entry);
}

async function copyAtomic(src, dest) {
  const tmp = `${dest}.tmp-${process.pid}`;
  await copyFile(src, tmp);
  await rename(tmp, dest);
}

async function main() {
  const force = process.argv.includes('--force');
  const started = performance.now();
  const { version, goroot } = await goInfo();
  const key = await cacheKey(version);
  const entry = path.join(cacheRoot(), key);
  let source = 'cache hit';
  if (force || !(await exists(path.join(entry, 'render.wasm')))) {
    await buildEntry(entry, goroot);
    source = 'built';
  }
  await mkdir(OUT_DIR, { recursive: true });
  await copyAtomic(path.join(entry, 'render.wasm'), path.join(OUT_DIR, 'render.wasm'));
  await copyAtomic(path.join(entry, 'wasm_exec.js'), path.join(OUT_DIR, 'wasm_exec.js'));
  // Where the native build of the same code is, for the comparison tests and the bench (never shipped).
  const manifest = { key, goVersion: version, native: path.join(entry, NATIVE_NAME) };
  await writeFile(path.join(OUT_DIR, 'native.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const bytes = (await stat(path.join(OUT_DIR, 'render.wasm'))).size;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`render: ${(bytes / 1024 / 1024).toFixed(1)} MB wasm, ${version}, ${seconds}s (${source}) -> ${path.relative(process.cwd(), OUT_DIR) || OUT_DIR}`);
}

main().catch((err) => {
  console.error(`render build failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

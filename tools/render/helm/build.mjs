#!/usr/bin/env node
// Builds the helm module (helm's template engine, helm.sh/helm/v4 as helm-controller v1.6.4 pins it, and
// tools/render/helm/*.go) to WebAssembly. Run by `npm run render` after the kustomize module. With --native it also
// builds the same Go code natively (the bench compares with it); only on demand, since it doubles a cold build. Cached outside the repo under ~/.cache/flux-gitops/render-helm/<key>/, keyed by
// go.mod, go.sum, every .go file, this script and the Go version; writes generated/render/helm/render.wasm and
// the wasm_exec.js of the same Go, so the render worker loads it like the kustomize module.
// Usage: node tools/render/helm/build.mjs [--force] [--native]

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goEnv, run } from '../../schemas/gomod.mjs';

const HELM_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HELM_DIR, '..', '..', '..');
const OUT_DIR = path.join(REPO_ROOT, 'generated', 'render', 'helm');
const NATIVE_NAME = process.platform === 'win32' ? 'helm-native.exe' : 'helm-native';

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'flux-gitops', 'render-helm');
}

async function goInfo() {
  const { stdout } = await run('go', ['env', 'GOVERSION', 'GOROOT'], { env: goEnv('readonly'), check: true });
  const [version, goroot] = stdout.trim().split('\n');
  return { version, goroot };
}

/** Every input that can change the output; editing any of them gives a new cache entry. */
async function cacheKey(goVersion) {
  const names = (await readdir(HELM_DIR)).filter((n) => n.endsWith('.go') || n === 'go.mod' || n === 'go.sum' || n === 'build.mjs').sort();
  const hash = createHash('sha256').update(`go:${goVersion}\n`);
  for (const name of names) hash.update(`${name}\n`).update(await readFile(path.join(HELM_DIR, name)));
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
  await run('go', [...flags, '-o', path.join(tmp, 'render.wasm'), '.'], { cwd: HELM_DIR, env: { ...env, GOOS: 'js', GOARCH: 'wasm' }, check: true });
  await copyFile(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js'), path.join(tmp, 'wasm_exec.js'));
  await rm(entry, { recursive: true, force: true });
  await rename(tmp, entry);
}

/** Adds the native build to a cache entry, beside its wasm. */
async function buildNative(entry) {
  const tmp = path.join(entry, `${NATIVE_NAME}.tmp-${process.pid}`);
  await run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'], { cwd: HELM_DIR, env: goEnv('readonly'), check: true });
  await rename(tmp, path.join(entry, NATIVE_NAME));
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
  const native = path.join(entry, NATIVE_NAME);
  if (process.argv.includes('--native') && !(await exists(native))) await buildNative(entry);
  await mkdir(OUT_DIR, { recursive: true });
  await copyAtomic(path.join(entry, 'render.wasm'), path.join(OUT_DIR, 'render.wasm'));
  await copyAtomic(path.join(entry, 'wasm_exec.js'), path.join(OUT_DIR, 'wasm_exec.js'));
  await writeFile(path.join(OUT_DIR, 'native.json'), `${JSON.stringify({ key, goVersion: version, ...((await exists(native)) ? { native } : {}) }, null, 2)}\n`);
  const bytes = (await stat(path.join(OUT_DIR, 'render.wasm'))).size;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`render (helm): ${(bytes / 1024 / 1024).toFixed(1)} MB wasm, ${version}, ${seconds}s (${source}) -> ${path.relative(process.cwd(), OUT_DIR) || OUT_DIR}`);
}

main().catch((err) => {
  console.error(`helm module build failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

// Builds a Go folder to WebAssembly (and optionally natively), cached outside the repository, and copies the
// result into generated/. Shared by the kustomize module (tools/render/build.mjs) and the helm module
// (tools/render/helm/build.mjs), which differ only in folder, names and when the native build is made.
// The cache entry is keyed by the Go version, every .go file of the Go module (its sub-packages too), go.mod,
// go.sum, the module's build script and this file, so a warm build hashes a few files, asks Go its version and
// copies two files. A module may generate Go code at build time (`generate`): it is written into the cache entry
// and added to the package through a build overlay, never into the source tree.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goEnv, run } from '../schemas/gomod.mjs';

const THIS_FILE = fileURLToPath(import.meta.url);
const BUILD_FLAGS = ['build', '-trimpath', '-ldflags=-s -w'];

/** The Go version and GOROOT, in one `go env` call. */
async function goInfo() {
  const { stdout } = await run('go', ['env', 'GOVERSION', 'GOROOT'], { env: goEnv('readonly'), check: true });
  const [version, goroot] = stdout.trim().split('\n');
  return { version, goroot };
}

/** The module's inputs, relative to its folder, sorted: sub-folders that are Go modules of their own are not its. */
async function inputFiles(dir, rel = '') {
  const out = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.join(rel, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testdata' && !(await exists(path.join(dir, name, 'go.mod')))) out.push(...(await inputFiles(dir, name)));
    } else if (e.name.endsWith('.go') || (!rel && ['go.mod', 'go.sum', 'build.mjs'].includes(e.name))) {
      out.push(name);
    }
  }
  return out.sort();
}

/** Every input that can change the output; editing any of them gives a new cache entry. */
async function cacheKey(dir, goVersion) {
  const hash = createHash('sha256').update(`go:${goVersion}\n`);
  for (const name of await inputFiles(dir)) hash.update(`${name}\n`).update(await readFile(path.join(dir, name)));
  hash.update(await readFile(THIS_FILE));
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

async function copyAtomic(src, dest) {
  const tmp = `${dest}.tmp-${process.pid}`;
  await copyFile(src, tmp);
  await rename(tmp, dest);
}

/**
 * The build flags for a module whose build generates code (m.generate: { command, file, tag }): runs the
 * generator natively unless `folder` has its output already, and adds the output to the package through an
 * overlay under the build tag that lets the package use it.
 */
async function generatedFlags(m, folder) {
  if (!m.generate) return [];
  const { command, file, tag } = m.generate;
  const generated = path.join(folder, 'generated', file);
  if (!(await exists(generated))) {
    await mkdir(path.dirname(generated), { recursive: true });
    await run('go', ['run', ...command, '-o', generated], { cwd: m.dir, env: goEnv('readonly'), check: true });
  }
  const overlay = path.join(folder, 'generated', 'overlay.json');
  await writeFile(overlay, JSON.stringify({ Replace: { [path.join(m.dir, file)]: generated } }));
  return [`-tags=${tag}`, `-overlay=${overlay}`];
}

/** Builds into a temporary folder beside the entry, then renames it into place, so readers never see half of it. */
async function buildEntry(m, entry, goroot) {
  const tmp = `${entry}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const env = goEnv('readonly');
  const flags = [...BUILD_FLAGS, ...(await generatedFlags(m, tmp))];
  await run('go', [...flags, '-o', path.join(tmp, 'render.wasm'), '.'], { cwd: m.dir, env: { ...env, GOOS: 'js', GOARCH: 'wasm' }, check: true });
  if (m.nativeAlways) await run('go', [...flags, '-o', path.join(tmp, m.nativeName), '.'], { cwd: m.dir, env, check: true });
  await copyFile(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js'), path.join(tmp, 'wasm_exec.js'));
  await rm(entry, { recursive: true, force: true });
  await rename(tmp, entry);
}

/** Adds the native build to a cache entry that has only the wasm. */
async function addNative(m, entry) {
  const tmp = path.join(entry, `${m.nativeName}.tmp-${process.pid}`);
  await run('go', [...BUILD_FLAGS, ...(await generatedFlags(m, entry)), '-o', tmp, '.'], { cwd: m.dir, env: goEnv('readonly'), check: true });
  await rename(tmp, path.join(entry, m.nativeName));
}

/**
 * Builds (or takes from the cache) one module and writes outDir/{render.wasm,wasm_exec.js,native.json}.
 * m: { label, dir, outDir, cacheName, nativeName, nativeAlways, native, force, generate? }.
 */
export async function buildWasmModule(m) {
  const started = performance.now();
  const { version, goroot } = await goInfo();
  const key = await cacheKey(m.dir, version);
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  const entry = path.join(base, 'flux-gitops', m.cacheName, key);
  let source = 'cache hit';
  if (m.force || !(await exists(path.join(entry, 'render.wasm')))) {
    await buildEntry(m, entry, goroot);
    source = 'built';
  }
  const native = path.join(entry, m.nativeName);
  if (m.native && !(await exists(native))) await addNative(m, entry);
  await mkdir(m.outDir, { recursive: true });
  await copyAtomic(path.join(entry, 'render.wasm'), path.join(m.outDir, 'render.wasm'));
  await copyAtomic(path.join(entry, 'wasm_exec.js'), path.join(m.outDir, 'wasm_exec.js'));
  // Where the native build of the same code is, for the comparison tests and the bench (never shipped).
  const manifest = { key, goVersion: version, ...((await exists(native)) ? { native } : {}) };
  await writeFile(path.join(m.outDir, 'native.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const bytes = (await stat(path.join(m.outDir, 'render.wasm'))).size;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`${m.label}: ${(bytes / 1024 / 1024).toFixed(1)} MB wasm, ${version}, ${seconds}s (${source}) -> ${path.relative(process.cwd(), m.outDir) || m.outDir}`);
}

/** Runs a build script's main, exiting 1 with one line on failure. */
export function runBuild(label, main) {
  main().catch((err) => {
    console.error(`${label} build failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}

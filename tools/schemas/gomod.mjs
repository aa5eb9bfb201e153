// Go toolchain side of the schema build: fetching pinned modules through the module proxy (checksum-verified)
// and building/running controller-gen. Every command is spawned with an argv array, never through a shell.

import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs a command and collects its output; rejects with stderr when it exits non-zero and `check` is set.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, check?: boolean }} [opts]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (err) => {
      const hint = /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' ? ` (is "${cmd}" installed and on PATH?)` : '';
      reject(new Error(`cannot run ${cmd}${hint}: ${err.message}`));
    });
    child.on('close', (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (opts.check && result.code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${result.code}):\n${stderr.trim()}`));
        return;
      }
      resolve(result);
    });
  });
}

/**
 * Environment for go commands: no workspace, no toolchain switching (nothing but the proxy is reachable),
 * and an explicit -mod mode replacing whatever GOFLAGS the caller had.
 * @param {'mod' | 'readonly'} mode
 */
export function goEnv(mode) {
  const flags = (process.env.GOFLAGS ?? '').split(/\s+/).filter((f) => f && !f.startsWith('-mod='));
  return { ...process.env, GOWORK: 'off', GOTOOLCHAIN: 'local', GOFLAGS: [...flags, `-mod=${mode}`].join(' ') };
}

/**
 * Splits the concatenated JSON objects that `go mod download -json` prints.
 * @param {string} text
 * @returns {any[]}
 */
export function parseJsonStream(text) {
  return text
    .split(/^\}$/m)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.startsWith('{'))
    .map((chunk) => JSON.parse(`${chunk}\n}`));
}

/**
 * Downloads (or finds in GOMODCACHE) every pinned module in one go command, checks each against its pinned
 * h1: sum, and returns module path -> extracted directory. Runs outside any module so no go.mod is consulted.
 * @param {{ module: string, version: string, sum?: string }[]} pins
 * @returns {Promise<Map<string, string>>}
 */
export async function downloadModules(pins) {
  const cwd = await mkdtemp(path.join(tmpdir(), 'flux-gitops-gomod-'));
  try {
    const args = ['mod', 'download', '-json', ...pins.map((p) => `${p.module}@${p.version}`)];
    const result = await run('go', args, { cwd, env: goEnv('mod') });
    return checkDownloads(pins, parseJsonStream(result.stdout), result);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/**
 * @param {{ module: string, version: string, sum?: string }[]} pins @param {any[]} infos
 * @param {{ code: number, stderr: string }} result
 */
function checkDownloads(pins, infos, result) {
  const dirs = new Map();
  const failures = [];
  for (const pin of pins) {
    const info = infos.find((i) => i.Path === pin.module && i.Version === pin.version);
    const id = `${pin.module}@${pin.version}`;
    if (!info) failures.push(`${id}: go reported nothing for it`);
    else if (info.Error && !needsNewerGoOnly(info, pin)) failures.push(`${id}: ${info.Error}`);
    else if (pin.sum && info.Sum !== pin.sum) failures.push(`${id}: checksum ${info.Sum} does not match pinned ${pin.sum}`);
    else if (!info.Dir) failures.push(`${id}: no extracted directory`);
    else dirs.set(pin.module, info.Dir);
  }
  if (failures.length > 0 || (result.code !== 0 && dirs.size < pins.length)) {
    const detail = failures.length > 0 ? failures.join('\n  ') : result.stderr.trim();
    throw new Error(`could not get pinned Go module(s) through the module proxy:\n  ${detail}`);
  }
  return dirs;
}

/**
 * A module whose go.mod asks for a newer Go than this one is still downloaded, verified and extracted: go
 * reports the version error after extracting it. The build only reads YAML from such a module (never compiles
 * it), so a verified zip is enough; its directory follows the module cache layout next to the zip.
 * @param {any} info @param {{ sum?: string }} pin
 */
function needsNewerGoOnly(info, pin) {
  if (!/requires go >=/.test(String(info.Error)) || !pin.sum || info.Sum !== pin.sum || typeof info.Zip !== 'string') return false;
  const match = info.Zip.match(/^(.*)\/cache\/download\/(.*)\/@v\/([^/]+)\.zip$/);
  if (!match) return false;
  info.Dir ??= `${match[1]}/${match[2]}@${match[3]}`;
  return true;
}

/**
 * Reads the version of `module` that go.mod requires, so pins.json and go.mod cannot silently disagree.
 * @param {string} goModText @param {string} module
 */
export function requiredVersion(goModText, module) {
  const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = goModText.match(new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm'));
  return match?.[1];
}

/**
 * Builds controller-gen from the tools module (go.mod/go.sum pin it and its dependencies) into binDir,
 * reusing an earlier build of the same version.
 * @param {{ module: string, version: string, package: string }} pin @param {string} toolsDir @param {string} binDir
 */
export async function buildControllerGen(pin, toolsDir, binDir) {
  const goMod = await readFile(path.join(toolsDir, 'go.mod'), 'utf8');
  const required = requiredVersion(goMod, pin.module);
  if (required !== pin.version) {
    throw new Error(`tools/schemas/go.mod requires ${pin.module} ${required ?? '(nothing)'} but pins.json says ${pin.version}; ` +
      `run: cd tools/schemas && go get -tool ${pin.package}@${pin.version}`);
  }
  const bin = path.join(binDir, `controller-gen-${pin.version}`);
  if (await exists(bin)) return bin;
  await mkdir(binDir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  try {
    await run('go', ['build', '-o', tmp, pin.package], { cwd: toolsDir, env: goEnv('readonly'), check: true });
  } catch (err) {
    throw new Error(`could not build ${pin.module}@${pin.version}: ${/** @type {Error} */ (err).message}`);
  }
  await rename(tmp, bin);
  return bin;
}

/**
 * Generates CRD YAML for every API package of a module into outDir. It runs inside the module's own
 * directory so the module's go.mod/go.sum (part of its verified zip) pin the API dependencies.
 * @param {string} bin @param {string} moduleDir @param {string} outDir @param {string} id module@version for errors
 */
export async function generateCrds(bin, moduleDir, outDir, id) {
  try {
    await run(bin, ['crd', 'paths=./...', `output:crd:dir=${outDir}`], { cwd: moduleDir, env: goEnv('readonly'), check: true });
  } catch (err) {
    throw new Error(`controller-gen failed on ${id}: ${/** @type {Error} */ (err).message}`);
  }
}

/** @param {string} file */
async function exists(file) {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

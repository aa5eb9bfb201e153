#!/usr/bin/env node
// Builds generated/schemas/<profile>.json from the pinned upstream sources in pins.json.
// Usage: node tools/schemas/build.mjs [--profile ID] [--force] [--verbose]
// A result is cached outside the repo, keyed by the pins, the Go pin files and this converter's source,
// so a warm build only hashes a few files and copies one.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(TOOLS_DIR, '..', '..');
const OUT_DIR = path.join(REPO_ROOT, 'generated', 'schemas');
// Every file whose content can change the output; editing any of them invalidates the cache.
const KEY_FILES = ['pins.json', 'go.mod', 'go.sum', 'build.mjs', 'convert.mjs', 'gomod.mjs', 'sources.mjs'];
/** Variant profiles (Flux and ESO releases beside the base's) ship in this folder, deduplicated against the base. */
const VARIANTS_DIR = 'variants';

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'flux-gitops', 'schemas');
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ profile: string | undefined, force: boolean, verbose: boolean }} */
  const opts = { profile: undefined, force: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') opts.force = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--profile') opts.profile = argv[++i];
    else throw new Error(`unknown argument ${a} (use --profile ID, --force, --verbose)`);
  }
  return opts;
}

/** @param {string} profile */
async function cacheKey(profile) {
  const hash = createHash('sha256').update(`profile:${profile}\n`);
  for (const name of KEY_FILES) {
    hash.update(`${name}\n`).update(await readFile(path.join(TOOLS_DIR, name)));
  }
  return `${profile}-${hash.digest('hex').slice(0, 32)}`;
}

/** Writes through a temporary file and a rename, so readers never see half a file. @param {string} file @param {string} text */
async function writeAtomic(file, text) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** @param {string} src @param {string} dest */
async function copyAtomic(src, dest) {
  await mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  await copyFile(src, tmp);
  await rename(tmp, dest);
}

/** Where a bundle's extra kinds (every other Kubernetes kind) live: beside it. @param {string} file */
function extraOf(file) {
  return file.replace(/\.json$/, '.extra.json');
}

/** @param {number} bytes */
function formatBytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`;
}

/**
 * @param {string} profile @param {any} pins @param {{ force: boolean, verbose: boolean }} opts
 */
async function buildProfile(profile, pins, opts) {
  const started = performance.now();
  const key = await cacheKey(profile);
  const cached = path.join(cacheRoot(), `${key}.json`);
  // A variant is kept in the cache only; variants/ carries what it adds to the base.
  const variant = !!pins.profiles[profile].variantOf;
  const out = variant ? cached : path.join(OUT_DIR, `${profile}.json`);
  let kindCount;
  let source = 'cache hit';
  if (!opts.force && (await isFile(cached))) {
    if (!variant) await copyAtomic(cached, out);
  } else {
    // Loaded only on a miss: the warm path must not pay for parsing YAML or spawning Go.
    const { generateBundle } = await import('./sources.mjs');
    const { bundle, extra } = await generateBundle(profile, pins, { toolsDir: TOOLS_DIR, binDir: path.join(cacheRoot(), 'bin'), verbose: opts.verbose });
    kindCount = bundle.kinds.length;
    // The extra kinds first: a cached bundle whose extra file is missing would be a broken hit.
    if (extra) await writeAtomic(extraOf(cached), JSON.stringify(extra));
    const text = JSON.stringify(bundle);
    await writeAtomic(cached, text);
    if (!variant) await writeAtomic(out, text);
    source = 'generated';
  }
  if (!variant && (await isFile(extraOf(cached)))) await copyAtomic(extraOf(cached), extraOf(out));
  const bytes = (await stat(out)).size;
  kindCount ??= await countKinds(out);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const rel = path.relative(process.cwd(), out) || out;
  console.log(`schemas ${profile}: ${kindCount} kinds, ${formatBytes(bytes)}, ${seconds}s (${source}) -> ${variant ? 'cache' : rel}`);
  return out;
}

/**
 * Writes variants/: an index of the variant profiles and one file per variant, each kind stored once (a kind
 * equal to the base's or an earlier variant's is a reference to it). Needs the base bundle and every variant,
 * so it runs after a full build.
 * @param {any} pins @param {Map<string, string>} built profile -> bundle file
 */
async function writeVariants(pins, built) {
  const ids = Object.keys(pins.profiles).filter((p) => pins.profiles[p].variantOf);
  if (!ids.length || !ids.every((id) => built.has(id) && built.has(pins.profiles[id].variantOf))) return;
  const { dedupeVariants } = await import('./variants.mjs');
  const read = async (/** @type {string} */ id) => JSON.parse(await readFile(/** @type {string} */ (built.get(id)), 'utf8'));
  const bases = new Map();
  for (const id of ids) {
    const base = pins.profiles[id].variantOf;
    if (!bases.has(base)) bases.set(base, await read(base));
  }
  const variants = [];
  for (const id of ids) variants.push({ id, spec: pins.profiles[id], bundle: await read(id) });
  const result = dedupeVariants(bases, variants);
  const dir = path.join(OUT_DIR, VARIANTS_DIR);
  let bytes = 0;
  for (const v of result.variants) {
    const file = path.join(dir, `${v.id}.json`);
    await writeAtomic(file, JSON.stringify(v));
    bytes += (await stat(file)).size;
  }
  const index = { variants: result.variants.map(({ kinds: _kinds, ...meta }) => meta) };
  await writeAtomic(path.join(dir, 'index.json'), JSON.stringify(index));
  console.log(`schemas variants: ${ids.join(', ')}: ${result.stored} kinds stored, ${result.shared} shared, ${formatBytes(bytes)} -> ${path.relative(process.cwd(), dir)}/`);
}

// The summary line needs the kind count; the kinds array is small next to the definitions, but the file is
// parsed whole since JSON has no cheaper way. Parsing a few MB stays well under the warm-build budget.
/** @param {string} file */
async function countKinds(file) {
  const bundle = JSON.parse(await readFile(file, 'utf8'));
  return bundle.kinds.length;
}

/** @param {string} file */
async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pins = JSON.parse(await readFile(path.join(TOOLS_DIR, 'pins.json'), 'utf8'));
  const profiles = opts.profile ? [opts.profile] : Object.keys(pins.profiles);
  const built = new Map();
  for (const profile of profiles) {
    if (!pins.profiles[profile]) throw new Error(`profile "${profile}" is not in tools/schemas/pins.json`);
    built.set(profile, await buildProfile(profile, pins, opts));
  }
  await writeVariants(pins, built);
}

main().catch((err) => {
  console.error(`schemas: FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

// Reads the pinned upstream inputs of one profile (CRD YAML, controller-gen output, Kubernetes OpenAPI v3)
// and assembles the bundle with the pure functions in convert.mjs.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  OBJECT_META, applyOverrides, checkBundle, convertCoreKind, listCoreKinds, convertCrd, parseGvk, reachableDefinitions, reindentQuotedContinuations,
} from './convert.mjs';
import { buildControllerGen, downloadModules, generateCrds } from './gomod.mjs';

/**
 * @typedef {object} SourcePin
 * @property {string} module
 * @property {string} version
 * @property {string} [sum]
 * @property {string} [crdDir] CRD YAML directory inside the module
 * @property {boolean} [controllerGen] generate the CRDs from the module's API packages
 * @property {string} [openapiDir] Kubernetes OpenAPI v3 directory inside the module
 * @property {string[]} [coreKinds] "group/version/Kind" ids to take from openapiDir
 * @property {boolean} [allKinds] also every other kind of openapiDir, into the profile's extra bundle
 */

/** @param {string} profile @param {any} pins @param {{ toolsDir: string, binDir: string, verbose: boolean }} env */
export async function generateBundle(profile, pins, env) {
  const spec = pins.profiles[profile];
  /** @type {SourcePin[]} */
  const sources = spec.sources;
  const needsGen = sources.some((s) => s.controllerGen);
  // Fetching modules and compiling controller-gen are independent; overlap them to shorten a cold build.
  const [dirs, genBin] = await Promise.all([
    downloadModules(sources),
    needsGen ? buildControllerGen(pins.controllerGen, env.toolsDir, env.binDir) : Promise.resolve(undefined),
  ]);
  const { parseAllDocuments } = await loadYaml();
  /** @type {Map<string, number>} */
  const dropped = new Map();
  const opts = { dropped };
  const kinds = [];
  /** @type {Record<string, any>} */
  let coreSchemas = {};
  /** @type {any[]} */
  const extraKinds = [];
  for (const src of sources) {
    const dir = /** @type {string} */ (dirs.get(src.module));
    const id = `${src.module}@${src.version}`;
    const before = kinds.length;
    if (src.crdDir) kinds.push(...(await crdKinds(path.join(dir, src.crdDir), `${id} ${src.crdDir}`, parseAllDocuments, opts)));
    if (src.controllerGen) kinds.push(...(await generatedKinds(/** @type {string} */ (genBin), dir, id, pins.controllerGen.version, parseAllDocuments, opts)));
    if (src.openapiDir) {
      const openapi = path.join(dir, src.openapiDir);
      const core = await coreKinds(openapi, `${id} ${src.openapiDir}`, src.coreKinds ?? [], opts);
      kinds.push(...core.kinds);
      coreSchemas = { ...core.schemas, ...coreSchemas };
      if (src.allKinds) {
        const others = (await allCoreKindIds(openapi)).filter((k) => !(src.coreKinds ?? []).includes(k));
        const extra = await coreKinds(openapi, `${id} ${src.openapiDir}`, others, opts);
        extraKinds.push(...extra.kinds);
        coreSchemas = { ...extra.schemas, ...coreSchemas };
      }
    }
    if (kinds.length === before) throw new Error(`${id} produced no kinds; check its entry in pins.json`);
  }
  const finalKinds = applyOverrides(kinds, spec.overrides ?? []);
  // A variant's CRDs reach only ObjectMeta, which its base bundle defines.
  const variant = !!spec.variantOf;
  const bundle = {
    profile,
    generatedFrom: generatedFrom(sources, pins.controllerGen, needsGen),
    kinds: finalKinds,
    definitions: variant ? {} : reachableDefinitions(finalKinds, coreSchemas, opts),
  };
  const problems = checkBundle(bundle, variant ? new Set([OBJECT_META]) : undefined);
  if (problems.length > 0) throw new Error(`bundle ${profile} is inconsistent:\n  ${problems.join('\n  ')}`);
  if (env.verbose) reportDropped(dropped);
  return { bundle, extra: extraKinds.length ? extraBundle(bundle, extraKinds, coreSchemas, opts) : undefined };
}

/**
 * The kinds few manifests use (every other Kubernetes kind), kept apart so a server loads them only when a
 * document names one: the base bundle lists their ids; their definitions are those the base lacks.
 * @param {any} bundle @param {any[]} kinds @param {Record<string, any>} coreSchemas @param {object} opts
 */
function extraBundle(bundle, kinds, coreSchemas, opts) {
  const all = reachableDefinitions(kinds, coreSchemas, opts);
  /** @type {Record<string, any>} */
  const definitions = {};
  for (const [name, node] of Object.entries(all)) if (!bundle.definitions[name]) definitions[name] = node;
  const extra = { profile: bundle.profile, generatedFrom: bundle.generatedFrom, kinds, definitions };
  const problems = checkBundle(extra, new Set(Object.keys(bundle.definitions)));
  if (problems.length > 0) throw new Error(`extra kinds of ${bundle.profile} are inconsistent:\n  ${problems.join('\n  ')}`);
  bundle.extraKinds = kinds.map((k) => `${k.apiVersion}|${k.kind}`);
  return extra;
}

/** Every creatable kind of every group/version document of a Kubernetes OpenAPI v3 directory. @param {string} dir */
async function allCoreKindIds(dir) {
  const ids = [];
  for (const file of (await readdir(dir)).sort()) {
    const m = /^api__(v[^_]+)_openapi\.json$/.exec(file) ?? /^apis__(.+)__(v[^_]+)_openapi\.json$/.exec(file);
    if (!m) continue;
    const [group, version] = m.length === 2 ? ['', m[1]] : [m[1], m[2]];
    ids.push(...listCoreKinds(JSON.parse(await readFile(path.join(dir, file), 'utf8')), group, version));
  }
  return ids;
}

async function loadYaml() {
  try {
    return await import('yaml');
  } catch {
    throw new Error('the "yaml" package is missing from node_modules; run npm ci first');
  }
}

/**
 * @param {string} dir @param {string} originPrefix
 * @param {(text: string) => any[]} parseAllDocuments @param {object} opts
 */
async function crdKinds(dir, originPrefix, parseAllDocuments, opts) {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const kinds = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    let docs = parseAllDocuments(text);
    if (docs.some((d) => d.errors?.length)) docs = parseAllDocuments(reindentQuotedContinuations(text));
    for (const doc of docs) {
      if (doc.errors?.length) throw new Error(`${originPrefix}/${file}: ${doc.errors[0].message}`);
      kinds.push(...convertCrd(doc.toJS({ maxAliasCount: -1 }), `${originPrefix}/${file}`, opts));
    }
  }
  return kinds;
}

/**
 * @param {string} bin @param {string} moduleDir @param {string} id @param {string} genVersion
 * @param {(text: string) => any[]} parseAllDocuments @param {object} opts
 */
async function generatedKinds(bin, moduleDir, id, genVersion, parseAllDocuments, opts) {
  const out = await mkdtemp(path.join(tmpdir(), 'flux-gitops-crd-'));
  try {
    await generateCrds(bin, moduleDir, out, id);
    return await crdKinds(out, `${id} (controller-gen ${genVersion})`, parseAllDocuments, opts);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Kubernetes splits its OpenAPI v3 document per group/version; "" is the core group. @param {string} id */
function openapiFile(id) {
  const { group, version } = parseGvk(id);
  return group ? `apis__${group}__${version}_openapi.json` : `api__${version}_openapi.json`;
}

/**
 * @param {string} dir @param {string} originPrefix @param {string[]} ids @param {object} opts
 */
async function coreKinds(dir, originPrefix, ids, opts) {
  /** @type {Map<string, any>} */
  const docs = new Map();
  const kinds = [];
  /** @type {Record<string, any>} */
  let schemas = {};
  for (const id of ids) {
    const file = openapiFile(id);
    if (!docs.has(file)) {
      const doc = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
      docs.set(file, doc);
      // Each document repeats the shared meta types; they are identical, so the first copy wins.
      schemas = { ...(doc.components?.schemas ?? {}), ...schemas };
    }
    kinds.push(convertCoreKind(docs.get(file), id, `${originPrefix}/${file}`, opts));
  }
  return { kinds, schemas };
}

/** @param {SourcePin[]} sources @param {{ module: string, version: string }} gen @param {boolean} needsGen */
function generatedFrom(sources, gen, needsGen) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const s of sources) out[s.module] = s.version;
  if (needsGen) out[gen.module] = gen.version;
  return out;
}

/** @param {Map<string, number>} dropped */
function reportDropped(dropped) {
  const list = [...dropped.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}=${n}`);
  console.error(`schemas: keywords not carried by the bundle format: ${list.join(', ') || 'none'}`);
}

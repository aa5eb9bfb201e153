// Pure conversion from upstream schema sources (CRD YAML documents, Kubernetes OpenAPI v3 specs)
// into the bundle format described in format.d.ts. No I/O here, so unit tests can feed small fixtures.

/** @typedef {import('./format.js').SchemaNode} SchemaNode */
/** @typedef {import('./format.js').KindSchema} KindSchema */
/** @typedef {import('./format.js').SchemaBundle} SchemaBundle */

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const CORE_REF_PREFIX = '#/components/schemas/';

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

// Keywords copied verbatim; their values are plain JSON.
const COPIED = [
  'description', 'required', 'enum', 'default', 'pattern', 'format',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'nullable',
];

// Kubernetes extensions that become boolean flags in the bundle.
const FLAGS = {
  'x-kubernetes-int-or-string': 'intOrString',
  'x-kubernetes-preserve-unknown-fields': 'preserveUnknownFields',
  'x-kubernetes-embedded-resource': 'embeddedResource',
};

// Keywords handled elsewhere, or server-side merge/list hints that an editor check does not need.
const SILENT = new Set([
  '$ref', 'type', 'properties', 'additionalProperties', 'items', 'allOf', 'oneOf', 'anyOf',
  'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions', 'x-kubernetes-group-version-kind',
  ...COPIED, ...Object.keys(FLAGS),
]);

/**
 * Options for convertNode.
 * @typedef {object} ConvertOptions
 * @property {string} [refPrefix] Prefix stripped from "$ref" values ("#/components/schemas/").
 * @property {boolean} [freeFormObjects] Mark objects without properties as preserveUnknownFields (core OpenAPI meaning).
 * @property {Map<string, number>} [dropped] Counts keywords that the bundle format cannot carry.
 */

/**
 * Converts one OpenAPI v3 / CRD structural schema node, recursively.
 * @param {any} src
 * @param {ConvertOptions} [opts]
 * @returns {SchemaNode}
 */
export function convertNode(src, opts = {}) {
  if (!isObject(src)) return {};
  const base = unwrapAllOf(src, opts);
  /** @type {SchemaNode} */
  const out = {};
  if (typeof base.$ref === 'string') out.$ref = stripRef(base.$ref, opts.refPrefix);
  if (TYPES.has(base.type)) out.type = base.type;
  else if (base.type !== undefined) countDropped(opts, `type:${base.type}`);
  // Keyword-driven copies write through an untyped view; the lists above fix which keys can appear.
  const loose = /** @type {Record<string, unknown>} */ (out);
  for (const key of COPIED) {
    if (base[key] !== undefined) loose[key] = clone(base[key]);
  }
  for (const [ext, flag] of Object.entries(FLAGS)) {
    if (base[ext] === true) loose[flag] = true;
  }
  convertChildren(base, out, opts);
  convertAlternatives(base, out, opts);
  const validations = convertValidations(base['x-kubernetes-validations']);
  if (validations) out.validations = validations;
  if (opts.freeFormObjects && isFreeFormObject(out)) out.preserveUnknownFields = true;
  for (const key of Object.keys(base)) {
    if (!SILENT.has(key)) countDropped(opts, key);
  }
  return out;
}

/** @param {any} base @param {SchemaNode} out @param {ConvertOptions} opts */
function convertChildren(base, out, opts) {
  if (isObject(base.properties)) {
    out.properties = {};
    for (const [name, child] of Object.entries(base.properties)) {
      out.properties[name] = convertNode(child, opts);
    }
  }
  if (typeof base.additionalProperties === 'boolean') out.additionalProperties = base.additionalProperties;
  else if (isObject(base.additionalProperties)) out.additionalProperties = convertNode(base.additionalProperties, opts);
  if (isObject(base.items)) out.items = convertNode(base.items, opts);
  else if (base.items !== undefined) countDropped(opts, 'items:tuple');
}

/**
 * oneOf/anyOf lists of bare numeric and string types are the int-or-string idiom (IntOrString, Quantity,
 * CRD int-or-string fields); they collapse into the intOrString flag. Anything else is kept as upstream has it.
 * @param {any} base @param {SchemaNode} out @param {ConvertOptions} opts
 */
function convertAlternatives(base, out, opts) {
  for (const key of /** @type {const} */ (['oneOf', 'anyOf'])) {
    const list = base[key];
    if (!Array.isArray(list)) continue;
    if (isIntOrStringUnion(list)) {
      out.intOrString = true;
      continue;
    }
    out[key] = list.map((item) => convertNode(item, opts));
  }
}

/** @param {unknown[]} list */
export function isIntOrStringUnion(list) {
  const types = new Set();
  for (const item of list) {
    if (!isObject(item) || Object.keys(item).some((k) => k !== 'type')) return false;
    types.add(item.type);
  }
  const numeric = types.has('integer') || types.has('number');
  return numeric && types.has('string') && [...types].every((t) => ['integer', 'number', 'string'].includes(t));
}

/**
 * Kubernetes wraps a reference in `allOf: [{$ref}]` so that it can carry its own description/default.
 * The wrapper's other keywords are kept next to the unwrapped $ref; other allOf forms are reported as dropped.
 * @param {any} src @param {ConvertOptions} opts
 */
function unwrapAllOf(src, opts) {
  if (!Array.isArray(src.allOf)) return src;
  const [first] = src.allOf;
  const single = src.allOf.length === 1 && isObject(first) && typeof first.$ref === 'string' && src.$ref === undefined;
  if (!single) {
    countDropped(opts, 'allOf');
    return src;
  }
  const { allOf: _allOf, ...rest } = src;
  return { ...rest, $ref: first.$ref };
}

/** @param {unknown} rules */
function convertValidations(rules) {
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  return rules
    .filter((r) => isObject(r) && typeof r.rule === 'string')
    .map((r) => (typeof r.message === 'string' ? { rule: r.rule, message: r.message } : { rule: r.rule }));
}

/** @param {SchemaNode} node */
function isFreeFormObject(node) {
  return node.type === 'object' && !node.properties && node.additionalProperties === undefined && !node.$ref;
}

/** @param {string} ref @param {string | undefined} prefix */
function stripRef(ref, prefix) {
  return prefix && ref.startsWith(prefix) ? ref.slice(prefix.length) : ref;
}

/**
 * Replaces the root metadata with the shared ObjectMeta reference, keeping a description when upstream had one.
 * @param {SchemaNode} schema
 * @returns {SchemaNode}
 */
export function withObjectMeta(schema) {
  const properties = { ...(schema.properties ?? {}) };
  const previous = properties.metadata;
  properties.metadata = previous?.description
    ? { $ref: OBJECT_META, description: previous.description }
    : { $ref: OBJECT_META };
  return { ...schema, type: schema.type ?? 'object', properties };
}

/**
 * Converts every version of one CustomResourceDefinition document into kind schemas.
 * @param {any} crd parsed CRD document
 * @param {string} origin "<module>@<version> <path>"
 * @param {ConvertOptions} [opts]
 * @returns {KindSchema[]}
 */
export function convertCrd(crd, origin, opts = {}) {
  if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') return [];
  const spec = crd.spec ?? {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return versions.map((/** @type {any} */ v) => {
    const raw = v.schema?.openAPIV3Schema;
    const converted = raw ? convertNode(raw, opts) : { type: /** @type {const} */ ('object'), preserveUnknownFields: true };
    /** @type {KindSchema} */
    const kind = {
      apiVersion: `${spec.group}/${v.name}`,
      group: spec.group,
      version: v.name,
      kind: spec.names?.kind,
      plural: spec.names?.plural,
      namespaced: spec.scope !== 'Cluster',
      served: v.served === true,
      storage: v.storage === true,
      deprecated: v.deprecated === true,
      origin,
      schema: withObjectMeta(converted),
    };
    if (typeof v.deprecationWarning === 'string') kind.deprecationWarning = v.deprecationWarning;
    return kind;
  });
}

/**
 * Parses "apps/v1/Deployment" or "v1/Pod" (core group) into its parts.
 * @param {string} id
 */
export function parseGvk(id) {
  const parts = id.split('/');
  if (parts.length === 2) return { group: '', version: parts[0], kind: parts[1] };
  if (parts.length === 3) return { group: parts[0], version: parts[1], kind: parts[2] };
  throw new Error(`bad kind id "${id}" (want "group/version/Kind" or "v1/Kind")`);
}

/** @param {any} entry @param {{group: string, version: string, kind: string}} gvk */
function sameGvk(entry, gvk) {
  return isObject(entry) && entry.group === gvk.group && entry.version === gvk.version && entry.kind === gvk.kind;
}

/**
 * Finds the component schema name of a kind in one OpenAPI v3 document, and its plural and scope from the
 * document's create ("post") path, e.g. /apis/apps/v1/namespaces/{namespace}/deployments.
 * @param {any} doc @param {{group: string, version: string, kind: string}} gvk
 */
export function locateCoreKind(doc, gvk) {
  const schemas = doc?.components?.schemas ?? {};
  const name = Object.keys(schemas).find((n) => {
    const list = schemas[n]['x-kubernetes-group-version-kind'];
    return n.endsWith(`.${gvk.kind}`) && Array.isArray(list) && list.some((e) => sameGvk(e, gvk));
  });
  if (!name) return undefined;
  let best;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const op = item?.post;
    if (!op || op['x-kubernetes-action'] !== 'post' || !sameGvk(op['x-kubernetes-group-version-kind'], gvk)) continue;
    const last = path.split('/').pop() ?? '';
    if (last.startsWith('{')) continue;
    if (!best || path.length < best.length) best = path;
  }
  return {
    name,
    plural: best ? best.split('/').pop() : undefined,
    namespaced: best ? best.includes('/namespaces/{namespace}/') : false,
  };
}

/**
 * Converts one core kind from an OpenAPI v3 document. Sub-structures stay as $refs into definitions.
 * @param {any} doc @param {string} id "apps/v1/Deployment" @param {string} origin
 * @param {ConvertOptions} [opts]
 * @returns {KindSchema}
 */
export function convertCoreKind(doc, id, origin, opts = {}) {
  const gvk = parseGvk(id);
  const found = locateCoreKind(doc, gvk);
  if (!found) throw new Error(`kind ${id} not found in ${origin}`);
  const schema = convertNode(doc.components.schemas[found.name], coreOptions(opts));
  return {
    apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
    group: gvk.group,
    version: gvk.version,
    kind: gvk.kind,
    ...(found.plural ? { plural: found.plural } : {}),
    namespaced: found.namespaced,
    served: true,
    storage: true,
    deprecated: false,
    origin,
    schema: withObjectMeta(schema),
  };
}

/** @param {ConvertOptions} opts @returns {ConvertOptions} */
function coreOptions(opts) {
  return { ...opts, refPrefix: CORE_REF_PREFIX, freeFormObjects: true };
}

/**
 * Collects every $ref name used in a node tree.
 * @param {unknown} node @param {Set<string>} into
 */
export function collectRefs(node, into) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return into;
  }
  if (!isObject(node)) return into;
  for (const [key, value] of Object.entries(node)) {
    // enum and default hold data, not schemas, so a "$ref" key inside them is not a reference.
    if (key === 'enum' || key === 'default') continue;
    if (key === '$ref' && typeof value === 'string') into.add(value);
    else collectRefs(value, into);
  }
  return into;
}

/**
 * Converts the definitions reachable from the given kinds (plus ObjectMeta), and nothing else.
 * @param {KindSchema[]} kinds
 * @param {Record<string, any>} sourceSchemas merged OpenAPI components.schemas
 * @param {ConvertOptions} [opts]
 * @returns {Record<string, SchemaNode>}
 */
export function reachableDefinitions(kinds, sourceSchemas, opts = {}) {
  /** @type {Record<string, SchemaNode>} */
  const definitions = {};
  const pending = [OBJECT_META, ...collectRefs(kinds.map((k) => k.schema), new Set())];
  while (pending.length > 0) {
    const name = /** @type {string} */ (pending.pop());
    if (definitions[name]) continue;
    const src = sourceSchemas[name];
    if (!src) throw new Error(`definition "${name}" is referenced but not present in the Kubernetes OpenAPI documents`);
    definitions[name] = convertNode(src, coreOptions(opts));
    pending.push(...collectRefs(definitions[name], new Set()));
  }
  return sortKeys(definitions);
}

/**
 * An override from pins.json: sets flags on matching kinds (e.g. a deprecation the CRD does not carry).
 * @typedef {object} KindOverride
 * @property {string} apiVersion
 * @property {string} [kind]
 * @property {boolean} [deprecated]
 * @property {string} [deprecationWarning]
 * @property {boolean} [served]
 */

/**
 * @param {KindSchema[]} kinds @param {KindOverride[]} overrides
 * @returns {KindSchema[]}
 */
export function applyOverrides(kinds, overrides = []) {
  for (const o of overrides) {
    if (!kinds.some((k) => matches(k, o))) {
      throw new Error(`override for ${o.apiVersion}${o.kind ? ` ${o.kind}` : ''} matches no kind`);
    }
  }
  return kinds.map((k) => {
    let out = k;
    for (const o of overrides) {
      if (!matches(k, o)) continue;
      out = { ...out };
      if (o.deprecated !== undefined) out.deprecated = o.deprecated;
      if (o.deprecationWarning !== undefined) out.deprecationWarning = o.deprecationWarning;
      if (o.served !== undefined) out.served = o.served;
    }
    return out;
  });
}

/** @param {KindSchema} k @param {KindOverride} o */
function matches(k, o) {
  return k.apiVersion === o.apiVersion && (o.kind === undefined || o.kind === k.kind);
}

/**
 * Problems that make a bundle unusable: dangling refs, duplicate kinds, missing ObjectMeta. A variant bundle
 * takes its definitions from its base, so `fromBase` names the refs it may leave to it.
 * @param {SchemaBundle} bundle @param {ReadonlySet<string>} [fromBase]
 * @returns {string[]}
 */
export function checkBundle(bundle, fromBase = new Set()) {
  const problems = [];
  if (!bundle.definitions[OBJECT_META] && !fromBase.has(OBJECT_META)) problems.push(`definitions lack ${OBJECT_META}`);
  const seen = new Set();
  for (const k of bundle.kinds) {
    const id = `${k.apiVersion}/${k.kind}`;
    if (seen.has(id)) problems.push(`duplicate kind ${id}`);
    seen.add(id);
    if (k.schema.properties?.metadata?.$ref !== OBJECT_META) problems.push(`${id}: metadata is not the ObjectMeta ref`);
  }
  const refs = collectRefs([bundle.kinds.map((k) => k.schema), bundle.definitions], new Set());
  for (const ref of refs) {
    if (!bundle.definitions[ref] && !fromBase.has(ref)) problems.push(`dangling $ref ${ref}`);
  }
  return problems;
}

/** @param {ConvertOptions} opts @param {string} key */
function countDropped(opts, key) {
  opts.dropped?.set(key, (opts.dropped.get(key) ?? 0) + 1);
}

/** @template T @param {Record<string, T>} obj @returns {Record<string, T>} */
function sortKeys(obj) {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** @param {unknown} v @returns {v is Record<string, any>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @template T @param {T} v @returns {T} */
function clone(v) {
  return v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v));
}

/**
 * Re-indents the continuation lines of a single-quoted scalar that are not indented past their key, as some
 * hand-written CRDs have them (Flagger's `description: 'APIVersion defines ...`). Go's YAML reader accepts
 * them; YAML 1.2 and the `yaml` package do not, so the build repairs them before a second parse.
 * @param {string} text
 */
export function reindentQuotedContinuations(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)(?:- )?[^\s'"#][^:]*:\s+'(.*)$/);
    if (!open || closesQuote(open[2])) continue;
    const keyIndent = open[1].length;
    for (let j = i + 1; j < lines.length; j++) {
      const indent = lines[j].length - lines[j].trimStart().length;
      if (lines[j].trim() && indent <= keyIndent) lines[j] = `${' '.repeat(keyIndent + 2)}${lines[j].trimStart()}`;
      if (closesQuote(lines[j])) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}

/** Whether a line holds a closing single quote (a lone `'`, not the `''` escape). @param {string} s */
function closesQuote(s) {
  return /(^|[^'])'('')*(\s*(#.*)?)?$/.test(s.replace(/''/g, ''));
}

/**
 * Every kind one OpenAPI v3 document of a group/version defines as a resource a manifest can create: a schema
 * with one group-version-kind of that group/version and a create path of its own (not a subresource such as
 * pods/{name}/eviction). Lists are left out. Returns "group/version/Kind" ids ("v1/Kind" for the core group).
 * @param {any} doc @param {string} group @param {string} version
 * @returns {string[]}
 */
export function listCoreKinds(doc, group, version) {
  const ids = new Set();
  for (const [path, item] of Object.entries(doc?.paths ?? {})) {
    const op = item?.post;
    const gvk = op?.['x-kubernetes-group-version-kind'];
    if (!op || op['x-kubernetes-action'] !== 'post' || !isObject(gvk) || gvk.group !== group || gvk.version !== version) continue;
    const segments = path.split('/');
    if (segments[segments.length - 1].startsWith('{') || segments.slice(0, -1).includes('{name}')) continue;
    if (String(gvk.kind).endsWith('List')) continue;
    ids.add(group ? `${group}/${version}/${gvk.kind}` : `${version}/${gvk.kind}`);
  }
  return [...ids].sort();
}

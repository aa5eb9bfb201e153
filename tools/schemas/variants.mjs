// Deduplication of variant profiles: each variant's kinds are compared with the base's and with the variants
// stored before it; an equal kind (everything but its origin) is stored once and referenced elsewhere.

/**
 * @typedef {import('./format').SchemaBundle} SchemaBundle
 * @typedef {import('./format').KindSchema} KindSchema
 * @typedef {import('./format').VariantProfile} VariantProfile
 */

/** The kind without its origin, as comparable text. @param {KindSchema} k */
function fingerprint(k) {
  const { origin: _origin, ...rest } = k;
  return JSON.stringify(rest);
}

/**
 * @param {Map<string, SchemaBundle>} bases
 * @param {{ id: string, spec: { variantOf: string, replaces: string[], description: string }, bundle: SchemaBundle }[]} variants
 * @returns {{ variants: VariantProfile[], stored: number, shared: number }}
 */
export function dedupeVariants(bases, variants) {
  /** @type {Map<string, string>} fingerprint -> profile id that stores it */
  const known = new Map();
  for (const [id, base] of bases) for (const k of base.kinds) if (!known.has(fingerprint(k))) known.set(fingerprint(k), id);
  let stored = 0;
  let shared = 0;
  const out = variants.map(({ id, spec, bundle }) => {
    const kinds = bundle.kinds.map((k) => {
      const key = fingerprint(k);
      const owner = known.get(key);
      if (owner) {
        shared++;
        return { apiVersion: k.apiVersion, kind: k.kind, origin: k.origin, sameAs: owner };
      }
      known.set(key, id);
      stored++;
      return k;
    });
    return { id, base: spec.variantOf, description: spec.description, replaces: spec.replaces, generatedFrom: bundle.generatedFrom, kinds };
  });
  return { variants: out, stored, shared };
}

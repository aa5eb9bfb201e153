// Schema profiles: the base bundle (Flux 2.9, ESO 0.16, Kubernetes, Flux Operator, Flagger) and its variants
// (other Flux and ESO releases), combined on demand into one registry per choice of component versions.
// A profile id is `flux-<minor>` with `+eso-<minor>` when ESO is not the base's, e.g. `flux-2.9+eso-1.3`.
import type { KindSchema, SchemaBundle } from './types';
import type { SharedKind, VariantMeta, VariantProfile, VariantsFile } from '../../../../tools/schemas/format';
import { createRegistry, type SchemaRegistry } from './registry';

export type Component = 'flux' | 'eso';

export const COMPONENT_LABEL: Readonly<Record<Component, string>> = { flux: 'Flux', eso: 'ESO' };

/** One release of a component the catalog has schemas for. */
export interface Release {
  readonly component: Component;
  /** Minor version, e.g. "1.3". */
  readonly minor: string;
  /** The pinned module version its schemas come from, e.g. "v1.3.2". */
  readonly pinned: string;
  /** The variant that holds it; undefined for the base's own release. */
  readonly variant?: string;
}

export interface ProfileCatalog {
  readonly baseId: string;
  /** Releases of a component, oldest first. */
  releases(component: Component): readonly Release[];
  /** The registry for a profile id (its variants read on first use); throws on an id naming no release. */
  registry(id: string): SchemaRegistry;
  /** The id of a choice of releases (base releases left out). */
  idOf(choice: Readonly<Record<Component, string>>): string;
  /** The releases a profile id names (base releases filled in); undefined for an unknown id. */
  parse(id: string): Record<Component, string> | undefined;
  /** The component whose releases vary a group's kinds (ESO for external-secrets.io); undefined for others. */
  componentOf(group: string): Component | undefined;
}

/** The module whose version names a component's release in `generatedFrom`. */
const MODULES: Readonly<Record<Component, string>> = { flux: 'github.com/fluxcd/source-controller', eso: 'github.com/external-secrets/external-secrets' };

export function minorOf(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : version;
}

function componentOfVariant(v: VariantMeta): Component {
  return v.id.startsWith('eso-') ? 'eso' : 'flux';
}

/**
 * @param index the variants there are (variants/index.json)
 * @param loadVariant reads one variant's kinds; called only when a profile needs that variant
 */
export function createCatalog(base: SchemaBundle, index: VariantsFile | undefined, loadVariant: (id: string) => VariantProfile, loadExtra?: () => SchemaBundle): ProfileCatalog {
  let extra: SchemaBundle | undefined;
  // One read of the extra kinds, shared by every profile's registry.
  const sharedExtra = loadExtra && (() => (extra ??= loadExtra()));
  const baseFlux = /^flux-(\d+\.\d+)$/.exec(base.profile)?.[1] ?? base.profile;
  const baseEso = minorOf(base.generatedFrom[MODULES.eso] ?? '');
  const list = index?.variants.filter((v) => v.base === base.profile) ?? [];
  const releases: Release[] = [
    { component: 'flux', minor: baseFlux, pinned: base.generatedFrom[MODULES.flux] ?? '' },
    { component: 'eso', minor: baseEso, pinned: base.generatedFrom[MODULES.eso] ?? '' },
    ...list.map((v): Release => {
      const component = componentOfVariant(v);
      return { component, minor: v.id.replace(/^[a-z]+-/, ''), pinned: pinnedOf(v, MODULES[component]), variant: v.id };
    }),
  ];
  const sorted = (c: Component) => releases.filter((r) => r.component === c).sort((a, b) => compareMinor(a.minor, b.minor));
  const byComponent: Record<Component, Release[]> = { flux: sorted('flux'), eso: sorted('eso') };
  const baseChoice: Record<Component, string> = { flux: baseFlux, eso: baseEso };
  const stored = new StoredKinds(base, loadVariant);
  const groupComponent = new Map(list.flatMap((v) => v.replaces.map((g) => [g, componentOfVariant(v)] as const)));
  const cache = new Map<string, SchemaRegistry>();

  const idOf = (choice: Readonly<Record<Component, string>>) =>
    `flux-${choice.flux}${choice.eso !== baseEso ? `+eso-${choice.eso}` : ''}`;
  const parse = (id: string): Record<Component, string> | undefined => {
    const m = /^flux-(\d+\.\d+)(?:\+eso-(\d+\.\d+))?$/.exec(id);
    if (!m) return undefined;
    const choice = { flux: m[1], eso: m[2] ?? baseEso };
    const known = (c: Component) => byComponent[c].some((r) => r.minor === choice[c]);
    return known('flux') && known('eso') ? choice : undefined;
  };
  const build = (id: string): SchemaRegistry => {
    const choice = parse(id);
    if (!choice) throw new Error(`No schema profile "${id}" (known: ${knownIds(byComponent, idOf).join(', ')}).`);
    const chosen = (['flux', 'eso'] as const).flatMap((c) => {
      const r = byComponent[c].find((x) => x.minor === choice[c]);
      return r?.variant ? [stored.variant(r.variant)] : [];
    });
    const registry = createRegistry(compose(base, chosen, stored, idOf(choice)), sharedExtra);
    // Each other release of the group's component, the rest unchanged: where a field unknown here may be known.
    const otherReleases = (group: string) => {
      const c = groupComponent.get(group);
      return c ? byComponent[c].filter((r) => r.minor !== choice[c]).map((r) => get(idOf({ ...choice, [c]: r.minor }))) : [];
    };
    return Object.freeze({ ...registry, otherReleases });
  };
  const get = (id: string): SchemaRegistry => {
    let hit = cache.get(id);
    if (!hit) cache.set(id, (hit = build(id)));
    return hit;
  };
  return Object.freeze({
    baseId: idOf(baseChoice),
    releases: (c: Component) => byComponent[c],
    registry: get,
    idOf,
    parse,
    componentOf: (group: string) => groupComponent.get(group),
  });
}

function knownIds(by: Record<Component, Release[]>, idOf: (c: Record<Component, string>) => string): string[] {
  return by.flux.flatMap((f) => by.eso.map((e) => idOf({ flux: f.minor, eso: e.minor })));
}

/** A variant's version of the module (or its `/api` submodule) that names the component's release. */
function pinnedOf(v: VariantMeta, module: string): string {
  const found = Object.keys(v.generatedFrom).find((m) => m === module || m.startsWith(`${module}/`));
  return found ? v.generatedFrom[found] : '';
}

export function compareMinor(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** Every full kind schema by profile id and `apiVersion|kind`, so shared kinds resolve to one object. */
class StoredKinds {
  private readonly byProfile = new Map<string, Map<string, KindSchema>>();
  private readonly variants = new Map<string, VariantProfile>();

  constructor(base: SchemaBundle, private readonly load: (id: string) => VariantProfile) {
    this.byProfile.set(base.profile, new Map(base.kinds.map((k) => [`${k.apiVersion}|${k.kind}`, k])));
  }

  variant(id: string): VariantProfile {
    let v = this.variants.get(id);
    if (!v) {
      v = this.load(id);
      this.variants.set(id, v);
      this.byProfile.set(id, new Map(v.kinds.filter((k): k is KindSchema => !('sameAs' in k)).map((k) => [`${k.apiVersion}|${k.kind}`, k])));
    }
    return v;
  }

  resolve(k: KindSchema | SharedKind): KindSchema | undefined {
    if (!('sameAs' in k)) return k;
    if (!this.byProfile.has(k.sameAs)) this.variant(k.sameAs);
    const found = this.byProfile.get(k.sameAs)?.get(`${k.apiVersion}|${k.kind}`);
    return found && { ...found, origin: k.origin };
  }
}

/** The base's kinds with the groups each chosen variant replaces swapped for the variant's kinds. */
function compose(base: SchemaBundle, chosen: readonly VariantProfile[], stored: StoredKinds, id: string): SchemaBundle {
  if (!chosen.length) return { ...base, profile: id };
  const replaced = new Set(chosen.flatMap((v) => v.replaces));
  const kinds = base.kinds.filter((k) => !replaced.has(k.group));
  for (const v of chosen) for (const k of v.kinds) {
    const full = stored.resolve(k);
    if (full) kinds.push(full);
  }
  const generatedFrom: Record<string, string> = {};
  const variantModules = chosen.flatMap((v) => Object.keys(v.generatedFrom));
  for (const [m, version] of Object.entries(base.generatedFrom)) if (!variantModules.some((x) => x === m || x.startsWith(`${m}/`))) generatedFrom[m] = version;
  for (const v of chosen) Object.assign(generatedFrom, v.generatedFrom);
  return { profile: id, generatedFrom, kinds, definitions: base.definitions, extraKinds: base.extraKinds };
}

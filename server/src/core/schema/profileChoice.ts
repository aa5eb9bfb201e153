// Which schema profile a file is checked with: the Flux and ESO releases its cluster's own manifests declare
// (declarations.ts), each resolved to the newest profile release the written version or range admits; else the
// `profile` setting. A file shared by several clusters takes the newest release any of them declares.
import type { Model } from '../refs/model';
import type { VersionDeclaration } from '../workspace/facts';
import type { Structure } from '../workspace/structure';
import { baseName } from '../workspace/paths';
import { COMPONENT_LABEL, compareMinor, type Component, type ProfileCatalog, type Release } from './profiles';
import { admitsBelow, admitsFrom, admitsMinor, minorBounds, parseRange } from './versionRange';

/** How a declared version met the profiles: one of its minors, above all, below all, or between two. */
export type Fit = 'match' | 'newer' | 'older' | 'between';

export interface ComponentChoice {
  readonly release: Release;
  /** Why this release: "from the HelmRelease external-secrets, chart 1.3.1 (cluster production)". */
  readonly why: string;
  readonly fit?: Fit;
}

export interface ProfileChoice {
  readonly id: string;
  readonly flux: ComponentChoice;
  readonly eso: ComponentChoice;
}

/** The newest release a written version or range admits; else the nearest (newest, oldest, or the one below). */
export function chooseRelease(releases: readonly Release[], version: string): { release: Release; fit: Fit } | undefined {
  const range = parseRange(version);
  if (!range || !range.length || !releases.length) return undefined;
  const matching = releases.filter((r) => admitsMinor(range, r.minor));
  if (matching.length) return { release: matching[matching.length - 1], fit: 'match' };
  const newest = releases[releases.length - 1];
  if (admitsFrom(range, minorBounds(newest.minor)[1])) return { release: newest, fit: 'newer' };
  if (admitsBelow(range, minorBounds(releases[0].minor)[0])) return { release: releases[0], fit: 'older' };
  // Between two profiles (ESO 0.20 between 0.19 and 1.3): the nearest older one, whose fields it still has.
  const below = releases.filter((r) => admitsFrom(range, minorBounds(r.minor)[1]));
  return below.length ? { release: below[below.length - 1], fit: 'between' } : undefined;
}

export function releaseLabel(r: Release): string {
  return `${COMPONENT_LABEL[r.component]} ${r.minor}${r.pinned ? ` (${r.pinned})` : ''}`;
}

/** The bucket of declarations made outside every cluster tree. */
const OUTSIDE = '';

interface Declared {
  readonly decl: VersionDeclaration;
  readonly cluster: string;
  readonly chosen: { release: Release; fit: Fit };
}

export class ProfileChooser {
  private memo?: { structure: Structure; version: number; byCluster: Map<string, Declared[]> };
  /** Choices of files; valid while the structure, the declarations and the profile setting are the same. */
  private readonly fileMemo = new Map<string, ProfileChoice>();
  /** One choice per set of cluster trees, shared by their files (ten thousand files, a handful of choices). */
  private readonly clusterMemo = new Map<string, ProfileChoice>();
  private fileMemoKey = '';
  private fileMemoStructure?: Structure;

  constructor(private readonly catalog: ProfileCatalog) {}

  /** The profile of a file, with the reason for each component's release. */
  choiceFor(model: Model, uri: string): ProfileChoice {
    // Not the index version: an edit that declares nothing (nearly all of them) keeps every file's choice.
    const key = `${model.index.declarationsVersion}/${model.settings.profile}`;
    if (key !== this.fileMemoKey || this.fileMemoStructure !== model.structure) {
      this.fileMemoStructure = model.structure;
      this.fileMemo.clear();
      this.clusterMemo.clear();
      this.fileMemoKey = key;
    }
    let hit = this.fileMemo.get(uri);
    if (hit) return hit;
    const clusters = [...model.structure.clustersOf(uri)];
    const clustersKey = clusters.join('\n');
    hit = this.clusterMemo.get(clustersKey);
    if (!hit) this.clusterMemo.set(clustersKey, (hit = this.compute(model, clusters)));
    this.fileMemo.set(uri, hit);
    return hit;
  }

  private compute(model: Model, clusters: readonly string[]): ProfileChoice {
    const fallback = this.fallback(model.settings.profile);
    // Files outside every cluster tree (a repository without cluster folders) share the declarations made there.
    const declared = this.declarations(model);
    const pick = (c: Component): ComponentChoice => {
      const found = (clusters.length ? clusters : [OUTSIDE]).flatMap((cl) => declared.get(cl) ?? []).filter((d) => d.decl.component === c);
      if (!found.length) return fallback[c];
      const best = found.reduce((a, b) => (compareMinor(b.chosen.release.minor, a.chosen.release.minor) > 0 ? b : a));
      const where = best.cluster === OUTSIDE ? '' : ` (cluster ${baseName(best.cluster)})`;
      return { release: best.chosen.release, fit: best.chosen.fit, why: `from ${best.decl.what} ${best.decl.version}${where}` };
    };
    const flux = pick('flux');
    const eso = pick('eso');
    return { id: this.catalog.idOf({ flux: flux.release.minor, eso: eso.release.minor }), flux, eso };
  }

  private fallback(setting: string): Record<Component, ComponentChoice> {
    const parsed = this.catalog.parse(setting);
    const choice = parsed ?? this.catalog.parse(this.catalog.baseId)!;
    const why = parsed ? `the profile setting (${setting})` : `the default profile (${this.catalog.baseId})`;
    const of = (c: Component): ComponentChoice => ({ release: this.catalog.releases(c).find((r) => r.minor === choice[c])!, why });
    return { flux: of('flux'), eso: of('eso') };
  }

  /** Every declaration of the workspace by the cluster folders whose trees take in its file (else OUTSIDE). */
  private declarations(model: Model): Map<string, Declared[]> {
    const m = this.memo;
    if (m && m.structure === model.structure && m.version === model.index.declarationsVersion) return m.byCluster;
    const byCluster = new Map<string, Declared[]>();
    const objects = [...model.index.declaringFiles()].flatMap((uri) => model.index.objectsIn(uri));
    for (const o of objects) {
      for (const decl of o.facts.declares ?? []) {
        const chosen = chooseRelease(this.catalog.releases(decl.component), decl.version);
        if (!chosen) continue;
        const clusters = model.structure.clustersOf(o.uri);
        for (const cluster of clusters.size ? clusters : [OUTSIDE]) {
          byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), { decl, cluster, chosen }]);
        }
      }
    }
    this.memo = { structure: model.structure, version: model.index.declarationsVersion, byCluster };
    return byCluster;
  }
}

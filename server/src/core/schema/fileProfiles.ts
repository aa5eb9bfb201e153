// The schemas each file is checked with: its cluster's profile (profileChoice.ts; without a profile catalog,
// the one registry), with a live cluster's CRDs over it when its folder uses them (clusterCrds.ts) and the file
// holds a kind that cluster serves, and the workspace's CRDs under it when the file holds a kind only they define.
import { splitApiVersion } from '../../shared/kinds';
import type { Model } from '../refs/model';
import type { FileEntry } from '../workspace/index';
import type { ParsedFile } from '../yaml/parse';
import type { ClusterSchemaStore } from './clusterCrds';
import { ProfileChooser, type ProfileChoice } from './profileChoice';
import type { ProfileCatalog } from './profiles';
import type { SchemaRegistry } from './registry';
import { needsCrd, withCrds, workspaceCrds } from './workspaceCrds';

export interface FileProfiles {
  /** Every profile; undefined when only one registry is loaded. */
  readonly catalog?: ProfileCatalog;
  /** Why a file gets its profile; undefined without a catalog. */
  readonly profileOf: (uri: string) => ProfileChoice | undefined;
  readonly schemasFor: (uri: string) => SchemaRegistry;
}

/** apiVersion and kind of every document of a file, from its index entry. */
export function entryKinds(entry: FileEntry): (readonly [string, string])[] {
  return [...entry.objects.map((o): [string, string] => [o.apiVersion, o.kind]), ...(entry.unnamed ?? [])];
}

export function fileProfiles(
  catalog: ProfileCatalog | undefined,
  registry: SchemaRegistry,
  model: () => Model,
  parsed: (uri: string) => ParsedFile | undefined,
  clusters?: ClusterSchemaStore,
): FileProfiles {
  const chooser = catalog && new ProfileChooser(catalog);
  const profileOf = (uri: string) => chooser?.choiceFor(model(), uri);
  // From the index entry alone (its objects and its unnamed documents): reading the parse here would parse
  // every open document again that the background check has already checked.
  const kindsOf = (uri: string): (readonly [string | undefined, string | undefined])[] => {
    const entry = model().index.entry(uri);
    if (!entry) return (parsed(uri)?.docs ?? []).map((d) => [d.identity.apiVersion, d.identity.kind]);
    return entryKinds(entry);
  };
  /**
   * The cluster's releases, for the components this file's kinds belong to; the setting's for the others. A
   * file of Deployments in an ESO 1.3 cluster keeps the setting's profile, so its checks need not be redone.
   */
  const profileRegistry = (uri: string, kinds: readonly (readonly [string | undefined, string | undefined])[]) => {
    const choice = profileOf(uri);
    if (!catalog || !choice) return registry;
    const fallback = catalog.parse(registry.profile) ?? catalog.parse(catalog.baseId)!;
    const used = new Set(kinds.map(([a]) => catalog.componentOf(splitApiVersion(a ?? '').group)));
    const id = catalog.idOf({
      flux: used.has('flux') ? choice.flux.release.minor : fallback.flux,
      eso: used.has('eso') ? choice.eso.release.minor : fallback.eso,
    });
    return id === registry.profile ? registry : catalog.registry(id);
  };
  return {
    catalog,
    profileOf,
    schemasFor: (uri) => {
      const kinds = kindsOf(uri);
      const cluster = clusters?.forUri(uri);
      const profile = profileRegistry(uri, kinds);
      const own = cluster && kinds.some(([a, k]) => a && k && cluster.serves(a, k)) ? cluster.over(profile) : profile;
      const crds = workspaceCrds(model().index);
      if (!crds.byKey.size) return own;
      return kinds.some(([a, k]) => a && k && needsCrd(own, crds, a, k)) ? withCrds(own, crds) : own;
    },
  };
}

// The schemas each file is checked with: its cluster's profile (profileChoice.ts; without a profile catalog,
// the one registry), with the workspace's CRDs under it when the file holds a kind only they define.
import type { Model } from '../refs/model';
import type { ParsedFile } from '../yaml/parse';
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

export function fileProfiles(catalog: ProfileCatalog | undefined, registry: SchemaRegistry, model: () => Model, parsed: (uri: string) => ParsedFile | undefined): FileProfiles {
  const chooser = catalog && new ProfileChooser(catalog);
  const profileOf = (uri: string) => chooser?.choiceFor(model(), uri);
  const profileRegistry = (uri: string) => {
    const id = profileOf(uri)?.id;
    return !catalog || !id || id === registry.profile ? registry : catalog.registry(id);
  };
  return {
    catalog,
    profileOf,
    schemasFor: (uri) => {
      const own = profileRegistry(uri);
      const crds = workspaceCrds(model().index);
      if (!crds.byKey.size) return own;
      const kinds = [
        ...model().index.objectsIn(uri).map((o) => [o.apiVersion, o.kind]),
        ...(parsed(uri)?.docs ?? []).map((d) => [d.identity.apiVersion, d.identity.kind]),
      ];
      return kinds.some(([a, k]) => a && k && needsCrd(own, crds, a, k)) ? withCrds(own, crds) : own;
    },
  };
}

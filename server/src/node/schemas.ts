// Loads the schema bundles: next to the bundled server (dist/schemas) or, from sources, in generated/schemas.
// The base bundle and variants/ (other Flux and ESO releases, each read when first needed) make one catalog.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCatalog, type ProfileCatalog } from '../core/schema/profiles';
import type { SchemaRegistry } from '../core/schema/registry';
import type { SchemaBundle } from '../core/schema/types';
import type { VariantProfile, VariantsFile } from '../../../tools/schemas/format';

/** The bundle every profile starts from. */
export const BASE_PROFILE = 'flux-2.9';

export function schemaDirs(): string[] {
  return [path.join(__dirname, 'schemas'), path.resolve(__dirname, '../../../generated/schemas'), path.resolve(__dirname, '../../generated/schemas'), path.resolve('generated/schemas')];
}

const catalogs = new Map<string, ProfileCatalog>();

/** The catalog of profiles found in the first directory holding the base bundle (read once per directory). */
export function loadCatalog(dirs: readonly string[] = schemaDirs()): ProfileCatalog {
  const dir = dirs.find((d) => existsSync(path.join(d, `${BASE_PROFILE}.json`)));
  if (!dir) {
    throw new Error(`No schemas for profile "${BASE_PROFILE}" (looked in ${dirs.join(', ')}). Build them with \`npm run schemas\`.`);
  }
  let catalog = catalogs.get(dir);
  if (catalog) return catalog;
  const base = JSON.parse(readFileSync(path.join(dir, `${BASE_PROFILE}.json`), 'utf8')) as SchemaBundle;
  const indexFile = path.join(dir, 'variants', 'index.json');
  const index = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as VariantsFile) : undefined;
  const load = (id: string) => JSON.parse(readFileSync(path.join(dir, 'variants', `${id}.json`), 'utf8')) as VariantProfile;
  const extraFile = path.join(dir, `${BASE_PROFILE}.extra.json`);
  const loadExtra = existsSync(extraFile) ? () => JSON.parse(readFileSync(extraFile, 'utf8')) as SchemaBundle : undefined;
  catalog = createCatalog(base, index, load, loadExtra);
  catalogs.set(dir, catalog);
  return catalog;
}

export function loadRegistry(profile: string, dirs: string[] = schemaDirs()): SchemaRegistry {
  return loadCatalog(dirs).registry(profile);
}

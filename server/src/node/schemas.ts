// Loads the schema bundle of a profile: next to the bundled server (dist/schemas) or, from sources,
// in generated/schemas.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRegistry, type SchemaRegistry } from '../core/schema/registry';
import type { SchemaBundle } from '../core/schema/types';

export function schemaDirs(): string[] {
  return [path.join(__dirname, 'schemas'), path.resolve(__dirname, '../../../generated/schemas'), path.resolve(__dirname, '../../generated/schemas'), path.resolve('generated/schemas')];
}

export function loadRegistry(profile: string, dirs: string[] = schemaDirs()): SchemaRegistry {
  const file = dirs.map((d) => path.join(d, `${profile}.json`)).find((f) => existsSync(f));
  if (!file) {
    throw new Error(`No schemas for profile "${profile}" (looked in ${dirs.join(', ')}). Build them with \`npm run schemas\`.`);
  }
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as SchemaBundle;
  return createRegistry(bundle);
}

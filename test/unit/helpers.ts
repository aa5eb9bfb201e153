// Shared test helpers: the real schema registry, in-memory workspaces, and caret positions in fixtures.
import { silentLogger } from '../../server/src/core/logger';
import type { SchemaRegistry } from '../../server/src/core/schema/registry';
import { createLanguageService, type LanguageService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS, mergeSettings, type SettingsLayer } from '../../server/src/core/settings';
import { memoryHost } from '../../server/src/core/workspace/host';
import { encodeUriPath } from '../../server/src/core/workspace/uri';
import { loadCatalog, loadRegistry } from '../../server/src/node/schemas';

let cached: SchemaRegistry | undefined;

/** The real registry built from the pinned upstream schemas (run `npm run schemas` first). */
export function registry(): SchemaRegistry {
  cached ??= loadRegistry('flux-2.9');
  return cached;
}

export const CARET = '§';

/** Removes the caret marker and returns the text and the caret's offset. */
export function caret(text: string): { text: string; offset: number } {
  const offset = text.indexOf(CARET);
  if (offset < 0) throw new Error('fixture has no caret');
  return { text: text.slice(0, offset) + text.slice(offset + CARET.length), offset };
}

/** The URI of a file of the in-memory workspace, encoded as the server encodes every file URI. */
export function uriOf(relPath: string): string {
  return `file:///ws/${encodeUriPath(relPath)}`;
}

/** A language service over an in-memory workspace, with every file indexed and the given ones open. */
export async function workspace(files: Record<string, string>, layer?: SettingsLayer): Promise<LanguageService> {
  const host = memoryHost(files);
  const settings = mergeSettings(DEFAULT_SETTINGS, layer);
  const service = createLanguageService({ registry: registry(), host, logger: silentLogger, settings, catalog: loadCatalog() });
  await service.indexWorkspace();
  return service;
}

/** Opens one document (with an optional caret) in a fresh service and returns the service, uri and caret position. */
export async function openDoc(text: string, others: Record<string, string> = {}, name = 'doc.yaml', layer?: SettingsLayer) {
  const hasCaret = text.includes(CARET);
  const { text: clean, offset } = hasCaret ? caret(text) : { text, offset: 0 };
  const service = await workspace({ ...others, [name]: clean }, layer);
  const uri = uriOf(name);
  service.open(uri, 1, clean);
  const file = service.parsed(uri)!;
  return { service, uri, file, position: file.lines.positionAt(offset) };
}

/** Dedents a template literal so fixtures can be indented in the test source. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

// A Helm repository's index.yaml: the versions of one chart and where each archive is. Pure; the fetcher
// (node/charts/) brings the text and follows the URL.
import { parse as parseYaml } from 'yaml';
import { newestMatching } from './versions';

export interface IndexEntry {
  readonly version: string;
  /** Absolute URL of the archive (relative `urls` resolved against the repository URL). */
  readonly url: string;
  /** The archive's sha256 as the index states it, when it does. */
  readonly digest?: string;
}

/** The entry a range chooses, or a reason none does. */
export function chooseEntry(indexText: string, repoUrl: string, chart: string, range: string): IndexEntry | { error: string } {
  let index: unknown;
  try {
    index = parseYaml(indexText, { maxAliasCount: 100 });
  } catch (err) {
    return { error: `the repository's index.yaml does not parse (${(err as Error).message.split('\n')[0]})` };
  }
  const entries = (index as { entries?: Record<string, unknown> } | null)?.entries;
  const list = entries && typeof entries === 'object' ? entries[chart] : undefined;
  if (!Array.isArray(list) || !list.length) return { error: `the repository has no chart "${chart}"` };
  const byVersion = new Map<string, Record<string, unknown>>();
  for (const e of list) if (e && typeof e === 'object' && typeof (e as { version?: unknown }).version === 'string') byVersion.set((e as { version: string }).version, e as Record<string, unknown>);
  const version = newestMatching([...byVersion.keys()], range);
  if (!version) return { error: `no version of "${chart}" matches \`${range}\` (the repository has ${[...byVersion.keys()].slice(0, 5).join(', ')}${byVersion.size > 5 ? ', …' : ''})` };
  const entry = byVersion.get(version)!;
  const first = Array.isArray(entry.urls) ? entry.urls.find((u): u is string => typeof u === 'string') : undefined;
  if (!first) return { error: `the index lists ${chart} ${version} without a URL` };
  const url = new URL(first, `${repoUrl.replace(/\/+$/, '')}/`).toString();
  return { version, url, ...(typeof entry.digest === 'string' ? { digest: entry.digest } : {}) };
}

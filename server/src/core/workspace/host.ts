// The workspace behind an interface: the server implements it over disk and open documents,
// tests over an in-memory map (see memoryHost).
import { textHash } from '../text';
import { isChartContent } from './charts';
import { encodeUriPath } from './uri';

export interface WorkspaceHost {
  /** Workspace folder URIs (file:///...). */
  roots(): readonly string[];
  /**
   * Every YAML file URI under the roots, after .gitignore and the exclude globs. `onFound`, if given, receives
   * them in batches while the listing goes on (every file exactly once), so work can start before it ends.
   */
  listYamlFiles(onFound?: (uris: string[]) => void): Promise<string[]>;
  readFile(uri: string): Promise<string | undefined>;
  /** 'file', 'directory' or undefined when nothing is there. */
  stat(uri: string): Promise<'file' | 'directory' | undefined>;
  readDirectory(uri: string): Promise<string[]>;
  /** A cheap fingerprint of a file on disk (size and modification time), for the index cache; optional. */
  stamp?(uri: string): string | undefined;
}

/**
 * Reads files with a bounded number of reads in flight (the file system answers many at once), handing each
 * text to `use` in the order of `uris`.
 */
export async function readEach(host: WorkspaceHost, uris: readonly string[], use: (uri: string, text: string) => void, inFlight = 32): Promise<void> {
  for (let i = 0; i < uris.length; i += inFlight) {
    const batch = uris.slice(i, i + inFlight);
    const texts = await Promise.all(batch.map((u) => host.readFile(u)));
    batch.forEach((u, j) => {
      const text = texts[j];
      if (text !== undefined) use(u, text);
    });
  }
}

/** An in-memory workspace for tests: keys are paths relative to the root `file:///ws`, encoded in the URIs like on disk. */
export function memoryHost(files: Record<string, string>, root = 'file:///ws'): WorkspaceHost & { files: Map<string, string> } {
  const map = new Map(Object.entries(files).map(([p, t]) => [`${root}/${encodeUriPath(p)}`, t]));
  const isDir = (uri: string) => [...map.keys()].some((k) => k.startsWith(`${uri.replace(/\/$/, '')}/`));
  return {
    files: map,
    roots: () => [root],
    listYamlFiles: async (onFound) => {
      const uris = [...map.keys()].filter((k) => /\.ya?ml$/i.test(k) && !isChartContent(k, (u) => map.has(u))).sort();
      onFound?.(uris);
      return uris;
    },
    readFile: async (uri) => map.get(uri),
    stamp: (uri) => {
      const text = map.get(uri);
      return text === undefined ? undefined : `${text.length}:${textHash(text)}`;
    },
    stat: async (uri) => (map.has(uri) ? 'file' : isDir(uri) ? 'directory' : undefined),
    readDirectory: async (uri) => {
      const prefix = `${uri.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const k of map.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
      return [...names].sort();
    },
  };
}

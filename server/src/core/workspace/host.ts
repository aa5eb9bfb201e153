// The workspace behind an interface: the server implements it over disk and open documents,
// tests over an in-memory map (see memoryHost).

export interface WorkspaceHost {
  /** Workspace folder URIs (file:///...). */
  roots(): readonly string[];
  /** Every YAML file URI under the roots, after .gitignore and the exclude globs. */
  listYamlFiles(): Promise<string[]>;
  readFile(uri: string): Promise<string | undefined>;
  /** 'file', 'directory' or undefined when nothing is there. */
  stat(uri: string): Promise<'file' | 'directory' | undefined>;
  readDirectory(uri: string): Promise<string[]>;
}

/** An in-memory workspace for tests: keys are paths relative to the root `file:///ws`. */
export function memoryHost(files: Record<string, string>, root = 'file:///ws'): WorkspaceHost & { files: Map<string, string> } {
  const map = new Map(Object.entries(files).map(([p, t]) => [`${root}/${p}`, t]));
  const isDir = (uri: string) => [...map.keys()].some((k) => k.startsWith(`${uri.replace(/\/$/, '')}/`));
  return {
    files: map,
    roots: () => [root],
    listYamlFiles: async () => [...map.keys()].filter((k) => /\.ya?ml$/i.test(k)).sort(),
    readFile: async (uri) => map.get(uri),
    stat: async (uri) => (map.has(uri) ? 'file' : isDir(uri) ? 'directory' : undefined),
    readDirectory: async (uri) => {
      const prefix = `${uri.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const k of map.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
      return [...names].sort();
    },
  };
}

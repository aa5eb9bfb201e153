// The workspace over the file system: walks the roots, honouring .gitignore files and exclude globs.
import { promises as fs, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHART_FILE, keptInChart } from '../core/workspace/charts';
import { globToRegExp, isIgnored, parseGitignore, type IgnoreRule } from '../core/workspace/glob';
import type { WorkspaceHost } from '../core/workspace/host';
import { encodeSegment, fileUri, uriPath } from '../core/workspace/uri';

const MAX_FILES = 200_000;
/** Files up to this size are read synchronously (see readFile). */
const SYNC_READ_BYTES = 256 * 1024;

/** A file URI for a path, spelt as VS Code spells it (core/workspace/uri.ts): one key per file, open or not. */
export function toUri(fsPath: string): string {
  if (path.sep === '/') return fileUri(fsPath);
  // Windows: `C:\a\b` is `/c:/a/b` to VS Code; a UNC path keeps its host as the URI's authority.
  if (fsPath.startsWith('\\\\')) return pathToFileURL(fsPath).toString();
  return fileUri(`/${fsPath.replace(/\\/g, '/')}`);
}

export function toPath(uri: string): string {
  const posix = uriPath(uri);
  if (posix === undefined) return fileURLToPath(uri);
  if (path.sep === '/') return posix;
  return /^\/[A-Za-z]:/.test(posix) ? posix.slice(1).replace(/\//g, '\\') : fileURLToPath(uri);
}

export function diskHost(rootPaths: readonly string[], excludeGlobs: () => readonly string[]): WorkspaceHost {
  const roots = rootPaths.map((p) => toUri(path.resolve(p)));
  return {
    roots: () => roots,
    listYamlFiles: async (onFound) => {
      const walk: Walk = { excludes: excludeGlobs().map(globToRegExp), out: [], flushed: 0, dirs: 0, onFound };
      for (const root of rootPaths) await walkDir(walk, path.resolve(root), path.resolve(root), toUri(path.resolve(root)), []);
      flush(walk);
      return walk.out;
    },
    // Synchronous on purpose: workspace files are small, and the promise API's open/stat/read/close round
    // trips through the thread pool cost more than the parse when indexing thousands of them.
    readFile: async (uri) => {
      try {
        // A large file is read off the main thread, though: reading megabytes at once holds up every request.
        const file = toPath(uri);
        return statSync(file).size > SYNC_READ_BYTES ? await fs.readFile(file, 'utf8') : readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    stat: async (uri) => {
      try {
        const s = await fs.stat(toPath(uri));
        return s.isDirectory() ? 'directory' : 'file';
      } catch {
        return undefined;
      }
    },
    stamp: (uri) => {
      try {
        const s = statSync(toPath(uri));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return undefined;
      }
    },
    readDirectory: async (uri) => {
      try {
        return (await fs.readdir(toPath(uri))).sort();
      } catch {
        return [];
      }
    },
  };
}

interface Walk {
  readonly excludes: RegExp[];
  /** URIs of the files found, each built from its folder's URI and its own encoded name. */
  readonly out: string[];
  /** How many of `out` were handed to onFound. */
  flushed: number;
  dirs: number;
  readonly onFound?: (uris: string[]) => void;
}

/** Folders listed between two hand-overs of what was found (the scan starts while the walk goes on). */
const FLUSH_DIRS = 32;

function flush(walk: Walk): void {
  if (!walk.onFound || walk.flushed === walk.out.length) return;
  walk.onFound(walk.out.slice(walk.flushed));
  walk.flushed = walk.out.length;
}

/**
 * Lists the YAML files under a folder, in name order, depth first. Synchronous reads, like the file reads: one
 * readdir per folder through the thread pool costs more than the listing itself when a repository has
 * thousands of folders. Every few folders it hands what it found to onFound and lets the event loop turn.
 */
async function walkDir(walk: Walk, root: string, dir: string, dirUri: string, inherited: IgnoreRule[]): Promise<void> {
  if (walk.out.length >= MAX_FILES) return;
  if (walk.onFound && ++walk.dirs % FLUSH_DIRS === 0) {
    flush(walk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const rel = path.relative(root, dir).split(path.sep).join('/');
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  let rules = inherited;
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    let text = '';
    try {
      text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      // unreadable: nothing ignored here
    }
    rules = [...inherited, ...parseGitignore(text, rel)];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A Helm chart's templates and values are not manifests: only its crds/ and sub-charts are walked.
  const chart = entries.some((e) => e.name === CHART_FILE && e.isFile());
  for (const e of entries) {
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git' || e.name === 'node_modules') continue;
    if (chart && !keptInChart(e.name, e.isDirectory())) continue;
    if (e.isDirectory()) {
      if (isIgnored(rules, childRel, true) || walk.excludes.some((x) => x.test(`${childRel}/`) || x.test(childRel))) continue;
      await walkDir(walk, root, path.join(dir, e.name), `${dirUri}/${encodeSegment(e.name)}`, rules);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
      if (isIgnored(rules, childRel, false) || walk.excludes.some((x) => x.test(childRel))) continue;
      walk.out.push(`${dirUri}/${encodeSegment(e.name)}`);
    }
  }
}

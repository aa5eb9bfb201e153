// The workspace over the file system: walks the roots, honouring .gitignore files and exclude globs.
import { promises as fs, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { globToRegExp, isIgnored, parseGitignore, type IgnoreRule } from '../core/workspace/glob';
import type { WorkspaceHost } from '../core/workspace/host';

const MAX_FILES = 200_000;

/** Absolute POSIX paths made of these characters are the same in a file URI (no percent-encoding). */
const PLAIN_PATH = /^\/[A-Za-z0-9/._@+,=-]*$/;

/** A file URI for a path; the common case without URL parsing, which costs more than reading the file. */
export function toUri(fsPath: string): string {
  return path.sep === '/' && PLAIN_PATH.test(fsPath) ? `file://${fsPath}` : pathToFileURL(fsPath).toString();
}

export function toPath(uri: string): string {
  if (path.sep === '/' && uri.startsWith('file:///') && PLAIN_PATH.test(uri.slice(7))) return uri.slice(7);
  return fileURLToPath(uri);
}

export function diskHost(rootPaths: readonly string[], excludeGlobs: () => readonly string[]): WorkspaceHost {
  const roots = rootPaths.map((p) => toUri(path.resolve(p)));
  return {
    roots: () => roots,
    listYamlFiles: async (onFound) => {
      const walk: Walk = { excludes: excludeGlobs().map(globToRegExp), out: [], flushed: 0, dirs: 0, onFound };
      for (const root of rootPaths) await walkDir(walk, path.resolve(root), path.resolve(root), []);
      flush(walk);
      return walk.out.map(toUri);
    },
    // Synchronous on purpose: workspace files are small, and the promise API's open/stat/read/close round
    // trips through the thread pool cost more than the parse when indexing thousands of them.
    readFile: async (uri) => {
      try {
        return readFileSync(toPath(uri), 'utf8');
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
  walk.onFound(walk.out.slice(walk.flushed).map(toUri));
  walk.flushed = walk.out.length;
}

/**
 * Lists the YAML files under a folder, in name order, depth first. Synchronous reads, like the file reads: one
 * readdir per folder through the thread pool costs more than the listing itself when a repository has
 * thousands of folders. Every few folders it hands what it found to onFound and lets the event loop turn.
 */
async function walkDir(walk: Walk, root: string, dir: string, inherited: IgnoreRule[]): Promise<void> {
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
  for (const e of entries) {
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git' || e.name === 'node_modules') continue;
    if (e.isDirectory()) {
      if (isIgnored(rules, childRel, true) || walk.excludes.some((x) => x.test(`${childRel}/`) || x.test(childRel))) continue;
      await walkDir(walk, root, path.join(dir, e.name), rules);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
      if (isIgnored(rules, childRel, false) || walk.excludes.some((x) => x.test(childRel))) continue;
      walk.out.push(path.join(dir, e.name));
    }
  }
}

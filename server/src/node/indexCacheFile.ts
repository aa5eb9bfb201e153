// The index cache as one JSON file per set of workspace folders, in the extension's storage for the workspace.
// A cache written by another build of the server is ignored (its entries may not mean the same); a cache that
// cannot be read or written is no cache, never an error for the user.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CachedFiles, IndexCacheStore } from '../core/indexCache';
import type { Logger } from '../core/logger';

const FORMAT = 1;

interface CacheFile {
  readonly format: number;
  readonly build: string;
  readonly files: CachedFiles;
}

/** What identifies this build of the server: the size and time of its own bundle. */
function buildId(): string {
  try {
    const s = statSync(__filename);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

/** What names a set of workspace folders in the cache files of its storage. */
export function workspaceCacheName(roots: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([...roots].sort())).digest('hex').slice(0, 16);
}

export function fileCacheStore(dir: string, roots: readonly string[], logger: Logger): IndexCacheStore {
  const file = path.join(dir, `index-${workspaceCacheName(roots)}.json`);
  const build = buildId();
  return {
    load: () => {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
        return data.format === FORMAT && data.build === build && data.files && typeof data.files === 'object' ? data.files : undefined;
      } catch {
        return undefined;
      }
    },
    save: (files) => {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ format: FORMAT, build, files } satisfies CacheFile));
        renameSync(tmp, file);
      } catch (err) {
        logger.warn(`The index cache could not be saved in ${dir}: ${(err as Error).message}`);
      }
    },
  };
}

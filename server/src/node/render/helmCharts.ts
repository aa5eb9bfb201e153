// The bytes of a release's chart, for the helm module: every file of a chart folder of the workspace (bounded,
// binary ones such as a packaged sub-chart included, those its .helmignore leaves out neither read nor sent), or
// the archive the chart cache holds for a remote chart.
// Nothing here uses the network: a remote chart is rendered once chart resolution has put it in the cache.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isIgnored, parseHelmignore } from '../../core/charts/helmignore';
import type { ReleaseChart } from '../../core/render/helmTypes';
import { ChartCache } from '../charts/cache';
import { rangeOf, sourceOf } from '../charts/fetcher';
import { toPath } from '../diskHost';

/** A chart folder with more files or bytes than this is not rendered (real charts hold a few hundred KiB). */
export const MAX_CHART_FILES = 5000;
export const MAX_CHART_BYTES = 64 * 1024 * 1024;

export interface ChartBytes {
  /** A folder's files, relative to the chart's root. */
  readonly files?: { name: string; data: Buffer }[];
  /** An archive (.tgz). */
  readonly archive?: Buffer;
  /** Changes when the bytes do. */
  readonly key: string;
}

export class ChartBytesReader {
  private readonly cache?: ChartCache;

  constructor(cacheDir?: string) {
    this.cache = cacheDir ? new ChartCache(cacheDir) : undefined;
  }

  /** The chart's bytes; rejects with the reason they cannot be read. */
  async read(chart: ReleaseChart): Promise<ChartBytes> {
    if (chart.kind === 'folder') return readFolder(toPath(chart.dir));
    const found = await this.cache?.lookup(sourceOf(chart.plan), chart.plan.kind === 'oci' && chart.plan.digest ? { manifest: chart.plan.digest } : { range: rangeOf(chart.plan) });
    if (!found) throw new Error('the chart is not in the chart cache');
    return { archive: found.archive, key: `sha256:${found.entry.sha256}` };
  }

  /** A cheap key of the chart's current bytes: a folder's names, sizes and times; an archive's digest. */
  async key(chart: ReleaseChart): Promise<string | undefined> {
    try {
      if (chart.kind === 'folder') return (await listFolder(toPath(chart.dir))).map((f) => `${f.name}:${f.size}:${f.mtime}`).join('\n');
      return (await this.read(chart)).key;
    } catch {
      return undefined;
    }
  }
}

interface Listed {
  readonly name: string;
  readonly size: number;
  readonly mtime: number;
}

/** A .helmignore larger than this is refused (real ones are a few hundred bytes). */
const MAX_HELMIGNORE_BYTES = 64 * 1024;

/** The rules of the chart's .helmignore (helm's defaults when it has none); rejects as helm would refuse it. */
async function ignoreRules(root: string) {
  const file = path.join(root, '.helmignore');
  const size = await lstat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
  if (size !== undefined && size > MAX_HELMIGNORE_BYTES) throw new Error(`the chart's .helmignore is larger than ${MAX_HELMIGNORE_BYTES / 1024} KiB`);
  const parsed = parseHelmignore(size === undefined ? undefined : await readFile(file, 'utf8'));
  if (parsed.problem) throw new Error(parsed.problem);
  return parsed.rules;
}

/** The folder's files (no symbolic links, no .git, nothing its .helmignore leaves out), within the bounds. */
async function listFolder(root: string): Promise<Listed[]> {
  const out: Listed[] = [];
  const rules = await ignoreRules(root);
  let bytes = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git') continue;
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!isIgnored(rules, name, true)) await walk(path.join(dir, entry.name), name);
        continue;
      }
      if (!entry.isFile() || isIgnored(rules, name, false)) continue;
      const s = await lstat(path.join(dir, entry.name));
      bytes += s.size;
      out.push({ name, size: s.size, mtime: s.mtimeMs });
      if (out.length > MAX_CHART_FILES || bytes > MAX_CHART_BYTES) throw new Error(`the chart folder holds more than ${MAX_CHART_FILES} files or ${MAX_CHART_BYTES / 1024 / 1024} MiB`);
    }
  };
  await walk(root, '');
  return out;
}

async function readFolder(root: string): Promise<ChartBytes> {
  const listed = await listFolder(root);
  const hash = createHash('sha256');
  const files = await Promise.all(listed.map(async (f) => ({ name: f.name, data: await readFile(path.join(root, ...f.name.split('/'))) })));
  for (const f of files) hash.update(`${f.name}\0`).update(f.data);
  return { files, key: `sha256:${hash.digest('hex')}` };
}

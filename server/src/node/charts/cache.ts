// The chart cache on disk: archives stored by the sha256 of their bytes (`archives/<sha256>.tgz`), and a small
// catalogue (`charts.json`) saying which chart and version of which source each one is. A lookup needs no
// network, so charts fetched once keep working offline (and in CI, with the checker's `--chart-cache`).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { newestMatching } from '../../core/charts/versions';
import { chartFromJson, chartToJson, LOADED_FORMAT, type LoadedChart } from '../../core/charts/chart';

export interface CacheEntry {
  /** The source and chart: `helm|<repository url>|<chart>` or `oci|<oci:// url>`. */
  readonly source: string;
  readonly version: string;
  /** sha256 of the archive, hex. */
  readonly sha256: string;
  /** An OCI manifest digest, when the chart came from a registry (a digest-pinned ref looks it up). */
  readonly manifest?: string;
}

interface Catalogue {
  entries: CacheEntry[];
}

const CATALOGUE = 'charts.json';

export class ChartCache {
  /** Catalogue updates one after the other: two charts stored at once would each drop the other's entry. */
  private updating: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  /** The newest cached version of a source that a range admits (or the one with this manifest digest). */
  async lookup(source: string, want: { range?: string; manifest?: string }): Promise<{ entry: CacheEntry; archive: Buffer } | undefined> {
    const entries = (await this.catalogue()).entries.filter((e) => e.source === source);
    const entry = want.manifest
      ? entries.find((e) => e.manifest === want.manifest)
      : (entries.find((e) => e.version === want.range) ?? entries.find((e) => e.version === newestMatching(entries.map((x) => x.version), want.range ?? '*')));
    if (!entry) return undefined;
    const archive = await readFile(this.archivePath(entry.sha256)).catch(() => undefined);
    // A damaged archive is as good as none: the network (if allowed) brings it again.
    if (!archive || sha256(archive) !== entry.sha256) return undefined;
    return { entry, archive };
  }

  async store(source: string, version: string, archive: Buffer, manifest?: string): Promise<CacheEntry> {
    const entry: CacheEntry = { source, version, sha256: sha256(archive), ...(manifest ? { manifest } : {}) };
    await mkdir(path.join(this.dir, 'archives'), { recursive: true });
    await atomicWrite(this.archivePath(entry.sha256), archive);
    const update = this.updating.then(async () => {
      const catalogue = await this.catalogue();
      const others = catalogue.entries.filter((e) => !(e.source === source && e.version === version));
      await atomicWrite(path.join(this.dir, CATALOGUE), JSON.stringify({ entries: [...others, entry] }, null, 1));
    });
    this.updating = update.catch(() => undefined);
    await update;
    return entry;
  }

  /** The chart loaded from an archive, as kept beside it (chart.ts), if it is. */
  async loaded(sha: string): Promise<LoadedChart | undefined> {
    const text = await readFile(this.loadedPath(sha), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : chartFromJson(text);
  }

  async storeLoaded(sha: string, chart: LoadedChart): Promise<void> {
    await atomicWrite(this.loadedPath(sha), chartToJson(chart));
  }

  private loadedPath(sha: string): string {
    return path.join(this.dir, 'archives', `${sha}.${LOADED_FORMAT}.json`);
  }

  archivePath(sha: string): string {
    return path.join(this.dir, 'archives', `${sha}.tgz`);
  }

  private async catalogue(): Promise<Catalogue> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.dir, CATALOGUE), 'utf8')) as Catalogue;
      return Array.isArray(parsed?.entries) ? parsed : { entries: [] };
    } catch {
      return { entries: [] };
    }
  }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function atomicWrite(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

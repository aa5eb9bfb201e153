// A chart archive (.tgz) to the three files the values features read, and those of its sub-charts (folders under
// `charts/`, and packaged sub-charts `charts/*.tgz`, one level deep), off the main thread's critical path (zlib
// inflates on the thread pool), bounded: the inflated size is capped before the tar reader sees it (for each
// packaged sub-chart too, within what the whole may inflate to), so a small archive that inflates to gigabytes
// (a .tgz bomb) is refused with a reason.
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { CHART_FILES, type ChartFileName, type ChartTexts } from '../../core/charts/chart';
import { MAX_SUBCHARTS } from '../../core/charts/subcharts';
import { readTar, TarError } from '../../core/charts/tar';
import { toPath } from '../diskHost';
import { FetchError, mib } from './http';

const inflate = promisify(gunzip);

export interface UnpackLimits {
  readonly maxUnpackedBytes: number;
  readonly maxEntries: number;
  readonly maxFileBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxUnpackedBytes: 64 * 1024 * 1024, maxEntries: 10_000, maxFileBytes: 4 * 1024 * 1024 };

const WANTED = new Set<string>(CHART_FILES);
/** A packaged sub-chart in a chart folder larger than this is not read (as a download is capped). */
const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

export interface UnpackedChart {
  readonly files: ChartTexts;
  readonly subcharts: ChartTexts[];
}

export async function unpackChart(tgz: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<ChartTexts> {
  return (await unpackChartTree(tgz, limits)).files;
}

/** The chart's files and its sub-charts'. */
export async function unpackChartTree(tgz: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<UnpackedChart> {
  const tar = await inflated(tgz, limits.maxUnpackedBytes);
  const entries = readEntries(tar, limits, (parts) => (parts.length === 2 && WANTED.has(parts[1])) || subchartFolderFile(parts));
  const top = [...entries.keys()].find((p) => p.split('/').length === 2 && p.endsWith('/Chart.yaml'))?.split('/')[0];
  if (!top) throw new FetchError('the archive holds no Chart.yaml in a top folder');
  const subcharts: ChartTexts[] = [];
  for (const p of entries.keys()) {
    const parts = p.split('/');
    if (parts[0] === top && parts.length === 4 && parts[3] === 'Chart.yaml' && subcharts.length < MAX_SUBCHARTS) subcharts.push(textsAt(entries, `${top}/charts/${parts[2]}/`));
  }
  subcharts.push(...(await packagedSubcharts(tar, top, limits, limits.maxUnpackedBytes - tar.length, MAX_SUBCHARTS - subcharts.length)));
  return { files: textsAt(entries, `${top}/`), subcharts };
}

/**
 * The packaged sub-charts (`<top>/charts/*.tgz`): each one's own top files, within what is left of the inflate
 * budget. A sub-chart that cannot be read (larger than a kept file may be, not a chart) is left out, not an error:
 * the parent's values are still known, and its key stays free-form.
 */
async function packagedSubcharts(tar: Buffer, top: string, limits: UnpackLimits, budget: number, max: number): Promise<ChartTexts[]> {
  let archives: Map<string, Uint8Array>;
  try {
    archives = readTar(tar, (p) => {
      const parts = p.split('/');
      return parts.length === 3 && parts[0] === top && parts[1] === 'charts' && parts[2].endsWith('.tgz');
    }, limits);
  } catch {
    return [];
  }
  const out: ChartTexts[] = [];
  for (const data of [...archives.values()].slice(0, Math.max(0, max))) {
    try {
      const inner = await inflated(Buffer.from(data), Math.max(0, budget));
      budget -= inner.length;
      const innerEntries = readEntries(inner, limits, (q) => q.length === 2 && WANTED.has(q[1]));
      const innerTop = [...innerEntries.keys()].find((q) => q.endsWith('/Chart.yaml'))?.split('/')[0];
      if (innerTop) out.push(textsAt(innerEntries, `${innerTop}/`));
    } catch {
      // Over the budget or not a chart: left out (see above).
    }
  }
  return out;
}

/** `<top>/charts/<sub>/<chart file>`. */
function subchartFolderFile(parts: string[]): boolean {
  return parts[1] === 'charts' && parts.length === 4 && WANTED.has(parts[3]);
}

async function inflated(tgz: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await inflate(tgz, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/i.test((err as Error).message)) {
      throw new FetchError(`the archive inflates to more than ${mib(maxBytes)} (refused: a .tgz bomb?)`);
    }
    throw new FetchError(`the archive is not gzip data (${(err as Error).message})`);
  }
}

function readEntries(tar: Buffer, limits: UnpackLimits, want: (parts: string[]) => boolean): Map<string, Uint8Array> {
  try {
    return readTar(tar, (path) => want(path.split('/')), limits);
  } catch (err) {
    if (err instanceof TarError) throw new FetchError(`the archive cannot be read: ${err.message}`);
    throw err;
  }
}

function textsAt(entries: Map<string, Uint8Array>, prefix: string): ChartTexts {
  const out: ChartTexts = {};
  for (const name of CHART_FILES) {
    const data = entries.get(`${prefix}${name}`);
    if (data) out[name as ChartFileName] = Buffer.from(data).toString('utf8');
  }
  return out;
}

/** A packaged sub-chart of a chart folder (`charts/*.tgz`): its own three files, or undefined when it is not one. */
export async function readChartArchive(uri: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<ChartTexts | undefined> {
  const size = await stat(toPath(uri)).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
  if (size === undefined || size > MAX_ARCHIVE_BYTES) return undefined;
  const data = await readFile(toPath(uri)).catch(() => undefined);
  if (!data) return undefined;
  return (await unpackChartTree(data, limits).catch(() => undefined))?.files;
}

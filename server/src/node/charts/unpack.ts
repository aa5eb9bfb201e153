// A chart archive (.tgz) to the three files the values features read, off the main thread's critical path
// (zlib inflates on the thread pool), bounded: the inflated size is capped before the tar reader sees it, so
// a small archive that inflates to gigabytes (a .tgz bomb) is refused with a reason.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { CHART_FILES, type ChartFileName } from '../../core/charts/chart';
import { readTar, TarError } from '../../core/charts/tar';
import { FetchError, mib } from './http';

const inflate = promisify(gunzip);

export interface UnpackLimits {
  readonly maxUnpackedBytes: number;
  readonly maxEntries: number;
  readonly maxFileBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxUnpackedBytes: 64 * 1024 * 1024, maxEntries: 10_000, maxFileBytes: 4 * 1024 * 1024 };

const WANTED = new Set<string>(CHART_FILES);

export async function unpackChart(tgz: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<Partial<Record<ChartFileName, string>>> {
  let tar: Buffer;
  try {
    tar = await inflate(tgz, { maxOutputLength: limits.maxUnpackedBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/i.test((err as Error).message)) {
      throw new FetchError(`the archive inflates to more than ${mib(limits.maxUnpackedBytes)} (refused: a .tgz bomb?)`);
    }
    throw new FetchError(`the archive is not gzip data (${(err as Error).message})`);
  }
  let files: Map<string, Uint8Array>;
  try {
    // The chart's own files sit in one top folder (`podinfo/values.yaml`); sub-charts are deeper.
    files = readTar(tar, (path) => path.split('/').length === 2 && WANTED.has(path.split('/')[1]), limits);
  } catch (err) {
    if (err instanceof TarError) throw new FetchError(`the archive cannot be read: ${err.message}`);
    throw err;
  }
  const top = [...files.keys()].find((p) => p.endsWith('/Chart.yaml'))?.split('/')[0];
  if (!top) throw new FetchError('the archive holds no Chart.yaml in a top folder');
  const out: Partial<Record<ChartFileName, string>> = {};
  for (const name of CHART_FILES) {
    const data = files.get(`${top}/${name}`);
    if (data) out[name] = Buffer.from(data).toString('utf8');
  }
  return out;
}

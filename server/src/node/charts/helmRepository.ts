// A chart from a Helm repository over HTTP(S): its index.yaml (kept a few minutes, so that the charts of one
// repository cost one index), the version a range chooses, then the archive, checked against the index's digest.
import type { HelmRepoPlan } from '../../core/charts/plan';
import { chooseEntry } from '../../core/charts/repoIndex';
import { sha256 } from './cache';
import { FetchError, httpGet, statusError } from './http';
import type { FetchLimits } from './limits';

export interface Downloaded {
  readonly version: string;
  readonly archive: Buffer;
  readonly url: string;
}

const INDEX_TTL_MS = 5 * 60_000;
const indexes = new Map<string, { at: number; text: Promise<string> }>();

export async function downloadFromRepository(plan: HelmRepoPlan, limits: FetchLimits): Promise<Downloaded> {
  const text = await indexOf(plan.url, limits);
  const entry = chooseEntry(text, plan.url, plan.chart, plan.version);
  if ('error' in entry) throw new FetchError(entry.error);
  const res = await httpGet(entry.url, { maxBytes: limits.maxArchiveBytes, timeoutMs: limits.timeoutMs });
  if (res.status !== 200) throw statusError(res, `the archive of ${plan.chart} ${entry.version}`);
  const digest = entry.digest?.replace(/^sha256:/, '');
  if (digest && sha256(res.body) !== digest) throw new FetchError(`${entry.url}: the archive does not match the index's digest`);
  return { version: entry.version, archive: res.body, url: entry.url };
}

function indexOf(url: string, limits: FetchLimits): Promise<string> {
  const known = indexes.get(url);
  if (known && Date.now() - known.at < INDEX_TTL_MS) return known.text;
  const text = httpGet(`${url}/index.yaml`, { maxBytes: limits.maxIndexBytes, timeoutMs: limits.timeoutMs }).then((res) => {
    if (res.status !== 200) throw statusError(res, 'the repository\'s index.yaml');
    return res.body.toString('utf8');
  });
  indexes.set(url, { at: Date.now(), text });
  // A failure is not kept: the resolver decides when to ask again.
  text.catch(() => indexes.delete(url));
  return text;
}

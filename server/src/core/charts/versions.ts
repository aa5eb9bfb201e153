// Choosing a chart version the way Flux does: the newest version a semver range admits, prereleases only when
// the range names one exactly. Ranges are read by the same reader as the profile declarations.
import { parseRange, versionNumber } from '../schema/versionRange';
import { isExactVersion } from './plan';

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(-[\w.-]+)?(\+[\w.-]+)?$/;

/** The newest of `versions` that `range` admits, or undefined (also when the range cannot be read). */
export function newestMatching(versions: readonly string[], range: string): string | undefined {
  const wanted = range.trim() || '*';
  if (isExactVersion(wanted)) return versions.find((v) => sameVersion(v, wanted));
  const intervals = parseRange(wanted);
  if (!intervals) return undefined;
  let best: { text: string; key: number[] } | undefined;
  for (const text of versions) {
    const m = VERSION.exec(text.trim());
    if (!m || m[4]) continue;
    const [major, minor, patch] = [m[1], m[2], m[3]].map(Number);
    const n = versionNumber(major, minor, patch);
    if (!intervals.some(([lo, hi]) => n >= lo && n < hi)) continue;
    const key = [major, minor, patch];
    if (!best || compare(key, best.key) > 0) best = { text, key };
  }
  return best?.text;
}

function sameVersion(a: string, b: string): boolean {
  return a.trim().replace(/^v/, '') === b.trim().replace(/^v/, '');
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

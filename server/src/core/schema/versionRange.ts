// Versions and semver ranges as a repository writes them (`v2.6.1`, `2.x`, `~0.19`, `>=1.0.0 <2.0.0`, `*`),
// reduced to intervals of versions so that "which minor releases can this be" is an overlap test.
// A version is a number: major·10⁶ + minor·10³ + patch (a prerelease counts as its release).

/** Half-open intervals [lo, hi) of versions; empty when the range admits nothing. */
export type Intervals = readonly (readonly [number, number])[];

const INF = Number.MAX_SAFE_INTEGER;
const PART = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/;

export function versionNumber(major: number, minor: number, patch = 0): number {
  return major * 1e6 + minor * 1e3 + patch;
}

/** The intervals a range admits, or undefined when it is not a version or a range. */
export function parseRange(text: string): Intervals | undefined {
  const out: [number, number][] = [];
  for (const alt of text.trim().split('||')) {
    const set = comparatorSet(alt.trim());
    if (!set) return undefined;
    if (set[0] < set[1]) out.push(set);
  }
  return out;
}

/** Whether a range admits some version of a minor release (`1.3` = [1.3.0, 1.4.0)). */
export function admitsMinor(range: Intervals, minor: string): boolean {
  const [lo, hi] = minorBounds(minor);
  return range.some(([a, b]) => a < hi && b > lo);
}

/** Whether a range admits versions at or above `from`, or below `to`. */
export function admitsFrom(range: Intervals, from: number): boolean {
  return range.some(([, b]) => b > from);
}

export function admitsBelow(range: Intervals, to: number): boolean {
  return range.some(([a]) => a < to);
}

export function minorBounds(minor: string): [number, number] {
  const [major, m] = minor.split('.').map(Number);
  return [versionNumber(major, m), versionNumber(major, m + 1)];
}

function comparatorSet(text: string): [number, number] | undefined {
  const parts = text.replace(/(>=|<=|>|<|=|~|\^)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
  let lo = 0;
  let hi = INF;
  for (const p of parts.length ? parts : ['*']) {
    const c = comparator(p);
    if (!c) return undefined;
    lo = Math.max(lo, c[0]);
    hi = Math.min(hi, c[1]);
  }
  return [lo, hi];
}

/** One comparator as an interval. */
function comparator(text: string): [number, number] | undefined {
  const op = /^(>=|<=|>|<|=|~>|~|\^)?(.*)$/.exec(text)!;
  const m = PART.exec(op[2]);
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].map((x) => (x === undefined || /^[xX*]$/.test(x) ? undefined : Number(x)));
  const [major, minor, patch] = nums;
  const wild = nums.findIndex((n) => n === undefined);
  const lo = versionNumber(major ?? 0, minor ?? 0, patch ?? 0);
  // The end of the span the written digits name: 2 → [2.0.0, 3.0.0), 2.6 → [2.6.0, 2.7.0), 2.6.1 → itself.
  const spanEnd = major === undefined ? INF : minor === undefined ? versionNumber(major + 1, 0) : patch === undefined ? versionNumber(major, minor + 1) : lo + 1;
  switch (op[1]) {
    case '>=': return [lo, INF];
    case '>': return [spanEnd, INF];
    case '<': return [0, lo];
    case '<=': return [0, spanEnd];
    case '~': case '~>': return [lo, major === undefined ? INF : versionNumber(major, (minor ?? 0) + (minor === undefined ? 1000 : 1))];
    case '^': return [lo, caretEnd(major, minor, patch, wild)];
    default: return [lo, spanEnd];
  }
}

function caretEnd(major: number | undefined, minor: number | undefined, patch: number | undefined, wild: number): number {
  if (major === undefined) return INF;
  if (major > 0 || wild === 1) return versionNumber(major + 1, 0);
  if ((minor ?? 0) > 0 || wild === 2) return versionNumber(0, (minor ?? 0) + 1);
  return versionNumber(0, 0, (patch ?? 0) + 1);
}

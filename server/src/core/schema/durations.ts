// Go's time.ParseDuration grammar, for fields whose CRD gives no pattern (e.g. ESO's refreshInterval).
const UNIT = /^(ns|us|µs|μs|ms|s|m|h)/;

export function isGoDuration(text: string): boolean {
  let s = text.trim();
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  if (s === '0') return true;
  if (!s) return false;
  while (s) {
    const num = /^(\d+(\.\d*)?|\.\d+)/.exec(s);
    if (!num) return false;
    s = s.slice(num[0].length);
    const unit = UNIT.exec(s);
    if (!unit) return false;
    s = s.slice(unit[0].length);
  }
  return true;
}

/** Go duration in milliseconds, or undefined when it does not parse. */
export function goDurationMs(text: string): number | undefined {
  if (!isGoDuration(text)) return undefined;
  const factors: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) total += Number(m[1]) * factors[m[2]];
  return text.trim().startsWith('-') ? -total : total;
}

/** Field names that hold Go durations in the kinds we know, checked when the schema itself has no pattern. */
export const DURATION_FIELDS = new Set(['refreshInterval', 'interval', 'timeout', 'retryInterval', 'requeueAfter', 'updateInterval']);

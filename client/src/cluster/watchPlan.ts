// Which contexts are watched in full. A watch per Flux kind per context does not scale to hundreds of vcluster
// contexts, so past a small setup only the contexts someone looks at are watched: expanded in the tree, on
// screen in the fleet, or pinned by `fluxGitops.watchContexts`. A context nobody has looked at for the quiet
// period is dropped to a summary. Pure: it reads names, times and settings only.

export interface WatchPlanSettings {
  /** Context names or globs (`*`, `?`) that are always watched in full. */
  readonly always: readonly string[];
  /** Up to this many contexts everything is watched, as before the plan (small setups see no change). */
  readonly allUpTo: number;
  /** How long a context stays watched after the last look. */
  readonly quietMs: number;
}

export const DEFAULT_PLAN: WatchPlanSettings = { always: [], allUpTo: 10, quietMs: 120_000 };

/** Who looks at which contexts now, and when each context was last looked at. */
export interface Looks {
  readonly now: ReadonlySet<string>;
  /** Epoch ms of the moment a context stopped being looked at. */
  readonly lastSeen: ReadonlyMap<string, number>;
}

export interface Plan {
  readonly full: ReadonlySet<string>;
  /** Epoch ms when the plan changes by itself (a quiet period ends); undefined when it cannot. */
  readonly nextChangeAt?: number;
}

const MAX_PATTERN = 256;

/** A glob of `*` and `?` as a matcher; patterns are bounded and compiled without backtracking blow-ups. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const p = pattern.slice(0, MAX_PATTERN);
  if (!/[*?]/.test(p)) return (name) => name === p;
  const parts = p.split('*');
  return (name) => matchParts(parts, name);
}

/** Greedy-free match of `*`-separated parts, each of which may hold `?`: linear in the name per part. */
function matchParts(parts: readonly string[], name: string): boolean {
  const [first, ...rest] = parts;
  if (!startsWithAt(name, first, 0)) return false;
  if (rest.length === 0) return name.length === first.length;
  let at = first.length;
  const last = rest[rest.length - 1];
  for (const part of rest.slice(0, -1)) {
    const found = findFrom(name, part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return name.length - last.length >= at && startsWithAt(name, last, name.length - last.length);
}

function startsWithAt(name: string, part: string, at: number): boolean {
  if (at + part.length > name.length) return false;
  for (let i = 0; i < part.length; i++) if (part[i] !== '?' && part[i] !== name[at + i]) return false;
  return true;
}

function findFrom(name: string, part: string, from: number): number {
  for (let i = from; i + part.length <= name.length; i++) if (startsWithAt(name, part, i)) return i;
  return -1;
}

/** The contexts watched in full, and when that set changes next unless someone looks elsewhere. */
export function watchPlan(contexts: readonly string[], looks: Looks, settings: WatchPlanSettings, now: number): Plan {
  if (contexts.length <= settings.allUpTo) return { full: new Set(contexts) };
  const pinned = settings.always.map(globMatcher);
  const full = new Set<string>();
  let nextChangeAt: number | undefined;
  for (const c of contexts) {
    if (looks.now.has(c) || pinned.some((m) => m(c))) {
      full.add(c);
      continue;
    }
    const seen = looks.lastSeen.get(c);
    if (seen === undefined || now - seen >= settings.quietMs) continue;
    full.add(c);
    const ends = seen + settings.quietMs;
    nextChangeAt = nextChangeAt === undefined ? ends : Math.min(nextChangeAt, ends);
  }
  return { full, nextChangeAt };
}

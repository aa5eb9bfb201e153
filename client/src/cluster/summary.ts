// What a context that is not watched in full shows: counts of its Flux objects by state, from the Flux
// Operator's FluxReport when the cluster has one (one GET), else from one list per fleet kind. Pure: it reads
// objects already fetched.
import { stateOf } from './status';
import type { KObject } from './types';

export interface KindCounts {
  readonly kind: string;
  readonly total: number;
  readonly failing: number;
  readonly suspended: number;
  /** Only lists know it; a FluxReport counts a reconciling object as running. */
  readonly progressing: number;
}

export interface ContextSummary {
  readonly source: 'FluxReport' | 'lists' | 'watch';
  /** Epoch ms of the read. */
  readonly at: number;
  readonly kinds: readonly KindCounts[];
  /** Why no summary could be read (the context is down, forbidden, or has no Flux). */
  readonly error?: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/**
 * The counts of a FluxReport's `spec.reconcilers` (flux-operator v0.59: `running` is every object not
 * suspended, `failing` the running ones whose Ready is False, so ready = running - failing).
 */
export function summaryFromReport(report: KObject, at: number): ContextSummary {
  const reconcilers = Array.isArray(report.spec?.['reconcilers']) ? (report.spec['reconcilers'] as unknown[]) : [];
  const kinds: KindCounts[] = [];
  for (const r of reconcilers.slice(0, 100)) {
    if (!r || typeof r !== 'object') continue;
    const { kind, stats } = r as { kind?: unknown; stats?: Record<string, unknown> };
    if (typeof kind !== 'string') continue;
    const running = num(stats?.['running']);
    const suspended = num(stats?.['suspended']);
    kinds.push({ kind, total: running + suspended, failing: Math.min(running, num(stats?.['failing'])), suspended, progressing: 0 });
  }
  return { source: 'FluxReport', at, kinds };
}

/** The counts of listed (or cached) objects, per kind, by the state the tree would show them in. */
export function summaryFromLists(lists: ReadonlyMap<string, readonly KObject[]>, at: number, source: ContextSummary['source'] = 'lists'): ContextSummary {
  const kinds: KindCounts[] = [];
  for (const [kind, objects] of lists) {
    let failing = 0;
    let suspended = 0;
    let progressing = 0;
    for (const obj of objects) {
      const generation = obj.metadata.generation;
      const observed = obj.status?.observedGeneration;
      const state = stateOf(obj, generation === undefined || observed === undefined || observed >= generation);
      if (state === 'failed') failing++;
      else if (state === 'suspended') suspended++;
      else if (state === 'reconciling' || state === 'unknown') progressing++;
    }
    kinds.push({ kind, total: objects.length, failing, suspended, progressing });
  }
  return { source, at, kinds };
}

export function totals(s: ContextSummary): Omit<KindCounts, 'kind'> & { ready: number } {
  const t = { total: 0, failing: 0, suspended: 0, progressing: 0, ready: 0 };
  for (const k of s.kinds) {
    t.total += k.total;
    t.failing += k.failing;
    t.suspended += k.suspended;
    t.progressing += k.progressing;
  }
  t.ready = Math.max(0, t.total - t.failing - t.suspended - t.progressing);
  return t;
}

/** One line: `42 ready, 3 failing, 1 suspended` (states with none are left out, except ready). */
export function summaryText(s: ContextSummary): string {
  if (s.error) return s.error;
  const t = totals(s);
  const parts = [`${t.ready} ready`];
  if (t.failing) parts.push(`${t.failing} failing`);
  if (t.suspended) parts.push(`${t.suspended} suspended`);
  if (t.progressing) parts.push(`${t.progressing} progressing`);
  return parts.join(', ');
}

/** `3m ago`: the age of a read, for "not live" marks. */
export function ageText(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** Tooltip lines: where the counts come from, and each kind's. */
export function summaryDetails(s: ContextSummary, now: number): string[] {
  const from = s.source === 'FluxReport' ? 'the FluxReport' : s.source === 'watch' ? 'the last watch' : 'one list per kind';
  const lines = [`Not watched: summary from ${from}, ${ageText(s.at, now)}. Expand to watch it live.`];
  if (s.error) return [...lines, s.error];
  for (const k of s.kinds) {
    const extra = [k.failing && `${k.failing} failing`, k.suspended && `${k.suspended} suspended`, k.progressing && `${k.progressing} progressing`].filter(Boolean);
    lines.push(`${k.kind}: ${k.total}${extra.length ? ` (${extra.join(', ')})` : ''}`);
  }
  return lines;
}

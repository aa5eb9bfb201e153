// The activity of the Flux objects as a timeline: the Kubernetes Events the Flux controllers record about
// their objects, newest first, bounded, and filtered by context, kind, namespace or warnings only. Pure: the
// explorer feeds it the events its watches deliver.
import { isFluxGroup } from './discovery';
import type { CoreEvent, KObject } from './types';

export interface ActivityEvent {
  /** `context|uid`: an event updated in place (its count grows) keeps its place. */
  readonly id: string;
  readonly context: string;
  readonly time: string;
  readonly warning: boolean;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  readonly source: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ActivityFilter {
  readonly context?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly warningsOnly?: boolean;
}

/** The event as a timeline entry when it is about a Flux object, else undefined. */
export function fluxEvent(context: string, obj: KObject): ActivityEvent | undefined {
  const e = obj as KObject & Omit<CoreEvent, 'metadata'>;
  const io = e.involvedObject;
  const api = io?.apiVersion ?? '';
  if (!io?.kind || !io.name || !isFluxGroup(api.slice(0, api.lastIndexOf('/')))) return undefined;
  return {
    id: `${context}|${obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`}`,
    context,
    time: e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? obj.metadata.creationTimestamp ?? '',
    warning: e.type === 'Warning',
    reason: e.reason ?? '',
    message: (e.message ?? '').trim(),
    count: e.series?.count ?? e.count ?? 1,
    source: e.reportingComponent || e.source?.component || '',
    kind: io.kind,
    namespace: io.namespace,
    name: io.name,
  };
}

export function matches(e: ActivityEvent, f: ActivityFilter): boolean {
  if (f.context && e.context !== f.context) return false;
  if (f.kind && e.kind !== f.kind) return false;
  if (f.namespace && e.namespace !== f.namespace) return false;
  return !f.warningsOnly || e.warning;
}

/** Describes a filter in words, for the view's description. */
export function filterText(f: ActivityFilter): string {
  const parts = [f.warningsOnly ? 'warnings' : '', f.context ? `context ${f.context}` : '', f.kind ?? '', f.namespace ? `namespace ${f.namespace}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all';
}

/** The newest `limit` Flux events, updated in place by id. */
export class Timeline {
  private readonly events = new Map<string, ActivityEvent>();

  constructor(private readonly limit = 500) {}

  /** Returns true when the timeline changed. */
  upsert(e: ActivityEvent): boolean {
    const prev = this.events.get(e.id);
    if (prev && prev.time === e.time && prev.count === e.count && prev.message === e.message) return false;
    this.events.set(e.id, e);
    if (this.events.size > this.limit) {
      const oldest = [...this.events.values()].sort(byTime)[this.events.size - 1];
      if (oldest) this.events.delete(oldest.id);
    }
    return true;
  }

  remove(id: string): boolean {
    return this.events.delete(id);
  }

  /** Drops a context's events (its watch is gone or restarted). */
  clearContext(context: string): void {
    for (const [id, e] of this.events) if (e.context === context) this.events.delete(id);
  }

  list(filter: ActivityFilter = {}): ActivityEvent[] {
    return [...this.events.values()].filter((e) => matches(e, filter)).sort(byTime);
  }

  /** The values a filter can pick from: contexts, kinds and namespaces seen. */
  facets(): { contexts: string[]; kinds: string[]; namespaces: string[] } {
    const all = [...this.events.values()];
    const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
    return { contexts: uniq(all.map((e) => e.context)), kinds: uniq(all.map((e) => e.kind)), namespaces: uniq(all.map((e) => e.namespace)) };
  }
}

/** Newest first; ties by id so the order is stable. */
function byTime(a: ActivityEvent, b: ActivityEvent): number {
  return a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

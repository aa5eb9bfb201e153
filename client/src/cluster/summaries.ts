// The summaries of the contexts that are not watched in full, read on demand: one GET of the FluxReports,
// and when the fleet needs cells (or the cluster has no FluxReport) one paged, bounded list per fleet kind.
// At most a few contexts are read at once, each request has the session's timeout, and a context is read again
// only when its last read is older than a minimum age, so a page that asks often costs nothing more.
import { ApiError, errorMessage } from './errors';
import { FLEET_KINDS } from './fleet';
import type { Transport } from './http';
import { summaryFromLists, summaryFromReport, type ContextSummary } from './summary';
import type { KList, KObject } from './types';

/** The kinds listed for a summary: the fleet's, at the versions every Flux 2.x since 2.3 serves. */
const LISTED = [
  { key: FLEET_KINDS.Kustomization, kind: 'Kustomization', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', resource: 'kustomizations.kustomize.toolkit.fluxcd.io' },
  { key: FLEET_KINDS.HelmRelease, kind: 'HelmRelease', path: '/apis/helm.toolkit.fluxcd.io/v2/helmreleases', resource: 'helmreleases.helm.toolkit.fluxcd.io' },
] as const;
const REPORTS = { path: '/apis/fluxcd.controlplane.io/v1/fluxreports', resource: 'fluxreports.fluxcd.controlplane.io' };

const PAGE = 500;
/** Objects read per kind and context: past it the list stops, and the counts cover the first 2,000 (bounded work). */
export const MAX_LISTED = 2000;

export interface SummaryRead {
  readonly summary: ContextSummary;
  /** The listed objects by kind key (without managedFields), when the read listed them. */
  readonly objects?: ReadonlyMap<string, readonly KObject[]>;
}

export interface SummaryOptions {
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** A context read more recently than this is not read again. */
  readonly minAgeMs: number;
  readonly fluxNamespace: string;
}

export const DEFAULT_SUMMARY_OPTIONS: Omit<SummaryOptions, 'timeoutMs' | 'fluxNamespace'> = { concurrency: 4, minAgeMs: 30_000 };

/**
 * The parts of a listed object the fleet's cells never read, and that grow with what the object manages: a listed
 * context keeps thousands of objects, so an inventory of every applied object or a release's values would cost
 * more than the watch the summary replaces.
 */
const UNREAD_SPEC = ['values', 'valuesFrom', 'patches', 'postBuild', 'postRenderers', 'components', 'images'];
const UNREAD_STATUS = ['inventory'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The cached objects a summary keeps: what the fleet's cells read (state, revision, suspension), nothing more. */
export function leanObject(obj: KObject): KObject {
  const { managedFields: _m, annotations, ...metadata } = obj.metadata;
  const lean: KObject = { ...obj, metadata: { ...metadata, ...(annotations ? { annotations: without(annotations, [LAST_APPLIED]) } : {}) } };
  if (obj.spec && typeof obj.spec === 'object') lean.spec = without(obj.spec as Record<string, unknown>, UNREAD_SPEC);
  if (obj.status && typeof obj.status === 'object') {
    const status = without(obj.status as Record<string, unknown>, UNREAD_STATUS);
    // A release's revision is its latest history entry; older ones are never shown in a cell.
    if (Array.isArray(status.history)) status.history = status.history.slice(0, 1);
    lean.status = status as KObject['status'];
  }
  return lean;
}

function without<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...obj };
  for (const k of keys) delete out[k];
  return out as T;
}

async function listAll(t: Transport, spec: (typeof LISTED)[number], timeoutMs: number, namespace?: string): Promise<KObject[]> {
  const out: KObject[] = [];
  const path = namespace ? spec.path.replace(/\/([a-z]+)$/, `/namespaces/${encodeURIComponent(namespace)}/$1`) : spec.path;
  let cont: string | undefined;
  do {
    const page = await t.request<KList>({ path, query: { limit: PAGE, continue: cont }, timeoutMs, purpose: { verb: 'list', resource: spec.resource, namespace } });
    for (const item of page.items ?? []) if (out.length < MAX_LISTED) out.push(leanObject(item));
    cont = page.metadata?.continue || undefined;
  } while (cont && out.length < MAX_LISTED);
  return out;
}

/** A user allowed only in their context's namespace gets 403 cluster-wide: their namespace is listed instead. */
function inNamespace<T>(err: unknown, namespace: string | undefined, retry: (namespace: string) => Promise<T>): Promise<T> {
  if (namespace && err instanceof ApiError && err.kind === 'forbidden') return retry(namespace);
  throw err;
}

/** A kind the cluster does not serve (404) is left out; any other failure is the summary's. */
function notServed(err: unknown): undefined {
  if (err instanceof ApiError && err.kind === 'notFound') return undefined;
  throw err;
}

/** The FluxReport of the cluster, preferring the one in the Flux namespace; undefined when it has none. */
async function readReport(t: Transport, o: SummaryOptions): Promise<KObject | undefined> {
  try {
    const list = await t.request<KList>({ path: REPORTS.path, query: { limit: 10 }, timeoutMs: o.timeoutMs, purpose: { verb: 'list', resource: REPORTS.resource } });
    const items = list.items ?? [];
    return items.find((r) => r.metadata.namespace === o.fluxNamespace) ?? items[0];
  } catch (err) {
    // No operator (404) or no permission on its report (403): the lists answer instead.
    if (err instanceof ApiError && (err.kind === 'notFound' || err.kind === 'forbidden')) return undefined;
    throw err;
  }
}

/** One context's summary; failures become the summary's error, never an exception. */
export async function readSummary(t: Transport, o: SummaryOptions, withObjects: boolean, now: () => number = Date.now, namespace?: string): Promise<SummaryRead> {
  try {
    const report = await readReport(t, o);
    if (report && !withObjects) return { summary: summaryFromReport(report, now()) };
    const objects = new Map<string, KObject[]>();
    const byKind = new Map<string, KObject[]>();
    for (const spec of LISTED) {
      const listed = await listAll(t, spec, o.timeoutMs)
        .catch((err: unknown) => inNamespace(err, namespace, (ns) => listAll(t, spec, o.timeoutMs, ns)))
        .catch(notServed);
      if (!listed) continue;
      objects.set(spec.key, listed);
      byKind.set(spec.kind, listed);
    }
    // A cluster without one of the controllers (no helm-controller) is summarized by the kinds it serves.
    if (!report && byKind.size === 0) throw new ApiError('Flux is not installed (no Kustomization or HelmRelease API).', 'notFound', 404, t.context);
    const summary = report ? summaryFromReport(report, now()) : summaryFromLists(byKind, now());
    // The objects are kept only for the fleet's cells: counts alone cost no memory per object.
    return withObjects ? { summary, objects } : { summary };
  } catch (err) {
    return { summary: { source: 'lists', at: now(), kinds: [], error: errorMessage(err) } };
  }
}

interface Wanted {
  readonly context: string;
  withObjects: boolean;
}

export class Summaries {
  private readonly reads = new Map<string, SummaryRead>();
  private readonly queue: Wanted[] = [];
  private readonly running = new Set<string>();
  private generation = 0;
  /** Requests sent, for the benchmark. */
  readsStarted = 0;

  constructor(
    /** The context's transport, and its namespace (listed when the user may not list cluster-wide). */
    private readonly transportOf: (context: string) => { readonly transport: Transport; readonly namespace?: string } | undefined,
    private readonly options: SummaryOptions,
    private readonly onChange: (context: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get(context: string): SummaryRead | undefined {
    return this.reads.get(context);
  }

  /** A summary made elsewhere (a watch cache about to be dropped): no request needed. */
  set(context: string, read: SummaryRead): void {
    this.reads.set(context, read);
    this.onChange(context);
  }

  /** Asks for a read unless a fresh enough one is there or one is on its way. Returns at once. */
  request(context: string, wantObjects: boolean, force = false): void {
    const last = this.reads.get(context);
    // A read for the tree alone does not take away the objects the fleet's cells show.
    const withObjects = wantObjects || last?.objects !== undefined;
    const fresh = !force && last && this.now() - last.summary.at < this.options.minAgeMs && (!withObjects || last.objects !== undefined || !!last.summary.error);
    if (fresh || this.running.has(context)) return;
    const queued = this.queue.find((w) => w.context === context);
    if (queued) {
      queued.withObjects ||= withObjects;
      return;
    }
    this.queue.push({ context, withObjects });
    this.pump();
  }

  /** The fleet closed: the listed objects go, the counts stay. */
  dropObjects(): void {
    for (const [context, read] of this.reads) if (read.objects) this.reads.set(context, { summary: read.summary });
  }

  /** Queued reads of contexts that no longer need one (they are watched now) are dropped. */
  cancel(context: string): void {
    const i = this.queue.findIndex((w) => w.context === context);
    if (i >= 0) this.queue.splice(i, 1);
  }

  pending(): number {
    return this.queue.length + this.running.size;
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.queue.length) {
      const next = this.queue.shift()!;
      void this.run(next);
    }
  }

  private async run(w: Wanted): Promise<void> {
    const target = this.transportOf(w.context);
    if (!target) return;
    const gen = this.generation;
    this.running.add(w.context);
    this.readsStarted++;
    try {
      const read = await readSummary(target.transport, this.options, w.withObjects, this.now, target.namespace);
      if (gen !== this.generation) return;
      this.reads.set(w.context, read);
      this.onChange(w.context);
    } finally {
      if (gen === this.generation) this.running.delete(w.context);
      this.pump();
    }
  }

  /** Forgets everything (the kubeconfig was reloaded); reads under way are ignored when they return. */
  clear(): void {
    this.generation++;
    this.reads.clear();
    this.queue.length = 0;
    this.running.clear();
  }
}

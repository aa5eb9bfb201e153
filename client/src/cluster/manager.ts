// All the contexts shown: loads the kubeconfig, keeps one session (one transport, one set of watches) per
// shown context and forwards their events. Settings changes rebuild only what they affect.
import { FLEET_KINDS } from './fleet';
import { KubeTransport, type Transport } from './http';
import { loadKubeconfig, selectContexts, type ContextInfo, type LoadedKubeconfig } from './kubeconfig';
import { ClusterSession, type SessionEvent, type SessionOptions } from './session';
import { DEFAULT_SUMMARY_OPTIONS, Summaries, type SummaryRead } from './summaries';
import { summaryFromLists } from './summary';
import { DEFAULT_PLAN, watchPlan, type WatchPlanSettings } from './watchPlan';

export interface ClusterSettings {
  /** KUBECONFIG-style list of files; empty: KUBECONFIG, then ~/.kube/config. */
  readonly kubeconfig: string;
  /** Contexts to show; empty: all. */
  readonly contexts: readonly string[];
  readonly fluxNamespace: string;
  readonly requestTimeoutSeconds: number;
  /** `fluxGitops.watchContexts`: names or globs of contexts always watched in full. */
  readonly watchContexts?: readonly string[];
}

/** How the manager scales (watchPlan.ts, summaries.ts); tests shorten the quiet period. */
export interface ScaleOptions {
  readonly allUpTo: number;
  readonly quietMs: number;
  readonly concurrency: number;
  readonly minAgeMs: number;
}

export interface ManagerEvent {
  readonly context: string;
  readonly event: SessionEvent;
}

/** Creates the transport of a context; tests and the benchmark may wrap it. */
export type TransportFactory = (info: ContextInfo, config: LoadedKubeconfig, timeoutMs: number) => Transport | undefined;

export const defaultTransport: TransportFactory = (info, config, timeoutMs) => {
  const kc = config.forContext(info.name);
  return kc ? new KubeTransport(info.name, kc, timeoutMs) : undefined;
};

const setsEqual = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

export class ClusterManager {
  private config: LoadedKubeconfig | undefined;
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly listeners = new Set<(e: ManagerEvent | undefined) => void>();
  missingContexts: string[] = [];
  problems: string[] = [];
  /** Who looks at which contexts (the tree's expanded contexts, the fleet's columns on screen). */
  private readonly looking = new Map<string, ReadonlySet<string>>();
  private readonly lastSeen = new Map<string, number>();
  private planTimer: NodeJS.Timeout | undefined;
  private readonly scale: ScaleOptions;
  summaries: Summaries;

  constructor(
    private settings: ClusterSettings,
    private readonly makeTransport: TransportFactory = defaultTransport,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly extra: Partial<SessionOptions> = {},
    scale: Partial<ScaleOptions> = {},
  ) {
    this.scale = { allUpTo: DEFAULT_PLAN.allUpTo, quietMs: DEFAULT_PLAN.quietMs, ...DEFAULT_SUMMARY_OPTIONS, ...scale };
    this.summaries = this.makeSummaries();
  }

  private makeSummaries(): Summaries {
    const options = { concurrency: this.scale.concurrency, minAgeMs: this.scale.minAgeMs, timeoutMs: this.timeoutMs(), fluxNamespace: this.settings.fluxNamespace };
    const target = (c: string) => {
      const s = this.sessions.get(c);
      return s && { transport: s.transport, namespace: s.context.namespace };
    };
    return new Summaries(target, options, (context) => this.emit({ context, event: { type: 'session' } }));
  }

  private timeoutMs(): number {
    return Math.max(1, this.settings.requestTimeoutSeconds) * 1000;
  }

  /** `undefined` means the set of contexts changed. */
  onEvent(listener: (e: ManagerEvent | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(e: ManagerEvent | undefined): void {
    for (const l of [...this.listeners]) l(e);
  }

  list(): ClusterSession[] {
    return [...this.sessions.values()];
  }

  session(context: string): ClusterSession | undefined {
    return this.sessions.get(context);
  }

  /** (Re)reads the kubeconfig and starts a session for every shown context. */
  load(): void {
    this.stopAll();
    let config: LoadedKubeconfig;
    try {
      config = loadKubeconfig(this.settings.kubeconfig, this.env);
    } catch (err) {
      this.problems = [`The kubeconfig cannot be loaded: ${(err as Error).message}`];
      this.emit(undefined);
      return;
    }
    this.config = config;
    this.problems = [...config.problems];
    const { shown, missing } = selectContexts(config.contexts, this.settings.contexts);
    this.missingContexts = missing;
    const timeoutMs = this.timeoutMs();
    this.summaries = this.makeSummaries();
    for (const info of shown) {
      const transport = this.makeTransport(info, config, timeoutMs);
      if (!transport) continue;
      const session = new ClusterSession(info, transport, { fluxNamespace: this.settings.fluxNamespace, timeoutMs, ...this.extra });
      session.onEvent((event) => this.emit({ context: info.name, event }));
      this.sessions.set(info.name, session);
    }
    this.emit(undefined);
    this.replan();
  }

  // ---- which contexts are watched in full (watchPlan.ts) ----

  /** `who` now looks at these contexts (and at no other); the plan follows at once. */
  look(who: string, contexts: Iterable<string>): void {
    const before = this.lookedAt();
    this.looking.set(who, new Set(contexts));
    const after = this.lookedAt();
    const now = Date.now();
    for (const c of before) if (!after.has(c)) this.lastSeen.set(c, now);
    if (setsEqual(before, after)) return;
    this.replan();
  }

  private lookedAt(): Set<string> {
    const out = new Set<string>();
    for (const set of this.looking.values()) for (const c of set) out.add(c);
    return out;
  }

  /**
   * Watches a context for an action on it (a fleet cell of a column not on screen): it is looked at for a moment,
   * so the quiet period keeps it watched, and this resolves once it is connected or has failed.
   */
  async touch(context: string, timeoutMs = this.timeoutMs() * 2): Promise<void> {
    const s = this.sessions.get(context);
    if (!s) return;
    this.look('touch', [context]);
    this.look('touch', []);
    if (s.phase === 'ready' || s.phase === 'error') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const sub = s.onEvent((e) => e.type === 'session' && (s.phase === 'ready' || s.phase === 'error') && done());
    });
  }

  /** Whether a context is watched in full now. */
  isWatched(context: string): boolean {
    return this.sessions.get(context)?.watched ?? false;
  }

  /** The last summary of a context that is not watched in full. */
  summary(context: string): SummaryRead | undefined {
    return this.summaries.get(context);
  }

  /** Asks for summaries of these contexts, where they are not watched; `withObjects` lists the fleet's kinds. */
  wantSummaries(contexts: Iterable<string>, withObjects: boolean): void {
    for (const c of contexts) if (this.sessions.get(c)?.phase === 'idle') this.summaries.request(c, withObjects);
  }

  /** Nobody shows the cells of contexts that are not watched any more (the fleet closed): their objects go. */
  dropListedObjects(): void {
    this.summaries.dropObjects();
  }

  /** Starts the watches the plan wants and parks the sessions it no longer wants; never waits for the network. */
  private replan(): void {
    if (this.planTimer) clearTimeout(this.planTimer);
    this.planTimer = undefined;
    const looks = { now: this.lookedAt(), lastSeen: this.lastSeen };
    const settings: WatchPlanSettings = { always: this.settings.watchContexts ?? [], allUpTo: this.scale.allUpTo, quietMs: this.scale.quietMs };
    const plan = watchPlan([...this.sessions.keys()], looks, settings, Date.now());
    for (const [name, s] of this.sessions) {
      if (plan.full.has(name) && !s.watched) {
        this.summaries.cancel(name);
        void s.start();
      } else if (!plan.full.has(name) && s.phase !== 'idle') {
        this.park(s);
      }
    }
    if (plan.nextChangeAt === undefined) return;
    this.planTimer = setTimeout(() => this.replan(), Math.max(0, plan.nextChangeAt - Date.now()) + 10);
    this.planTimer.unref?.();
  }

  /** A session leaves its last watch state as its summary (no request), or asks for one if it had none. */
  private park(s: ClusterSession): void {
    const had = s.phase === 'ready' && s.discovery?.fluxInstalled;
    const cache = had ? new Map(Object.entries(FLEET_KINDS).map(([kind, key]) => [kind, s.list(key)])) : undefined;
    s.park();
    if (cache) this.summaries.set(s.name, { summary: summaryFromLists(cache, Date.now(), 'watch') });
    else this.summaries.request(s.name, false);
  }

  contexts(): readonly ContextInfo[] {
    return this.config?.contexts ?? [];
  }

  /** `fluxGitops.watchContexts` changed: only the plan follows, nothing is reloaded. */
  setWatchContexts(patterns: readonly string[]): void {
    this.settings = { ...this.settings, watchContexts: patterns };
    this.replan();
  }

  update(settings: ClusterSettings): void {
    this.settings = settings;
    this.load();
  }

  /** Restarts one context, or all of them (which also rereads the kubeconfig). */
  async refresh(context?: string): Promise<void> {
    const session = context ? this.sessions.get(context) : undefined;
    if (session?.phase === 'idle') return this.summaries.request(session.name, this.summaries.get(session.name)?.objects !== undefined, true);
    if (context) return session?.restart();
    this.load();
  }

  private stopAll(): void {
    if (this.planTimer) clearTimeout(this.planTimer);
    this.planTimer = undefined;
    this.summaries.clear();
    for (const s of this.sessions.values()) {
      s.stop();
      (s.transport as { dispose?: () => void }).dispose?.();
    }
    this.sessions.clear();
  }

  dispose(): void {
    this.stopAll();
    this.listeners.clear();
  }
}

// All the contexts shown: loads the kubeconfig, keeps one session (one transport, one set of watches) per
// shown context and forwards their events. Settings changes rebuild only what they affect.
import { KubeTransport, type Transport } from './http';
import { loadKubeconfig, selectContexts, type ContextInfo, type LoadedKubeconfig } from './kubeconfig';
import { ClusterSession, type SessionEvent, type SessionOptions } from './session';

export interface ClusterSettings {
  /** KUBECONFIG-style list of files; empty: KUBECONFIG, then ~/.kube/config. */
  readonly kubeconfig: string;
  /** Contexts to show; empty: all. */
  readonly contexts: readonly string[];
  readonly fluxNamespace: string;
  readonly requestTimeoutSeconds: number;
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

export class ClusterManager {
  private config: LoadedKubeconfig | undefined;
  private readonly sessions = new Map<string, ClusterSession>();
  private readonly listeners = new Set<(e: ManagerEvent | undefined) => void>();
  missingContexts: string[] = [];
  problems: string[] = [];

  constructor(
    private settings: ClusterSettings,
    private readonly makeTransport: TransportFactory = defaultTransport,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly extra: Partial<SessionOptions> = {},
  ) {}

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
    const timeoutMs = Math.max(1, this.settings.requestTimeoutSeconds) * 1000;
    for (const info of shown) {
      const transport = this.makeTransport(info, config, timeoutMs);
      if (!transport) continue;
      const session = new ClusterSession(info, transport, { fluxNamespace: this.settings.fluxNamespace, timeoutMs, ...this.extra });
      session.onEvent((event) => this.emit({ context: info.name, event }));
      this.sessions.set(info.name, session);
    }
    this.emit(undefined);
    for (const s of this.sessions.values()) void s.start();
  }

  contexts(): readonly ContextInfo[] {
    return this.config?.contexts ?? [];
  }

  update(settings: ClusterSettings): void {
    this.settings = settings;
    this.load();
  }

  /** Restarts one context, or all of them (which also rereads the kubeconfig). */
  async refresh(context?: string): Promise<void> {
    if (context) return this.sessions.get(context)?.restart();
    this.load();
  }

  private stopAll(): void {
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

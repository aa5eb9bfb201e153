// The Flux events of every shown context, watched while the activity view is visible: one list-then-watch
// of the core Events per context (Flux's controllers record core Events), kept only when they are about a
// Flux object. Stopping ends every watch, so a hidden view costs nothing.
import { errorMessage } from './errors';
import type { ClusterManager } from './manager';
import type { ClusterSession } from './session';
import { fluxEvent, Timeline } from './activity';
import { ListWatch } from './watch';

export class ActivityFeed {
  readonly timeline = new Timeline();
  /** Context -> why its events cannot be shown. */
  readonly errors = new Map<string, string>();
  private readonly watches = new Map<string, { session: ClusterSession; watch: ListWatch }>();
  private sub: { dispose(): void } | undefined;

  constructor(
    private readonly manager: ClusterManager,
    private readonly onChange: () => void,
  ) {}

  get running(): boolean {
    return this.sub !== undefined;
  }

  start(): void {
    if (this.sub) return;
    this.sub = this.manager.onEvent((e) => (e === undefined || e.event.type === 'session' ? this.sync() : undefined));
    this.sync();
  }

  stop(): void {
    this.sub?.dispose();
    this.sub = undefined;
    for (const [context, w] of this.watches) {
      w.watch.stop();
      this.timeline.clearContext(context);
    }
    this.watches.clear();
    this.errors.clear();
  }

  /** One watch per ready session; sessions that went away or were replaced lose theirs. */
  private sync(): void {
    const ready = new Map(this.manager.list().filter((s) => s.phase === 'ready').map((s) => [s.name, s]));
    for (const [context, w] of [...this.watches]) {
      if (ready.get(context) === w.session) continue;
      w.watch.stop();
      this.watches.delete(context);
      this.timeline.clearContext(context);
    }
    for (const [context, session] of ready) if (!this.watches.has(context)) this.watch(context, session);
    this.onChange();
  }

  private watch(context: string, session: ClusterSession): void {
    const watch = new ListWatch(
      session.transport,
      { path: '/api/v1/events', apiVersion: 'v1', kind: 'Event', resource: 'events', timeoutMs: session.options.timeoutMs },
      {
        reset: (items) => {
          this.timeline.clearContext(context);
          for (const o of items) {
            const e = fluxEvent(context, o);
            if (e) this.timeline.upsert(e);
          }
          this.errors.delete(context);
          this.onChange();
        },
        upsert: (o) => {
          const e = fluxEvent(context, o);
          if (e && this.timeline.upsert(e)) this.onChange();
        },
        remove: (o) => {
          const e = fluxEvent(context, o);
          if (e && this.timeline.remove(e.id)) this.onChange();
        },
        phase: (_phase, error) => {
          if (!error) return;
          this.errors.set(context, errorMessage(error));
          this.onChange();
        },
      },
    );
    this.watches.set(context, { session, watch });
    watch.start();
  }
}

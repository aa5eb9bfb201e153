// Watches the shown contexts' canaries and reports each step into Failed (Flagger rolled the target back) once.
// No request of its own: it listens to the sessions' watch events. No VS Code: the explorer shows the message.
import { CANARY_KEY, canaryFailure } from './canary';
import type { ClusterManager } from './manager';

export class CanaryAlerts {
  private readonly sub: { dispose(): void };

  constructor(manager: ClusterManager, notify: (message: string) => void) {
    this.sub = manager.onEvent((e) => {
      if (e?.event.type !== 'upsert' || e.event.kindKey !== CANARY_KEY) return;
      const message = canaryFailure(e.context, e.event.prev, e.event.obj);
      if (message) notify(message);
    });
  }

  dispose(): void {
    this.sub.dispose();
  }
}

// The typed messages between the fleet panel (extension host) and its page (the webview).
import type { FleetModel } from '../cluster/fleet';
import type { CellChange } from '../cluster/fleetUpdates';

export type FleetAction = 'reveal' | 'reconcile' | 'suspend' | 'resume' | 'manifest' | 'promote';

/** Host -> page: the whole fleet (first paint, or rows or columns changed), or only the cells that changed. */
export type ToPage =
  | { readonly type: 'full'; readonly model: FleetModel; readonly message?: string }
  | { readonly type: 'cells'; readonly changes: readonly CellChange[] };

/**
 * Page -> host: the page is ready for the fleet, the columns on screen changed (those contexts are watched in
 * full while they stay there), or the user asked for an action on a cell.
 */
export type FromPage =
  | { readonly type: 'ready' }
  | { readonly type: 'columns'; readonly contexts: readonly string[] }
  | { readonly type: 'action'; readonly action: FleetAction; readonly row: string; readonly context: string };

export const FLEET_ACTIONS: readonly FleetAction[] = ['reveal', 'reconcile', 'suspend', 'resume', 'manifest', 'promote'];

/** A message from the page, checked: the page is a web page and says only what this accepts. */
export function fromPage(raw: unknown): FromPage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'columns') return columnsMessage(m.contexts);
  if (m.type !== 'action' || typeof m.row !== 'string' || typeof m.context !== 'string') return undefined;
  if (!FLEET_ACTIONS.includes(m.action as FleetAction)) return undefined;
  return { type: 'action', action: m.action as FleetAction, row: m.row, context: m.context };
}

/** A page shows at most this many columns on screen; more is not a page of ours talking. */
const MAX_ON_SCREEN = 500;

function columnsMessage(raw: unknown): FromPage | undefined {
  if (!Array.isArray(raw) || raw.length > MAX_ON_SCREEN) return undefined;
  const contexts = raw.filter((c): c is string => typeof c === 'string' && c.length <= 1000);
  return contexts.length === raw.length ? { type: 'columns', contexts } : undefined;
}

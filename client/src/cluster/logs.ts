// Controller logs: the Flux controller pods (label app.kubernetes.io/part-of=flux in the Flux namespace,
// container `manager`), their JSON lines parsed, filtered to one object and to a minimum level.
import type { StreamHandle } from './http';
import { CONTROLLERS_KEY, FLUX_PART_OF, type ClusterSession } from './session';
import type { KObject } from './types';

export type LogLevel = 'debug' | 'info' | 'error';

export interface LogEntry {
  readonly time: string;
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly pod: string;
  /** False for lines that are not JSON (printed as they are). */
  readonly json: boolean;
  readonly raw: string;
}

export interface LogTarget {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const LEVEL_RANK: Record<string, number> = { debug: 0, trace: 0, info: 1, warn: 1, warning: 1, error: 2, dpanic: 2, panic: 2, fatal: 2 };

/** zap writes verbose levels as numbers or `Level(-2)`; anything below info counts as debug. */
export function levelRank(level: string): number {
  const known = LEVEL_RANK[level.toLowerCase()];
  if (known !== undefined) return known;
  return /-\d|^\d+$/.test(level) ? 0 : 1;
}

export function parseLogLine(raw: string, pod: string): LogEntry {
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const fields = JSON.parse(text) as Record<string, unknown>;
      const time = typeof fields.ts === 'string' ? fields.ts : typeof fields.ts === 'number' ? new Date(fields.ts * 1000).toISOString() : String(fields.time ?? '');
      return { time, level: String(fields.level ?? 'info'), message: String(fields.msg ?? fields.message ?? ''), fields, pod, json: true, raw };
    } catch {
      // Not JSON after all: shown as a plain line.
    }
  }
  return { time: '', level: 'info', message: text, fields: {}, pod, json: false, raw };
}

/**
 * True when the line is about the object. controller-runtime logs the reconciled object twice: as a nested
 * `{"<Kind>": {"name", "namespace"}}` field and as top-level `name` / `namespace` with `controllerKind`.
 */
export function matchesObject(entry: LogEntry, target: LogTarget): boolean {
  if (!entry.json) return false;
  const f = entry.fields;
  if (namesTarget(f[target.kind], target)) return true;
  const kindMatches = f.controllerKind === target.kind || (typeof f.kind === 'string' && f.kind === target.kind);
  return kindMatches && f.name === target.name && (target.namespace === undefined || f.namespace === target.namespace);
}

/** Whether a nested `{name, namespace}` field (controller-runtime's `"<Kind>": {...}`) is the target. */
export function namesTarget(value: unknown, target: LogTarget): boolean {
  if (!value || typeof value !== 'object') return false;
  const v = value as { name?: unknown; namespace?: unknown };
  return v.name === target.name && (target.namespace === undefined || v.namespace === target.namespace);
}

/** Whether a pod runs the named controller: by component or app label, else by its name. */
export function podRunsController(pod: KObject, controller: string): boolean {
  const labels = pod.metadata.labels ?? {};
  if (labels['app.kubernetes.io/component'] === controller || labels.app === controller || labels['app.kubernetes.io/name'] === controller) return true;
  return pod.metadata.name.startsWith(`${controller}-`);
}

/** The Flux controller pods: from the session's watch when it has them, else listed once. */
export async function fluxPods(session: ClusterSession): Promise<KObject[]> {
  const state = session.kinds.get(CONTROLLERS_KEY);
  if (state?.synced) return session.list(CONTROLLERS_KEY);
  const ns = session.options.fluxNamespace;
  const list = await session.transport.request<{ items?: KObject[] }>({
    path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
    query: { labelSelector: FLUX_PART_OF },
    purpose: { verb: 'list', resource: 'pods', namespace: ns },
  });
  return list.items ?? [];
}

export async function controllerPods(session: ClusterSession, controller: string): Promise<KObject[]> {
  const pods = (await fluxPods(session)).filter((p) => podRunsController(p, controller) && !p.metadata.deletionTimestamp);
  if (pods.length === 0) {
    throw new Error(`No pod of ${controller} found in namespace ${session.options.fluxNamespace} (label ${FLUX_PART_OF}) of context ${session.name}.`);
  }
  return pods;
}

export interface LogStreamOptions {
  readonly follow: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly container?: string;
  readonly onEntry: (entry: LogEntry) => void;
}

/** Streams one pod's log; the handle ends the stream. */
export function streamPodLog(session: ClusterSession, pod: KObject, opts: LogStreamOptions): Promise<StreamHandle> {
  const ns = pod.metadata.namespace ?? session.options.fluxNamespace;
  const name = pod.metadata.name;
  return session.transport.stream({
    path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/log`,
    query: { container: opts.container ?? 'manager', follow: opts.follow, tailLines: opts.tailLines, sinceSeconds: opts.sinceSeconds },
    purpose: { verb: 'get', resource: 'pods/log', namespace: ns },
    idleMs: 0,
    onLine: (line) => opts.onEntry(parseLogLine(line, name)),
  });
}

export interface FilteredLogOptions {
  readonly follow: boolean;
  readonly minLevel: LogLevel;
  readonly target?: LogTarget;
  readonly tailLines?: number;
  readonly onEntry: (entry: LogEntry) => void;
}

/** Streams the logs of every pod of a controller, filtered to the target object and level. */
export async function streamControllerLogs(session: ClusterSession, controller: string, opts: FilteredLogOptions): Promise<StreamHandle[]> {
  const pods = await controllerPods(session, controller);
  const min = levelRank(opts.minLevel);
  const handles: StreamHandle[] = [];
  try {
    for (const pod of pods) {
      handles.push(
        await streamPodLog(session, pod, {
          follow: opts.follow,
          tailLines: opts.tailLines,
          onEntry: (entry) => {
            if (levelRank(entry.level) < min) return;
            if (opts.target && !matchesObject(entry, opts.target)) return;
            opts.onEntry(entry);
          },
        }),
      );
    }
  } catch (err) {
    for (const h of handles) h.abort();
    throw err;
  }
  return handles;
}

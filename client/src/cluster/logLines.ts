// How a controller log entry reads in a narrow panel: one compact line (time of day, level, message, then
// only the fields that say something), or the line as the controller wrote it. The date is written once, on
// a line of its own, when it changes. controller-runtime repeats the reconciled object and the controller on
// every line: in an object's own log they are left out, in a controller's log they become one
// `Kind namespace/name` token.
import { namesTarget, type LogEntry, type LogTarget } from './logs';

export interface LogLineOptions {
  /** The object whose log this is: its identity fields are left out. */
  readonly target?: LogTarget;
  /** Prefixes each line with its pod (a controller with several replicas). */
  readonly withPod?: boolean;
  /** The JSON lines as written, no compacting. */
  readonly raw?: boolean;
}

/** Fields shown in their own place (time, level, message) or not at all (where the log call sits). */
const FRAME = new Set(['level', 'ts', 'time', 'msg', 'message', 'logger', 'caller']);

/** Fields that are the same on every line of one controller, or a per-reconcile id that only matches lines up. */
const CONSTANT = new Set(['controller', 'controllerGroup', 'controllerKind', 'reconcileID']);

/** Fields that name the reconciled object (besides the nested `{"<Kind>": {name, namespace}}`). */
const IDENTITY = new Set(['kind', 'name', 'namespace']);

const ISO = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d{1,3})?)\d*(Z|[+-]\d\d:?\d\d)?$/;

/** `2026-12-01T04:31:07.123456Z` -> date `2026-12-01`, time `04:31:07.123`; other forms stay whole. */
export function splitTime(time: string): { date?: string; time: string } {
  const m = ISO.exec(time);
  if (!m) return { time };
  const zone = m[3] && m[3] !== 'Z' ? m[3] : '';
  return { date: m[1], time: `${m[2]}${zone}` };
}

/** `key=value`; strings with spaces, quotes or `=` and every non-string are JSON. */
function field(key: string, value: unknown): string {
  if (typeof value === 'string') return `${key}=${value !== '' && !/[\s"=]/.test(value) ? value : JSON.stringify(value)}`;
  return `${key}=${JSON.stringify(value)}`;
}

/** The object a line is about, from the fields controller-runtime adds: `Kustomization flux-system/apps`. */
export function subjectOf(fields: Readonly<Record<string, unknown>>): string | undefined {
  const kind = typeof fields.controllerKind === 'string' ? fields.controllerKind : undefined;
  if (!kind || typeof fields.name !== 'string') return undefined;
  return `${kind} ${typeof fields.namespace === 'string' ? `${fields.namespace}/` : ''}${fields.name}`;
}

/**
 * The fields worth a look: neither frame, nor constant, nor the object itself (in its own log, or when a
 * subject token already names it).
 */
function telling(entry: LogEntry, target: LogTarget | undefined, subject: string | undefined): string[] {
  const subjectKind = subject ? entry.fields.controllerKind : undefined;
  const out: string[] = [];
  for (const [key, value] of Object.entries(entry.fields)) {
    if (FRAME.has(key) || CONSTANT.has(key)) continue;
    if ((target || subject) && IDENTITY.has(key)) continue;
    if (target && key === target.kind && namesTarget(value, target)) continue;
    if (key === subjectKind && value && typeof value === 'object') continue;
    out.push(field(key, value));
  }
  return out;
}

/** One compact line per entry; keeps the last date seen so it is written only when it changes. */
export class LogLineFormatter {
  private lastDate: string | undefined;

  constructor(private readonly options: LogLineOptions = {}) {}

  /** The lines to print for an entry: a date line when the date changed, then the entry's line. */
  format(entry: LogEntry): string[] {
    const pod = this.options.withPod ? `[${entry.pod}] ` : '';
    if (!entry.json || this.options.raw) return [`${pod}${entry.raw.trimEnd()}`];
    const { date, time } = splitTime(entry.time);
    const lines: string[] = [];
    if (date && date !== this.lastDate) {
      this.lastDate = date;
      lines.push(`── ${date} ──`);
    }
    const target = this.options.target;
    const subject = target ? undefined : subjectOf(entry.fields);
    const extras = telling(entry, target, subject);
    const head = [time, entry.level.toUpperCase().padEnd(5), subject ? `${subject}:` : undefined, entry.message].filter((p) => p !== undefined && p !== '');
    lines.push(`${pod}${head.join(' ')}${extras.length ? `  ${extras.join(' ')}` : ''}`);
    return lines;
  }
}

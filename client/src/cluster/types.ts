// The shape of Kubernetes objects as this extension reads them: only the fields it uses are typed.

export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown' | string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly observedGeneration?: number;
}

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    managedFields?: unknown;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown> & { suspend?: boolean };
  status?: Record<string, unknown> & {
    conditions?: Condition[];
    observedGeneration?: number;
    lastHandledReconcileAt?: string;
  };
  [key: string]: unknown;
}

export interface KList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KObject[];
}

/** Identity of an object in one context. */
export interface ObjectRef {
  readonly context: string;
  /** `group/Kind`, the key of the kinds table. */
  readonly kindKey: string;
  readonly namespace?: string;
  readonly name: string;
}

/** The Kind of a reference (the last part of its kindKey). */
export function kindOfRef(ref: ObjectRef): string {
  return ref.kindKey.slice(ref.kindKey.lastIndexOf('/') + 1);
}

/** `Kind namespace/name`, for messages and titles. */
export function describeRef(ref: ObjectRef): string {
  return `${kindOfRef(ref)} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function refKey(ref: ObjectRef): string {
  return `${ref.context}|${ref.kindKey}|${ref.namespace ?? ''}|${ref.name}`;
}

/** Walks a path of keys (array indices as strings) through a JSON value. */
export function pathValue(value: unknown, path: readonly string[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A core/v1 Event as the explorer reads it (events of one object, the activity timeline). */
export interface CoreEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  metadata?: { creationTimestamp?: string };
  source?: { component?: string };
  reportingComponent?: string;
  involvedObject?: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
  series?: { count?: number; lastObservedTime?: string };
}

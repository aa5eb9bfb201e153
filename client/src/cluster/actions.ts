// The cluster commands as plain functions over a session: reconcile (with its source), suspend and resume,
// HelmRelease force and reset, ESO force sync, events and the live object. The explorer adds progress
// notifications and quick picks around them; tests call them directly.
import * as os from 'node:os';
import { stringify } from 'yaml';
import type { KindInfo } from '../../../server/src/shared/kinds';
import { kindKey, rbacResource } from './discovery';
import { stepText, waitingText } from './reports';
import type { ClusterSession } from './session';
import { condition, FORCE_AT, REQUESTED_AT, RESET_AT, SUSPEND_REASON, SUSPENDED_AT, SUSPENDED_BY } from './status';
import { describeRef, kindOfRef, pathValue, type CoreEvent, type KObject, type ObjectRef } from './types';

/**
 * A reconcile token in RFC 3339 with nanoseconds, like `flux reconcile` writes. The sub-millisecond digits
 * come from the monotonic clock so two requests in the same millisecond still differ.
 */
export function reconcileToken(now: Date = new Date()): string {
  const nanos = String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0');
  return now.toISOString().replace(/Z$/, `${nanos}Z`);
}

export interface Outcome {
  readonly ok: boolean;
  readonly ref: ObjectRef;
  /** Ready condition reason and message after the reconcile. */
  readonly reason?: string;
  readonly message: string;
  readonly revision?: string;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
}

const DEFAULT_WAIT_MS = 5 * 60_000;

/**
 * True once the controller handled `token` and settled: Ready=False (a failure; controllers do not advance
 * observedGeneration then), or Ready=True at the current generation with no reconcile still in progress.
 */
export function handled(obj: KObject | undefined, token: string): boolean {
  if (!obj?.status || obj.status.lastHandledReconcileAt !== token) return false;
  const ready = condition(obj, 'Ready');
  if (!ready || ready.status === 'Unknown') return false;
  if (ready.status === 'False') return true;
  if (condition(obj, 'Reconciling')?.status === 'True') return false;
  const gen = obj.metadata.generation;
  return gen === undefined || (obj.status.observedGeneration ?? gen) >= gen;
}

function outcomeOf(ref: ObjectRef, obj: KObject | undefined): Outcome {
  const ready = obj ? condition(obj, 'Ready') : undefined;
  const revision = obj?.status?.['lastAppliedRevision'] ?? (obj?.status?.['artifact'] as { revision?: string } | undefined)?.revision;
  return {
    ok: ready?.status === 'True',
    ref,
    reason: ready?.reason,
    message: ready?.message ?? (obj ? 'No Ready condition.' : 'The object is gone.'),
    revision: typeof revision === 'string' ? revision : undefined,
  };
}

export class SuspendedError extends Error {
  constructor(readonly ref: ObjectRef) {
    super(`${describeRef(ref)} is suspended; resume it to reconcile.`);
    this.name = 'SuspendedError';
  }
}

/** Refuses kinds Flux does not reconcile on request, with a message saying so. */
function requireReconcilable(session: ClusterSession, ref: ObjectRef): KindInfo {
  const info = session.requireServed(ref.kindKey).info;
  if (!info.fluxReconcilable) throw new Error(`${info.kind} is not reconciled on request.`);
  return info;
}

/** Annotates the object and waits until the controller handled the request and the object is Ready or failed. */
export async function reconcile(session: ClusterSession, ref: ObjectRef, opts: WaitOptions & { extra?: Record<string, string>; allowSuspended?: boolean } = {}): Promise<Outcome> {
  const info = requireReconcilable(session, ref);
  const current = session.get(ref.kindKey, ref.namespace, ref.name) ?? (await session.fetch(ref));
  if (current.spec?.suspend === true && !opts.allowSuspended) throw new SuspendedError(ref);
  const token = reconcileToken();
  const annotations: Record<string, string> = { [REQUESTED_AT]: token };
  for (const key of Object.keys(opts.extra ?? {})) annotations[key] = token;
  opts.onProgress?.(waitingText(info.controller));
  await session.mergePatch(ref, { metadata: { annotations } });
  const obj = await session.waitFor(ref, (o) => handled(o, token), opts.timeoutMs ?? DEFAULT_WAIT_MS, opts.signal);
  return outcomeOf(ref, obj);
}

/** The source an object reconciles from: Kustomization sourceRef; HelmRelease chartRef, else its HelmChart. */
export function sourceOf(obj: KObject, context: string): ObjectRef | undefined {
  const spec = obj.spec ?? {};
  const ns = obj.metadata.namespace;
  const kind = obj.kind ?? '';
  const group = obj.apiVersion?.split('/')[0] ?? '';
  const refOf = (r: { kind?: string; name?: string; namespace?: string; apiVersion?: string } | undefined, fallbackGroup: string) => {
    if (!r?.name || !r.kind) return undefined;
    const g = r.apiVersion ? r.apiVersion.split('/')[0] : fallbackGroup;
    return { context, kindKey: kindKey(g, r.kind), namespace: r.namespace ?? ns, name: r.name };
  };
  if (kind === 'Kustomization' && group === 'kustomize.toolkit.fluxcd.io') {
    return refOf(spec['sourceRef'] as never, 'source.toolkit.fluxcd.io');
  }
  if (kind === 'HelmRelease') {
    const chartRef = refOf(spec['chartRef'] as never, 'source.toolkit.fluxcd.io');
    if (chartRef) return chartRef;
    const chartSource = (spec['chart'] as { spec?: { sourceRef?: { namespace?: string } } } | undefined)?.spec?.sourceRef;
    if (!chartSource) return undefined;
    // helm-controller names the generated HelmChart `<namespace>-<name>` and puts it next to the source.
    return { context, kindKey: kindKey('source.toolkit.fluxcd.io', 'HelmChart'), namespace: chartSource.namespace ?? ns, name: `${ns}-${obj.metadata.name}` };
  }
  if (kind === 'HelmChart' || kind === 'ImageUpdateAutomation') return refOf(spec['sourceRef'] as never, 'source.toolkit.fluxcd.io');
  return undefined;
}

/** Reconciles the source first, then the object, like `flux reconcile --with-source`. */
export async function reconcileWithSource(session: ClusterSession, ref: ObjectRef, opts: WaitOptions = {}): Promise<Outcome[]> {
  const obj = session.get(ref.kindKey, ref.namespace, ref.name) ?? (await session.fetch(ref));
  if (obj.spec?.suspend === true) throw new SuspendedError(ref);
  const source = sourceOf(obj, session.name);
  if (!source) throw new Error(`${describeRef(ref)} has no source to reconcile.`);
  // Two objects in one notification: each step names the one it waits on.
  const step = (r: ObjectRef): WaitOptions => ({ ...opts, onProgress: opts.onProgress && ((text) => opts.onProgress?.(stepText(r, text))) });
  const first = await reconcile(session, source, step(source));
  if (!first.ok) return [first];
  return [first, await reconcile(session, ref, step(ref))];
}

export function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Sets `spec.suspend: true` and records who suspended it, when and why in annotations. */
export async function suspend(session: ClusterSession, ref: ObjectRef, reason: string | undefined, user = currentUser()): Promise<KObject> {
  const info = session.requireServed(ref.kindKey).info;
  if (!info.suspendable) throw new Error(`${info.kind} cannot be suspended.`);
  return session.mergePatch(ref, {
    spec: { suspend: true },
    metadata: { annotations: { [SUSPENDED_BY]: user, [SUSPENDED_AT]: new Date().toISOString(), [SUSPEND_REASON]: reason?.trim() || null } },
  });
}

/** Clears `spec.suspend`, removes the suspend annotations, requests a reconcile and waits for Ready at the current generation. */
export async function resume(session: ClusterSession, ref: ObjectRef, opts: WaitOptions = {}): Promise<Outcome> {
  const info = session.requireServed(ref.kindKey).info;
  if (!info.suspendable) throw new Error(`${info.kind} cannot be resumed.`);
  const token = reconcileToken();
  const patched = await session.mergePatch(ref, {
    spec: { suspend: false },
    metadata: { annotations: { [REQUESTED_AT]: token, [SUSPENDED_BY]: null, [SUSPENDED_AT]: null, [SUSPEND_REASON]: null } },
  });
  if (!info.fluxReconcilable) return outcomeOf(ref, patched);
  opts.onProgress?.(waitingText(info.controller));
  // handled() wants Ready at the object's current generation, which the resume patch itself bumped.
  const obj = await session.waitFor(ref, (o) => handled(o, token), opts.timeoutMs ?? DEFAULT_WAIT_MS, opts.signal);
  return outcomeOf(ref, obj);
}

/** HelmRelease force (`forceAt`) or reset (`resetAt`): the same token in both annotations, then a normal reconcile wait. */
export function helmRelease(session: ClusterSession, ref: ObjectRef, action: 'force' | 'reset', opts: WaitOptions = {}): Promise<Outcome> {
  if (!ref.kindKey.endsWith('/HelmRelease')) throw new Error('Force and reset apply to HelmReleases only.');
  return reconcile(session, ref, { ...opts, extra: { [action === 'force' ? FORCE_AT : RESET_AT]: '' } });
}

/** ESO: bumps the force-sync annotation; resolves when status.refreshTime moved past its old value (or times out). */
export async function forceSync(session: ClusterSession, ref: ObjectRef, opts: WaitOptions = {}): Promise<{ refreshed: boolean; refreshTime?: string }> {
  const info = session.requireServed(ref.kindKey).info;
  if (!info.syncAnnotation) throw new Error(`${info.kind} has no force-sync annotation.`);
  const refreshOf = (o: KObject | undefined) => String((info.refreshTime && o ? pathValue(o, info.refreshTime) : '') ?? '');
  const old = refreshOf(await session.fetch(ref));
  await session.mergePatch(ref, { metadata: { annotations: { [info.syncAnnotation]: String(Math.floor(Date.now() / 1000)) } } });
  try {
    const obj = await session.waitFor(ref, (o) => refreshOf(o) !== '' && refreshOf(o) !== old, opts.timeoutMs ?? 30_000, opts.signal);
    return { refreshed: true, refreshTime: refreshOf(obj) };
  } catch {
    return { refreshed: false };
  }
}

export interface EventLine {
  readonly time: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  readonly source: string;
  readonly object: string;
}

/** Events of one object through field selectors on involvedObject.*, newest last. */
export async function objectEvents(session: ClusterSession, ref: ObjectRef): Promise<EventLine[]> {
  const kind = kindOfRef(ref);
  const selector = [`involvedObject.kind=${kind}`, `involvedObject.name=${ref.name}`];
  if (ref.namespace) selector.push(`involvedObject.namespace=${ref.namespace}`);
  const path = ref.namespace ? `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/events` : '/api/v1/events';
  const list = await session.transport.request<{ items?: CoreEvent[] }>({
    path,
    query: { fieldSelector: selector.join(',') },
    purpose: { verb: 'list', resource: 'events', namespace: ref.namespace },
  });
  const lines = (list.items ?? []).map((e): EventLine => ({
    time: e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: (e.message ?? '').trim(),
    count: e.series?.count ?? e.count ?? 1,
    source: e.reportingComponent || e.source?.component || '',
    object: `${e.involvedObject?.kind ?? kind}/${e.involvedObject?.name ?? ref.name}`,
  }));
  return lines.sort((a, b) => a.time.localeCompare(b.time));
}

export function formatEvents(title: string, events: readonly EventLine[]): string {
  if (events.length === 0) return `${title}\n\nNo events (events expire after an hour by default).\n`;
  const rows = events.map((e) => `${e.time}  ${e.type.padEnd(7)}  ${e.reason.padEnd(24)}  ${e.count > 1 ? `(x${e.count}) ` : ''}${e.object}  ${e.source ? `[${e.source}] ` : ''}${e.message}`);
  return `${title}\n\n${rows.join('\n')}\n`;
}

/** The live object as read-only YAML, without managedFields. Secrets are never fetched here. */
export async function liveYaml(session: ClusterSession, ref: ObjectRef): Promise<string> {
  if (ref.kindKey === '/Secret' || ref.kindKey.endsWith('/Secret')) throw new Error('Secrets are never read.');
  const obj = await session.fetch(ref);
  return objectYaml(obj);
}

export function objectYaml(obj: KObject): string {
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return stringify(copy, { lineWidth: 0 });
}

/** Short RBAC form of the resource of a ref, for messages. */
export function resourceOf(session: ClusterSession, ref: ObjectRef): string {
  const served = session.served(ref.kindKey);
  return served ? rbacResource(served) : ref.kindKey;
}

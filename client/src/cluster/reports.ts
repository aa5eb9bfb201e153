// What the cluster commands tell the user, as plain text: a progress title that names the object once, the
// step being waited on, and an outcome short enough for a notification, with the whole story (the full
// revision, the controller's message) in a detail.
import type { Outcome } from './actions';
import { shortRevision } from './status';
import { describeRef, kindOfRef, type ObjectRef } from './types';

/** `namespace/name`, or the name of a cluster-scoped object. */
export function shortRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** The notification title while a command runs, e.g. `Reconciling flux-system/apps-ok`. */
export function progressTitle(verb: string, ref: ObjectRef, suffix = ''): string {
  return `${verb} ${shortRef(ref)}${suffix}`;
}

/** The step shown after the title while the controller works, e.g. `waiting for kustomize-controller…`. */
export function waitingText(controller: string | undefined): string {
  return `waiting for ${controller ?? 'the controller'}…`;
}

/** A step of a command that reconciles several objects names the one it waits on: `GitRepository fleet, …`. */
export function stepText(ref: ObjectRef, text: string): string {
  return `${kindOfRef(ref)} ${ref.name}, ${text}`;
}

export interface OutcomeNotice {
  readonly ok: boolean;
  /** One short line: `apps-ok: Ready at main@sha1:0123456`, `apps-broken: BuildFailed: <message>`. */
  readonly text: string;
  /** Every fact, one per line: the object and its context, the Ready condition, the full revision. */
  readonly detail: string;
}

/** The first line of a controller message, without trailing spaces. */
function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

export function outcomeNotice(o: Outcome): OutcomeNotice {
  const name = o.ref.name;
  const text = o.ok
    ? `${name}: Ready${o.revision ? ` at ${shortRevision(o.revision)}` : ''}`
    : `${name}: ${o.reason ?? 'not ready'}${o.message ? `: ${firstLine(o.message)}` : ''}`;
  const detail = [
    `${describeRef(o.ref)} in context ${o.ref.context}`,
    `Ready: ${o.ok ? 'True' : 'False'}${o.reason ? ` (${o.reason})` : ''}`,
    o.revision ? `Revision: ${o.revision}` : undefined,
    o.message ? `Message: ${o.message.trim()}` : undefined,
  ].filter((l): l is string => l !== undefined);
  return { ok: o.ok, text, detail: detail.join('\n') };
}

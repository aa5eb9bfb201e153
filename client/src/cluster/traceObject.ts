// Trace of a live object: the object is read once (never a Secret), the Flux objects above it come from the
// session's watch cache, so a trace costs one GET at most.
import { KINDS } from '../../../server/src/shared/kinds';
import { kindKey } from './discovery';
import { isSecret } from './inventory';
import { getObject, preferredVersion } from './owned';
import type { ClusterSession } from './session';
import { traceOf, type PickedObject, type Trace } from './trace';
import type { KObject, ObjectRef } from './types';

/** The group and version of a picked object: as typed, from the kinds table, or the group's preferred version. */
async function resolve(session: ClusterSession, pick: PickedObject): Promise<{ group: string; version: string }> {
  if (pick.group !== undefined && pick.version) return { group: pick.group, version: pick.version };
  const group = pick.group ?? KINDS.find((k) => k.kind === pick.kind)?.group;
  if (group === undefined) throw new Error(`Which API group is ${pick.kind} in? Write it as ${pick.kind}.<group>.`);
  const served = session.served(kindKey(group, pick.kind));
  return { group, version: served?.version ?? (await preferredVersion(session.transport, group, session.options.timeoutMs)) };
}

export interface TraceInput {
  readonly pick: PickedObject;
  /** The object, when the caller has it already (an inventory entry's watch). */
  readonly obj?: KObject;
  /** The Flux object known to have applied it, when its labels cannot be read (a Secret). */
  readonly owner?: ObjectRef;
  readonly giteaUrl?: string;
}

export async function traceObject(session: ClusterSession, input: TraceInput): Promise<Trace> {
  const { pick } = input;
  const { group, version } = await resolve(session, pick);
  const start: ObjectRef = { context: session.name, kindKey: kindKey(group, pick.kind), namespace: pick.namespace, name: pick.name };
  let obj = input.obj;
  if (!obj && !isSecret(group, pick.kind)) {
    obj = await getObject(session.transport, { group, version, kind: pick.kind, namespace: pick.namespace }, pick.name, session.options.timeoutMs);
    if (!obj) throw new Error(`${pick.kind} ${pick.namespace ? `${pick.namespace}/` : ''}${pick.name} does not exist in context ${session.name}.`);
  }
  if (!obj && !input.owner) throw new Error('Secrets are never read, so their labels cannot say who applied them; trace it from its inventory entry instead.');
  return traceOf(start, obj, (ref) => session.get(ref.kindKey, ref.namespace, ref.name), { owner: input.owner, giteaUrl: input.giteaUrl });
}

// The health of any applied object, computed the way kstatus does: a rollout is done when every replica is
// updated, ready and available at the current generation; a Job when it completed; a Pod when it runs ready
// or succeeded; a PVC when bound; a LoadBalancer Service when it has an address; anything else with a Ready
// condition by that condition. Objects with nothing to check are "applied". Pure: it reads the object only.
import { condition } from './status';
import type { KObject } from './types';

export type HealthState = 'healthy' | 'progressing' | 'failed' | 'terminating' | 'applied';

export interface Health {
  readonly state: HealthState;
  /** One short line: what is missing, or what is done. */
  readonly message: string;
}

type Rule = (obj: KObject) => Health;

const healthy = (message: string): Health => ({ state: 'healthy', message });
const progressing = (message: string): Health => ({ state: 'progressing', message });
const failed = (message: string): Health => ({ state: 'failed', message });

function num(obj: KObject, field: string, fallback = 0): number {
  const v = obj.status?.[field];
  return typeof v === 'number' ? v : fallback;
}

function specReplicas(obj: KObject): number {
  const v = obj.spec?.['replicas'];
  return typeof v === 'number' ? v : 1;
}

/** The controller has not yet seen the latest spec: nothing in the status can be trusted. */
function staleGeneration(obj: KObject): Health | undefined {
  const gen = obj.metadata.generation;
  const observed = obj.status?.observedGeneration;
  if (gen === undefined || observed === undefined || observed >= gen) return undefined;
  return progressing(`Generation ${gen} not observed yet (observed ${observed}).`);
}

const deployment: Rule = (obj) => {
  const want = specReplicas(obj);
  const progress = condition(obj, 'Progressing');
  if (progress?.status === 'False' && progress.reason === 'ProgressDeadlineExceeded') return failed(progress.message ?? 'Progress deadline exceeded.');
  const updated = num(obj, 'updatedReplicas');
  const total = num(obj, 'replicas');
  const ready = num(obj, 'readyReplicas');
  const available = num(obj, 'availableReplicas');
  if (updated < want) return progressing(`Updated ${updated}/${want} replicas.`);
  if (total > updated) return progressing(`${total - updated} old replicas pending termination.`);
  if (available < want) return progressing(`Available ${available}/${want} replicas.`);
  if (ready < want) return progressing(`Ready ${ready}/${want} replicas.`);
  if (condition(obj, 'Available')?.status === 'False') return progressing('Available condition is False.');
  return healthy(`Rolled out: ${ready}/${want} replicas ready.`);
};

const statefulSet: Rule = (obj) => {
  const want = specReplicas(obj);
  const ready = num(obj, 'readyReplicas');
  const strategy = obj.spec?.['updateStrategy'] as { type?: string; rollingUpdate?: { partition?: number } } | undefined;
  if (strategy?.type === 'OnDelete') return ready < want ? progressing(`Ready ${ready}/${want} replicas.`) : healthy(`${ready}/${want} replicas ready (OnDelete).`);
  if (num(obj, 'replicas') < want) return progressing(`Created ${num(obj, 'replicas')}/${want} replicas.`);
  if (ready < want) return progressing(`Ready ${ready}/${want} replicas.`);
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const updated = num(obj, 'updatedReplicas');
    const wantUpdated = Math.max(0, want - partition);
    return updated < wantUpdated ? progressing(`Partitioned roll out: ${updated}/${wantUpdated} updated.`) : healthy(`Partitioned roll out done (${updated} updated).`);
  }
  const current = obj.status?.['currentRevision'];
  const update = obj.status?.['updateRevision'];
  if (update !== undefined && current !== update) return progressing(`Rolling out revision ${String(update)}: ${num(obj, 'updatedReplicas')}/${want} updated.`);
  return healthy(`Rolled out: ${ready}/${want} replicas ready.`);
};

const daemonSet: Rule = (obj) => {
  const desired = num(obj, 'desiredNumberScheduled');
  const scheduled = num(obj, 'currentNumberScheduled');
  const updated = num(obj, 'updatedNumberScheduled');
  const available = num(obj, 'numberAvailable');
  const ready = num(obj, 'numberReady');
  if (scheduled < desired) return progressing(`Scheduled ${scheduled}/${desired} pods.`);
  if (updated < desired) return progressing(`Updated ${updated}/${desired} pods.`);
  if (available < desired) return progressing(`Available ${available}/${desired} pods.`);
  if (ready < desired) return progressing(`Ready ${ready}/${desired} pods.`);
  return healthy(`Rolled out on ${desired} node${desired === 1 ? '' : 's'}.`);
};

const replicaSet: Rule = (obj) => {
  const want = specReplicas(obj);
  const ready = num(obj, 'readyReplicas');
  if (condition(obj, 'ReplicaFailure')?.status === 'True') return failed(condition(obj, 'ReplicaFailure')?.message ?? 'Replica failure.');
  if (ready < want) return progressing(`Ready ${ready}/${want} replicas.`);
  return healthy(`${ready}/${want} replicas ready.`);
};

const job: Rule = (obj) => {
  const failedCond = condition(obj, 'Failed');
  if (failedCond?.status === 'True') return failed(failedCond.message ?? failedCond.reason ?? 'Job failed.');
  if (condition(obj, 'Complete')?.status === 'True') return healthy(`Completed (${num(obj, 'succeeded')} succeeded).`);
  const suspended = condition(obj, 'Suspended');
  if (suspended?.status === 'True') return progressing('Job suspended.');
  return progressing(`Running: ${num(obj, 'active')} active, ${num(obj, 'succeeded')} succeeded, ${num(obj, 'failed')} failed.`);
};

/** Container states that will not fix themselves without a change. */
const STUCK_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName', 'CreateContainerError']);

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

const pod: Rule = (obj) => {
  const phase = String(obj.status?.['phase'] ?? 'Pending');
  if (phase === 'Succeeded') return healthy('Succeeded.');
  if (phase === 'Failed') return failed(String(obj.status?.['message'] ?? obj.status?.['reason'] ?? 'Pod failed.'));
  const containers = [...((obj.status?.['initContainerStatuses'] as ContainerStatus[] | undefined) ?? []), ...((obj.status?.['containerStatuses'] as ContainerStatus[] | undefined) ?? [])];
  const stuck = containers.find((c) => STUCK_WAITING.has(c.state?.waiting?.reason ?? ''));
  if (stuck) return failed(`Container ${stuck.name ?? '?'}: ${stuck.state?.waiting?.reason}${stuck.state?.waiting?.message ? `: ${stuck.state.waiting.message}` : ''}`);
  const scheduled = condition(obj, 'PodScheduled');
  if (scheduled?.status === 'False') return progressing(`Not scheduled: ${scheduled.message ?? scheduled.reason ?? 'no node yet'}.`);
  if (phase === 'Running' && condition(obj, 'Ready')?.status === 'True') return healthy('Running and ready.');
  return progressing(phase === 'Running' ? 'Running, not ready.' : `${phase}.`);
};

const pvc: Rule = (obj) => {
  const phase = String(obj.status?.['phase'] ?? 'Pending');
  if (phase === 'Bound') return healthy('Bound.');
  if (phase === 'Lost') return failed('Lost its volume.');
  return progressing(`${phase}.`);
};

const service: Rule = (obj) => {
  if (obj.spec?.['type'] !== 'LoadBalancer') return healthy(`${String(obj.spec?.['type'] ?? 'ClusterIP')} service.`);
  const ingress = (obj.status?.['loadBalancer'] as { ingress?: unknown[] } | undefined)?.ingress ?? [];
  return ingress.length > 0 ? healthy('Load balancer has an address.') : progressing('Waiting for a load balancer address.');
};

const namespace: Rule = (obj) => (obj.status?.['phase'] === 'Terminating' ? { state: 'terminating', message: 'Namespace terminating.' } : healthy('Active.'));

/** Kind -> rule, for the built-in kinds whose health kstatus reads from their own status fields. */
const RULES: Readonly<Record<string, Rule>> = {
  'apps/Deployment': deployment,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'apps/ReplicaSet': replicaSet,
  'batch/Job': job,
  '/Pod': pod,
  '/PersistentVolumeClaim': pvc,
  '/Service': service,
  '/Namespace': namespace,
};

/** Any other object: Stalled, Reconciling and Ready conditions (Flux, cert-manager, most operators), else applied. */
const byConditions: Rule = (obj) => {
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message ?? stalled.reason ?? 'Stalled.');
  const ready = condition(obj, 'Ready');
  if (condition(obj, 'Reconciling')?.status === 'True') return progressing(condition(obj, 'Reconciling')?.message ?? 'Reconciling.');
  if (!ready) return { state: 'applied', message: 'Applied (nothing to check).' };
  if (ready.status === 'True') return healthy(ready.message ?? ready.reason ?? 'Ready.');
  if (ready.status === 'False') return failed(`${ready.reason ?? 'NotReady'}${ready.message ? `: ${ready.message}` : ''}`);
  return progressing(ready.message ?? 'Ready is Unknown.');
};

function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.lastIndexOf('/')) : '';
}

/** The health of one object. */
export function healthOf(obj: KObject): Health {
  if (obj.metadata.deletionTimestamp) return { state: 'terminating', message: `Terminating since ${obj.metadata.deletionTimestamp}.` };
  const rule = RULES[`${groupOf(obj.apiVersion)}/${obj.kind ?? ''}`];
  if (!rule) return byConditions(obj);
  return staleGeneration(obj) ?? rule(obj);
}

/** True for states that need a person to look: failed, or still in progress. */
export function isUnhealthy(h: Health): boolean {
  return h.state === 'failed' || h.state === 'progressing';
}

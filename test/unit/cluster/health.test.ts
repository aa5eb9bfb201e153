// The health rules on recorded objects (test/unit/cluster/health/*.json, shaped like `kubectl get -o json`):
// rollouts done and in progress, a deadline exceeded, Jobs, Pods, PVCs, Services, Ready conditions, the rest.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { healthOf, isUnhealthy, type HealthState } from '../../../client/src/cluster/health';
import type { KObject } from '../../../client/src/cluster/types';

const recorded = (name: string): KObject => JSON.parse(readFileSync(join(__dirname, 'health', `${name}.json`), 'utf8')) as KObject;

const EXPECTED: [string, HealthState, RegExp][] = [
  ['deployment-rolled-out', 'healthy', /2\/2 replicas ready/],
  ['deployment-rolling', 'progressing', /Updated 1\/2/],
  ['deployment-deadline', 'failed', /timed out progressing/],
  ['deployment-unobserved', 'progressing', /Generation 5 not observed/],
  ['deployment-no-pods', 'progressing', /Available 0\/1/],
  ['statefulset-rolling', 'progressing', /revision postgres-7f4b8c6d9: 1\/3 updated/],
  ['statefulset-done', 'healthy', /3\/3 replicas ready/],
  ['daemonset-partial', 'progressing', /Available 2\/3 pods/],
  ['job-complete', 'healthy', /Completed \(1 succeeded\)/],
  ['job-failed', 'failed', /backoff limit/],
  ['pod-crashloop', 'failed', /Container api: CrashLoopBackOff/],
  ['pod-running', 'healthy', /Running and ready/],
  ['pod-unschedulable', 'progressing', /Not scheduled: 0\/3 nodes/],
  ['pvc-pending', 'progressing', /Pending/],
  ['pvc-bound', 'healthy', /Bound/],
  ['service-lb-pending', 'progressing', /load balancer address/],
  ['service-clusterip', 'healthy', /ClusterIP service/],
  ['certificate-not-ready', 'failed', /DoesNotExist: Issuing certificate/],
  ['kustomization-reconciling', 'progressing', /Running health checks/],
  ['configmap', 'applied', /nothing to check/],
  ['configmap-deleting', 'terminating', /Terminating since 2026-11-30T11:00:00Z/],
];

describe('health rules', () => {
  for (const [name, state, message] of EXPECTED) {
    it(`${name}: ${state}`, () => {
      const h = healthOf(recorded(name));
      assert.equal(h.state, state, h.message);
      assert.match(h.message, message);
    });
  }

  it('counts failed and progressing as unhealthy, the rest not', () => {
    assert.deepEqual(
      (['healthy', 'progressing', 'failed', 'terminating', 'applied'] as HealthState[]).map((state) => isUnhealthy({ state, message: '' })),
      [false, true, true, false, false],
    );
  });

  it('reads a partitioned StatefulSet roll-out as done once the replicas above the partition are updated', () => {
    const sts = recorded('statefulset-rolling');
    sts.spec = { ...sts.spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    assert.equal(healthOf(sts).state, 'healthy');
  });

  it('treats a Deployment without replicas as one replica, and a Ready=True object as healthy', () => {
    const d = recorded('deployment-rolled-out');
    delete d.spec?.['replicas'];
    d.status = { ...d.status, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 };
    assert.equal(healthOf(d).state, 'healthy');
    const cert = recorded('certificate-not-ready');
    cert.status = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }] };
    assert.deepEqual(healthOf(cert), { state: 'healthy', message: 'Certificate is up to date and has not expired' });
  });
});

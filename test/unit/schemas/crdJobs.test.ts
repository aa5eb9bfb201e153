// What the scan workers are sent of the workspace's CRDs: the kinds a job's files need (every served version of
// each), each kind once per worker and CRD set, and a worker's registry layering what it got under its profile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KindSchema } from '../../../server/src/core/schema/types';
import { baseProfile, crdsForJob, ReceivedCrds, SentCrds, type WorkspaceCrds } from '../../../server/src/core/schema/workspaceCrds';
import type { SchemaRegistry } from '../../../server/src/core/schema/registry';

const kind = (apiVersion: string, k: string): KindSchema => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { apiVersion, group, version, kind: k, schema: { type: 'object' } } as unknown as KindSchema;
};
const set = (stamp: string, kinds: KindSchema[]): WorkspaceCrds => ({ stamp, byKey: new Map(kinds.map((k) => [`${k.apiVersion}|${k.kind}`, k])) });
const CERT_V1 = kind('cert-manager.io/v1', 'Certificate');
const CERT_V1A2 = kind('cert-manager.io/v1alpha2', 'Certificate');
const ISSUER = kind('cert-manager.io/v1', 'Issuer');
const CRDS = set('a1', [CERT_V1, CERT_V1A2, ISSUER]);

test('a job gets every version of the CRD kinds its files use, and nothing for a profile without CRDs', () => {
  const job = crdsForJob('flux-2.9+crds:a1', CRDS, [['cert-manager.io/v1', 'Certificate'], ['apps/v1', 'Deployment'], [undefined, undefined]]);
  assert.deepEqual(job, { stamp: 'a1', kinds: [CERT_V1, CERT_V1A2] });
  assert.equal(crdsForJob('flux-2.9', CRDS, [['cert-manager.io/v1', 'Certificate']]), undefined);
  assert.equal(baseProfile('flux-2.9+eso-1.3+crds:a1'), 'flux-2.9+eso-1.3');
  assert.equal(baseProfile('flux-2.9'), 'flux-2.9');
});

test('a worker is sent each kind once per CRD set; a new set (a CRD edited) is sent again in full', () => {
  const sent = new SentCrds();
  const job = (stamp: string, kinds: KindSchema[]) => ({ check: { profile: `p+crds:${stamp}`, crds: { stamp, kinds } } });
  assert.deepEqual(sent.strip(job('a1', [CERT_V1, ISSUER])).check.crds.kinds, [CERT_V1, ISSUER]);
  assert.deepEqual(sent.strip(job('a1', [CERT_V1, CERT_V1A2])).check.crds.kinds, [CERT_V1A2]);
  assert.deepEqual(sent.strip(job('b2', [CERT_V1])).check.crds.kinds, [CERT_V1]);
  assert.deepEqual(sent.strip(job('a1', [CERT_V1])).check.crds.kinds, [CERT_V1], 'the worker dropped set a1 when it got b2');
  const plain: { check: { profile: string; crds?: undefined } } = { check: { profile: 'p' } };
  assert.equal(sent.strip(plain), plain);
});

test("a worker's registry answers the pinned kinds first, then the CRD kinds it was sent for the set", () => {
  const base = { profile: 'flux-2.9', lookup: (a: string, k: string) => (a === 'apps/v1' && k === 'Deployment' ? kind(a, k) : undefined), versionsOf: () => [] } as unknown as SchemaRegistry;
  const received = new ReceivedCrds();
  const first = received.registry(base, { stamp: 'a1', kinds: [CERT_V1] });
  assert.equal(first.profile, 'flux-2.9+crds:a1');
  assert.equal(first.lookup('cert-manager.io/v1', 'Certificate'), CERT_V1);
  assert.equal(first.lookup('cert-manager.io/v1', 'Issuer'), undefined);
  const second = received.registry(base, { stamp: 'a1', kinds: [ISSUER] });
  assert.equal(second.lookup('cert-manager.io/v1', 'Certificate'), CERT_V1, 'kept from the first job');
  assert.equal(second.lookup('cert-manager.io/v1', 'Issuer'), ISSUER);
  assert.equal(second.lookup('apps/v1', 'Deployment')?.kind, 'Deployment');
  const other = received.registry(base, { stamp: 'b2', kinds: [ISSUER] });
  assert.equal(other.profile, 'flux-2.9+crds:b2');
  assert.equal(other.lookup('cert-manager.io/v1', 'Certificate'), undefined, 'a new set starts empty');
});

// "The explorer never reads Secrets", proved on the real API server's audit log. The whole explorer workload
// (discovery, list and watch of every served kind, the tree, reconcile, reconcile with source, HelmRelease
// force, suspend/resume, ESO force sync, object and controller logs, events, live objects, compare, lenses,
// refresh) runs as user testbed-explorer, whose RBAC allows every command and no Secret. Then the audit log
// (Metadata level, every request) must hold that user's requests, none of them about Secrets, none refused,
// while a Secret request by another user in the same window is recorded (so the log does log Secrets).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { forceSync, helmRelease, liveYaml, objectEvents, reconcile, reconcileWithSource, resume, suspend } from '../../client/src/cluster/actions';
import { comparable } from '../../client/src/cluster/drift';
import { lensLine } from '../../client/src/cluster/lens';
import { fluxPods, streamControllerLogs, streamPodLog, type LogEntry } from '../../client/src/cluster/logs';
import { ClusterManager } from '../../client/src/cluster/manager';
import { CONTROLLERS_KEY, type ClusterSession } from '../../client/src/cluster/session';
import { objectStatus } from '../../client/src/cluster/status';
import type { ObjectRef } from '../../client/src/cluster/types';
import { TreeModel, type TreeNode } from '../../client/src/tree/model';
import { TESTBED, ensureTestbed } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { auditEvents, touchesSecrets, waitForAudit, type AuditEvent } from './auditLog';
import { certificateUser, userKubeconfig } from './kubeconfigs';

const USER = 'testbed-explorer';
const CONTEXT = 'testbed-explorer';
const NS = TESTBED.fluxNamespace;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const ES = 'external-secrets.io/ExternalSecret';
const STORE = 'external-secrets.io/SecretStore';
const WAIT = { timeoutMs: 90_000 };

const ref = (kindKey: string, name: string, namespace: string = NS): ObjectRef => ({ context: CONTEXT, kindKey, namespace, name });
const byUser = (e: AuditEvent) => e.user.username === USER;

/** Every node of the tree, depth first, as the view would expand it. */
function walk(tree: TreeModel, nodes: TreeNode[] = tree.roots()): TreeNode[] {
  return nodes.flatMap((n) => [n, ...walk(tree, tree.children(n))]);
}

async function logLines(s: ClusterSession): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  const handles = await streamControllerLogs(s, 'kustomize-controller', { follow: false, minLevel: 'info', tailLines: 200, onEntry: (e) => entries.push(e) });
  const [pod] = (await fluxPods(s)).filter((p) => p.metadata.labels?.['app'] === 'source-controller');
  assert.ok(pod, 'the source-controller pod is listed');
  handles.push(await streamPodLog(s, pod, { follow: false, tailLines: 5, onEntry: (e) => entries.push(e) }));
  await Promise.all(handles.map((h) => h.done));
  return entries;
}

describe('the explorer never reads Secrets (audit log of the real API server)', () => {
  let admin: KubeConfig;
  let m: ClusterManager;
  let s: ClusterSession;
  let tree: TreeModel;
  const since = new Date(Date.now() - 2000);

  before(async () => {
    admin = await ensureTestbed();
    const kubeconfig = userKubeconfig(CONTEXT, certificateUser('explorer'));
    m = new ClusterManager({ kubeconfig, contexts: [], fluxNamespace: NS, requestTimeoutSeconds: 10 });
    tree = new TreeModel(m);
    m.load();
    s = m.session(CONTEXT)!;
  });

  after(async () => {
    const apps = s?.get(KS, NS, 'apps-ok');
    if (apps?.spec?.suspend) await resume(s, ref(KS, 'apps-ok'), WAIT).catch(() => undefined);
    tree?.dispose();
    m?.dispose();
  });

  it('runs every explorer command as a user without Secret access', async () => {
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || (s.phase === 'ready' && [...s.kinds.values()].every((k) => k.phase === 'watching')), 30_000, 'every watch');
    assert.notEqual(s.phase, 'error', s.error?.message);
    const watched = [...s.kinds.keys()];
    for (const key of [KS, GIT, HR, CONTROLLERS_KEY, ES, STORE]) assert.ok(watched.includes(key), `${key} watched (${watched.join(', ')})`);

    const views = walk(tree).map((n) => tree.view(n));
    assert.ok(views.some((v) => v.label === 'apps-ok'), 'the tree shows apps-ok');
    assert.ok(!views.some((v) => v.icon === 'error' || v.icon === 'context-error'), JSON.stringify(views.filter((v) => v.icon === 'error')));

    const ok = await reconcile(s, ref(KS, 'apps-ok'), WAIT);
    assert.equal(ok.ok, true, ok.message);
    const broken = await reconcile(s, ref(KS, 'apps-broken'), WAIT);
    assert.equal(broken.ok, false, 'apps-broken fails, as the fixture says');
    const chain = await reconcileWithSource(s, ref(HR, 'hello'), WAIT);
    assert.ok(chain.every((o) => o.ok), chain.map((o) => o.message).join('; '));
    const forced = await helmRelease(s, ref(HR, 'hello'), 'force', WAIT);
    assert.equal(forced.ok, true, forced.message);

    await suspend(s, ref(KS, 'apps-ok'), 'audit proof', 'tester');
    const resumed = await resume(s, ref(KS, 'apps-ok'), WAIT);
    assert.equal(resumed.ok, true, resumed.message);

    const synced = await forceSync(s, ref(ES, 'db-credentials', TESTBED.secretsNamespace), { timeoutMs: 60_000 });
    assert.equal(synced.refreshed, true, 'ESO synced the ExternalSecret again');

    const lines = await logLines(s);
    assert.ok(lines.length > 0, 'controller log lines arrived');
    const events = await objectEvents(s, ref(KS, 'apps-broken'));
    assert.ok(events.length > 0, 'apps-broken has events');

    for (const r of [ref(KS, 'apps-ok'), ref(HR, 'hello'), ref(GIT, 'fleet'), ref(ES, 'db-credentials', TESTBED.secretsNamespace), ref(STORE, 'fake-store', TESTBED.secretsNamespace)]) {
      assert.match(await liveYaml(s, r), new RegExp(`name: ${r.name}\\n`), `live YAML of ${r.name}`);
    }
    // Asked for a Secret, the command refuses before any request is made.
    await assert.rejects(liveYaml(s, { context: CONTEXT, kindKey: '/Secret', namespace: TESTBED.secretsNamespace, name: 'db-credentials' }), /Secrets are never read/);

    const live = await s.fetch(ref(GIT, 'fleet'));
    const desired = { apiVersion: live.apiVersion, kind: 'GitRepository', metadata: { name: 'fleet', namespace: NS }, spec: live.spec };
    assert.equal(comparable(desired, live).same, true, 'the live object matches a manifest of its own spec');

    const lenses = tree.allObjects().flatMap(({ obj, info }) => (info ? [lensLine(CONTEXT, info, objectStatus(obj, info))] : []));
    assert.ok(lenses.length >= 7, `a lens line for every Flux and ESO object (${lenses.length})`);
    assert.ok(lenses.every((l) => l.title.includes(`${CONTEXT}:`)), lenses.map((l) => l.title).join('; '));

    await m.refresh(CONTEXT);
    await until((cb) => s.onEvent(cb), () => s.get(KS, NS, 'apps-ok') !== undefined, 30_000, 'the objects after refresh');
  });

  it('the audit log shows that user\'s requests and none of them touched Secrets', async (t) => {
    // The control: a Secret request by the admin in the same window (a name that does not exist: nothing is read).
    const probe = `audit-probe-${Date.now()}`;
    await assert.rejects(admin.makeApiClient(CoreV1Api).readNamespacedSecret({ name: probe, namespace: TESTBED.secretsNamespace }), /404|not found/i);
    await waitForAudit(since, (all) => all.some((e) => e.objectRef?.resource === 'secrets' && e.objectRef.name === probe), 15_000, `the admin's request for secret ${probe}`);

    const mine = await auditEvents(since, byUser);
    const verbs = new Map<string, number>();
    for (const e of mine) verbs.set(e.verb, (verbs.get(e.verb) ?? 0) + 1);
    t.diagnostic(`${mine.length} audit events by ${USER}: ${[...verbs].map(([v, n]) => `${v} ${n}`).join(', ')}`);
    const secrets = mine.filter(touchesSecrets);
    assert.deepEqual(secrets.map((e) => `${e.verb} ${e.requestURI}`), [], 'no request by the explorer user touched secrets');
    const refused = mine.filter((e) => (e.responseStatus?.code ?? 0) === 403);
    assert.deepEqual(refused.map((e) => `${e.verb} ${e.requestURI}`), [], 'no request by the explorer user was refused');
    const did = (verb: string, resource: string, subresource?: string) =>
      mine.some((e) => e.verb === verb && e.objectRef?.resource === resource && e.objectRef.subresource === subresource);
    const expected: [string, string, string?][] = [
      ['list', 'kustomizations'], ['watch', 'kustomizations'], ['patch', 'kustomizations'], ['patch', 'helmreleases'],
      ['patch', 'helmcharts'], ['patch', 'externalsecrets'], ['get', 'gitrepositories'], ['get', 'secretstores'],
      ['list', 'events'], ['list', 'pods'], ['watch', 'pods'], ['get', 'pods', 'log'],
    ];
    const missing = expected.filter(([verb, resource, sub]) => !did(verb, resource, sub));
    assert.deepEqual(missing, [], `the audit log holds the explorer's requests (${mine.length} events)`);
  });
});

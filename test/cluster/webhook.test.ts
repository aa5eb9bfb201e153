// The Gitea push webhook, end to end on the testbed: a Receiver (generic-hmac) on the real
// notification-controller, the workflow "Create Gitea Actions Workflow" writes, its `run:` step executed as a
// Gitea Actions runner would (bash, curl and openssl, with the step's env and the repository secret), and the
// GitRepository it names reconciled because of that request. No sleeps: waits are on watch events.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ClusterManager } from '../../client/src/cluster/manager';
import { webhookUrl } from '../../client/src/cluster/receiver';
import type { ClusterSession } from '../../client/src/cluster/session';
import type { KObject } from '../../client/src/cluster/types';
import { giteaWorkflow } from '../../client/src/fleet/giteaWorkflow';
import { TESTBED, ensureTestbed, testbedGitUrl, testbedInfo, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';

const execFileAsync = promisify(execFile);
const NS = `webhook-probe-${Date.now().toString(36)}`;
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const RECEIVER = 'notification.toolkit.fluxcd.io/Receiver';
const TOKEN = `token-${Math.random().toString(36).slice(2)}`;
const SECRET_NAME = 'FLUX_WEBHOOK_TOKEN';

interface Step {
  env: Record<string, string>;
  run: string;
}

describe('the Gitea Actions webhook round trip', () => {
  let m: ClusterManager;
  let s: ClusterSession;
  const api = (method: 'POST' | 'DELETE', path: string, body?: unknown) => s.transport.request<KObject>({ method, path, body });

  before(async () => {
    await ensureTestbed();
    m = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 }, undefined, {}, { backoffInitialMs: 100, backoffMaxMs: 2000 });
    m.load();
    s = m.session(TESTBED.contexts.admin)!;
    await until((cb) => s.onEvent(cb), () => s.phase === 'error' || (s.kinds.get(GIT)?.phase === 'watching' && s.kinds.get(RECEIVER)?.phase === 'watching'), 30_000, 'watches');
    assert.notEqual(s.phase, 'error', s.error?.message);
    await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    // The token the platform team would also store as the Gitea repository secret (the test writes it; the
    // extension never reads a Secret).
    await api('POST', `/api/v1/namespaces/${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook-token' }, stringData: { token: TOKEN } });
    // An interval of an hour: the only reason to reconcile within the test is the webhook.
    await api('POST', `/apis/source.toolkit.fluxcd.io/v1/namespaces/${NS}/gitrepositories`, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: NS },
      spec: { interval: '1h', url: testbedGitUrl('fleet'), ref: { branch: 'main' } },
    });
    await api('POST', `/apis/notification.toolkit.fluxcd.io/v1/namespaces/${NS}/receivers`, {
      apiVersion: 'notification.toolkit.fluxcd.io/v1',
      kind: 'Receiver',
      metadata: { name: 'gitea-push', namespace: NS },
      spec: { type: 'generic-hmac', secretRef: { name: 'webhook-token' }, resources: [{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: 'fleet' }] },
    });
  });

  after(async () => {
    try {
      if (s) await api('DELETE', `/api/v1/namespaces/${NS}`);
    } finally {
      m?.dispose();
    }
  });

  it('the generated workflow’s request makes the GitRepository reconcile', async () => {
    await until((cb) => s.onEvent(cb), () => typeof s.get(RECEIVER, NS, 'gitea-push')?.status?.['webhookPath'] === 'string', 60_000, 'the webhook path');
    await until((cb) => s.onEvent(cb), () => s.get(GIT, NS, 'fleet')?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true, 60_000, 'the GitRepository ready');
    const receiver = s.get(RECEIVER, NS, 'gitea-push')!;
    const url = webhookUrl(receiver, `http://127.0.0.1:${testbedInfo().ports.notificationReceiver}`);
    assert.ok('url' in url, JSON.stringify(url));

    const workflow = parse(giteaWorkflow({ branch: 'main', webhookUrl: url.url, secretName: SECRET_NAME, receiver: `${NS}/gitea-push` })) as { on: { push: { branches: string[] } }; jobs: { notify: { steps: Step[] } } };
    assert.deepEqual(workflow.on.push.branches, ['main']);
    const [step] = workflow.jobs.notify.steps;
    // What the runner does: the step's env with `${{ secrets.X }}` filled in, the GITHUB_* variables, then bash.
    const env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, v.replace(`\${{ secrets.${SECRET_NAME} }}`, TOKEN)]));
    assert.equal(env.WEBHOOK_TOKEN, TOKEN, 'the token comes from the repository secret the workflow names');
    const before1 = s.get(GIT, NS, 'fleet')!.status?.lastHandledReconcileAt;
    const started = Date.now();
    await execFileAsync('bash', ['-e', '-c', step.run], {
      env: { PATH: process.env.PATH, ...env, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REPOSITORY: 'platform/fleet' },
      timeout: 30_000,
    });
    // notification-controller asks for a reconcile; source-controller handles it.
    const done = await until(
      (cb) => s.onEvent(cb),
      () => {
        const obj = s.get(GIT, NS, 'fleet');
        const asked = obj?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
        return !!asked && obj?.status?.lastHandledReconcileAt === asked && asked !== before1;
      },
      60_000,
      'the GitRepository reconciled on the webhook',
    ).then(() => Date.now() - started);
    console.log(`# workflow POST → GitRepository reconciled: ${done} ms`);

    // A request signed with another token is refused and changes nothing.
    const wrong = await execFileAsync('bash', ['-c', step.run], { env: { PATH: process.env.PATH, ...env, WEBHOOK_TOKEN: 'not-the-token', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '0', GITHUB_REPOSITORY: 'x' }, timeout: 30_000 }).then(
      () => 'accepted',
      (err: { code?: number }) => `exit ${err.code}`,
    );
    assert.notEqual(wrong, 'accepted', 'a wrong signature is refused (curl --fail)');
  });
});

// The Receiver's webhook URL, and the Gitea Actions workflow: its keys, and its step run for real by bash with
// curl and openssl against a local server that checks the signature the way notification-controller does
// (hex HMAC-SHA256 of the body with the token, in `X-Signature: sha256=...`).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { receiverRepositories, webhookUrl } from '../../../client/src/cluster/receiver';
import { objectStatus, tooltipLines } from '../../../client/src/cluster/status';
import { contextTokens } from '../../../client/src/tree/model';
import { kindsNamed } from '../../../server/src/shared/kinds';
import type { KObject } from '../../../client/src/cluster/types';
import { giteaWorkflow, secretNameProblem } from '../../../client/src/fleet/giteaWorkflow';

const receiver = (status?: Record<string, unknown>): KObject => ({
  kind: 'Receiver',
  metadata: { name: 'gitea', namespace: 'flux-system' },
  spec: { type: 'generic-hmac', resources: [{ kind: 'GitRepository', name: 'flux-system' }, { kind: 'OCIRepository', name: 'x' }, { kind: 'GitRepository', name: 'apps', namespace: 'apps' }] },
  status,
});

describe('receiver webhook', () => {
  it('joins the base URL and the webhook path, or says what is missing', () => {
    assert.deepEqual(webhookUrl(receiver({ webhookPath: '/hook/abc123' }), 'https://flux.example.com/'), { url: 'https://flux.example.com/hook/abc123' });
    assert.match((webhookUrl(receiver(), 'https://flux.example.com') as { error: string }).error, /Receiver flux-system\/gitea has no webhook path yet/);
    assert.match((webhookUrl(receiver({ webhookPath: '/hook/abc' }), '') as { error: string }).error, /fluxGitops\.webhookBaseUrl/);
  });

  it('offers Copy on a Receiver node and shows its path in the tooltip', () => {
    const info = kindsNamed('Receiver')[0];
    const obj = receiver({ webhookPath: '/hook/abc123' });
    assert.match(contextTokens(info, obj), /\breceiver\b/);
    assert.doesNotMatch(contextTokens(kindsNamed('Alert')[0], obj), /\breceiver\b/);
    assert.ok(tooltipLines(obj, info, objectStatus(obj, info)).some((l) => l.startsWith('Webhook path: /hook/abc123')));
  });

  it('knows the GitRepositories it wakes', () => {
    assert.deepEqual(receiverRepositories(receiver()), [{ namespace: 'flux-system', name: 'flux-system' }, { namespace: 'apps', name: 'apps' }]);
  });
});

describe('gitea actions workflow', () => {
  const options = { branch: 'main', webhookUrl: 'http://127.0.0.1:1/hook/abc', secretName: 'FLUX_WEBHOOK_TOKEN', receiver: 'flux-system/gitea' };

  it('runs on push to the branch and takes the token from the secret', () => {
    const wf = parse(giteaWorkflow(options));
    assert.deepEqual(wf.on, { push: { branches: ['main'] } });
    const step = wf.jobs.notify.steps[0];
    assert.equal(step.env.WEBHOOK_TOKEN, '${{ secrets.FLUX_WEBHOOK_TOKEN }}');
    assert.equal(step.env.WEBHOOK_URL, options.webhookUrl);
    assert.equal(wf.jobs.notify['runs-on'], 'ubuntu-latest');
  });

  it('refuses secret names Gitea does not take', () => {
    assert.equal(secretNameProblem('FLUX_TOKEN'), undefined);
    assert.match(secretNameProblem('GITEA_TOKEN') ?? '', /reserves/);
    assert.match(secretNameProblem('1TOKEN') ?? '', /letters, digits/);
    assert.throws(() => giteaWorkflow({ ...options, secretName: 'my-token' }));
  });

  it('sends a request the receiver accepts: its step, run by bash, signs the body with the token', async () => {
    const token = 's3cr3t-token';
    const got = new Promise<{ path: string; ok: boolean; body: string }>((resolve) => {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const expected = `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;
          res.end('ok');
          server.close();
          resolve({ path: req.url ?? '', ok: req.headers['x-signature'] === expected, body });
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/abc`;
        const step = parse(giteaWorkflow({ ...options, webhookUrl: url })).jobs.notify.steps[0];
        const env = { ...process.env, WEBHOOK_URL: url, WEBHOOK_TOKEN: token, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc123', GITHUB_REPOSITORY: 'catalyst/fleet' };
        spawn('bash', ['-eo', 'pipefail', '-c', step.run], { env, stdio: 'inherit' });
      });
    });
    const request = await got;
    assert.equal(request.path, '/hook/abc');
    assert.ok(request.ok, 'the signature matches');
    assert.deepEqual(JSON.parse(request.body), { ref: 'refs/heads/main', sha: 'abc123', repository: 'catalyst/fleet' });
  });
});

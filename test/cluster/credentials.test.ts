// Credentials other than client certificates, against the real API server: a kubeconfig whose user runs an
// exec credential plugin (a small script written here, printing an ExecCredential with a token from the
// API server's --token-auth-file), and one whose user carries an OIDC ID token signed by an issuer this test
// serves on loopback (the API server trusts it through --authentication-config). Each connects and lists;
// a wrong token or a forged signature is refused with 401, shown as "unauthorized".
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { TESTBED, ensureTestbed, testbedFile } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { userKubeconfig } from './kubeconfigs';
import { OIDC_AUDIENCE, OidcIssuer, strangerKey } from './oidcIssuer';

const NS = TESTBED.fluxNamespace;
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';

interface UserInfo {
  username?: string;
  groups?: string[];
}

/** The static token of user testbed-exec, from the API server's token file (written by testbed:up). */
function execToken(): string {
  const line = readFileSync(testbedFile('pki', 'tokens.csv'), 'utf8').split('\n').find((l) => l.split(',')[1] === 'testbed-exec');
  if (!line) throw new Error('no testbed-exec line in the testbed token file');
  return line.split(',')[0]!;
}

/** A credential plugin as a user would install one: prints an ExecCredential, and counts its runs. */
function execPlugin(token: string): { user: Record<string, unknown>; runs: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'exec-credential-'));
  const script = join(dir, 'credential.mjs');
  const runs = join(dir, 'runs');
  writeFileSync(
    script,
    [
      "import { appendFileSync } from 'node:fs';",
      "appendFileSync(process.env.RUNS_FILE, 'x');",
      'const expirationTimestamp = new Date(Date.now() + 10 * 60_000).toISOString();',
      "console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: process.env.PLUGIN_TOKEN, expirationTimestamp } }));",
    ].join('\n'),
  );
  const env = [{ name: 'PLUGIN_TOKEN', value: token }, { name: 'RUNS_FILE', value: runs }];
  const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script], env, interactiveMode: 'Never' } };
  return { user, runs: () => (existsSync(runs) ? readFileSync(runs, 'utf8').length : 0) };
}

function oidcUser(token: string, issuer: string): Record<string, unknown> {
  return { 'auth-provider': { name: 'oidc', config: { 'id-token': token, 'idp-issuer-url': issuer, 'client-id': OIDC_AUDIENCE } } };
}

/** Connects a manager to the one context of `kubeconfig`; resolves once Kustomizations are watched or the session failed. */
async function connect(kubeconfig: string, context: string): Promise<{ m: ClusterManager; s: ClusterSession }> {
  const m = new ClusterManager({ kubeconfig, contexts: [context], fluxNamespace: NS, requestTimeoutSeconds: 10 });
  m.load();
  const s = m.session(context)!;
  await until((cb) => s.onEvent(cb), () => s.phase === 'error' || s.kinds.get(KS)?.phase === 'watching', 30_000, `the session of ${context}`);
  return { m, s };
}

async function whoAmI(s: ClusterSession): Promise<UserInfo> {
  const review = await s.transport.request<{ status?: { userInfo?: UserInfo } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return review.status?.userInfo ?? {};
}

/** The status of GET /apis with a bearer token, straight over HTTPS (no client library in between). */
function statusWithToken(token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${TESTBED.apiserver}/apis`, { ca: readFileSync(testbedFile('pki', 'ca.crt')), headers: { authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('GET /apis timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function expectConnected(kubeconfig: string, context: string, username: string, group: string): Promise<void> {
  const { m, s } = await connect(kubeconfig, context);
  try {
    assert.notEqual(s.phase, 'error', s.error?.message);
    assert.ok(s.get(KS, NS, 'apps-ok'), 'the Kustomizations are listed');
    const me = await whoAmI(s);
    assert.equal(me.username, username);
    assert.ok(me.groups?.includes(group), `groups: ${me.groups?.join(', ')}`);
  } finally {
    m.dispose();
  }
}

async function expectUnauthorized(kubeconfig: string, context: string): Promise<void> {
  const { m, s } = await connect(kubeconfig, context);
  try {
    assert.equal(s.phase, 'error');
    assert.equal(s.error?.kind, 'unauthorized', s.error?.message);
  } finally {
    m.dispose();
  }
}

describe('credentials against the testbed: exec plugin and OIDC', () => {
  before(async () => {
    await ensureTestbed();
  });

  it('connects with an exec credential plugin', async () => {
    const plugin = execPlugin(execToken());
    await expectConnected(userKubeconfig('testbed-exec', plugin.user), 'testbed-exec', 'testbed-exec', 'testbed:viewers');
    assert.ok(plugin.runs() >= 1, 'the plugin ran');
    const wrong = execPlugin('not-a-token-the-server-knows');
    await expectUnauthorized(userKubeconfig('testbed-exec-wrong', wrong.user), 'testbed-exec-wrong');
    assert.ok(wrong.runs() >= 1, 'the plugin with the wrong token ran too');
  });

  it('connects with an OIDC ID token from an issuer on loopback', async (t) => {
    const issuer = new OidcIssuer();
    await issuer.start();
    try {
      const token = issuer.token('alice', ['testbed:viewers']);
      // The API server asks the issuer for its discovery document every 10 s until it gets it, then for its keys.
      // There is no event to wait on, so the test asks twice a second, for at most 45 s.
      const started = Date.now();
      let status = await statusWithToken(token);
      while (status !== 200 && Date.now() - started < 45_000) {
        await new Promise((r) => setTimeout(r, 500));
        status = await statusWithToken(token);
      }
      assert.equal(status, 200, `the API server accepted no token from ${issuer.url} within 45 s (served: ${issuer.served.join(', ')})`);
      t.diagnostic(`the API server accepted the issuer's tokens ${Date.now() - started} ms after it started; it fetched ${issuer.served.join(', ')}`);
      assert.ok(issuer.served.includes('/keys'), 'the API server fetched the signing keys from the issuer');
      await expectConnected(userKubeconfig('testbed-oidc', oidcUser(token, issuer.url)), 'testbed-oidc', 'oidc:alice', 'oidc:testbed:viewers');
      const forged = issuer.token('mallory', ['testbed:viewers'], { signer: strangerKey() });
      assert.equal(await statusWithToken(forged), 401, 'a token signed by another key is refused');
      await expectUnauthorized(userKubeconfig('testbed-oidc-forged', oidcUser(forged, issuer.url)), 'testbed-oidc-forged');
    } finally {
      await issuer.stop();
    }
  });
});

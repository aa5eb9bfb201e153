// An OpenID Connect issuer on loopback, the one the testbed's API server is configured to trust
// (scripts/apiserver-config.mjs): HTTPS with the testbed's serving certificate, the discovery document and
// the JWKS of a fresh RSA key, and ID tokens (RS256 JWTs) signed with node:crypto. It counts what it served,
// so a test can show that the API server really fetched the keys from here.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { TESTBED, testbedFile } from '../testbed/helper';

/** The audience the API server expects (OIDC.audience in test/testbed/scripts/apiserver-config.mjs). */
export const OIDC_AUDIENCE = 'flux-gitops-testbed';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class OidcIssuer {
  readonly url = TESTBED.oidcIssuer;
  readonly served: string[] = [];
  private server: https.Server | undefined;
  private readonly key: KeyObject;
  private readonly kid = randomUUID();

  constructor() {
    this.key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  async start(): Promise<void> {
    const tls = { cert: readFileSync(testbedFile('pki', 'serving.crt')), key: readFileSync(testbedFile('pki', 'serving.key')) };
    const server = https.createServer(tls, (req, res) => {
      this.served.push(req.url ?? '');
      const body = this.route(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not found' }));
    });
    const port = Number(new URL(this.url).port);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  private route(path: string): unknown {
    if (path === '/.well-known/openid-configuration') {
      return {
        issuer: this.url,
        jwks_uri: `${this.url}/keys`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      };
    }
    if (path === '/keys') {
      const jwk = this.key.export({ format: 'jwk' });
      return { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: this.kid, alg: 'RS256', use: 'sig' }] };
    }
    return undefined;
  }

  /** An ID token for `sub` in `groups`, valid for `seconds`; `signer` signs it with another key (a forgery). */
  token(sub: string, groups: string[], { seconds = 600, signer }: { seconds?: number; signer?: KeyObject } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = b64url(JSON.stringify({ iss: this.url, aud: OIDC_AUDIENCE, sub, groups, iat: now, nbf: now - 5, exp: now + seconds }));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), signer ?? this.key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

/** A key the API server has never seen, to forge tokens with. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

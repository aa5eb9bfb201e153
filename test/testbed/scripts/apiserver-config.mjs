// The API server's files for the cluster proofs, and the flags that point at them:
// - an audit policy at Metadata level for every request (no bodies, so no Secret value is ever logged),
//   written to <state>/audit/audit.log, which the "never reads Secrets" test reads;
// - a static token file with one user for the exec-credential test (user testbed-exec, group testbed:viewers);
// - a structured authentication config that trusts the OIDC issuer a test runs on loopback.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { HOST } from './state.mjs';

export const EXEC_USER = { name: 'testbed-exec', uid: 'testbed-exec-uid', group: 'testbed:viewers' };
export const OIDC = { audience: 'flux-gitops-testbed', usernamePrefix: 'oidc:', groupsPrefix: 'oidc:' };

export function oidcIssuerUrl(ports) {
  return `https://${HOST}:${ports.oidcIssuer}`;
}

// Metadata level records who did what to which resource, never a request or response body.
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
`;

function authenticationConfig(issuer, caPem) {
  const ca = caPem.trim().split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: ${issuer}
    audiences: [${OIDC.audience}]
    certificateAuthority: |
${ca}
  claimMappings:
    username: { claim: sub, prefix: "${OIDC.usernamePrefix}" }
    groups: { claim: groups, prefix: "${OIDC.groupsPrefix}" }
`;
}

// Writes the files and returns the API server flags that use them.
export function apiserverAuthFlags(p, ports) {
  mkdirSync(p.audit, { recursive: true, mode: 0o700 });
  writeFileSync(p.auditPolicy, AUDIT_POLICY);
  const token = randomBytes(24).toString('hex');
  writeFileSync(p.tokenFile, `${token},${EXEC_USER.name},${EXEC_USER.uid},"${EXEC_USER.group}"\n`, { mode: 0o600 });
  writeFileSync(p.authConfig, authenticationConfig(oidcIssuerUrl(ports), readFileSync(`${p.pki}/ca.crt`, 'utf8')));
  return [
    `--audit-policy-file=${p.auditPolicy}`, `--audit-log-path=${p.auditLog}`, '--audit-log-format=json',
    // One file for the whole run: no rotation, so a test reading the log sees every event.
    '--audit-log-maxsize=2048', '--audit-log-maxbackup=0',
    `--token-auth-file=${p.tokenFile}`, `--authentication-config=${p.authConfig}`,
  ];
}

// Files whose kinds only the workspace's own CRDs define are checked in the scan workers like any other: the
// workers are sent the CRD schemas those files need (a worker loads only the pinned profiles). Before, every such
// file was parsed and checked on the server's main loop, at start-up and after every change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, startServer } from './lspClient';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: certificates.cert-manager.io
spec:
  group: cert-manager.io
  names: {kind: Certificate, plural: certificates}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [secretName]
              properties:
                secretName: {type: string}
                isCA: {type: boolean}
`;

const cert = (i: number, isCA: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web-${i}
  namespace: apps
spec:
  secretName: web-${i}-tls
  isCA: ${isCA}
`;

const CERTS = 450;

test('a workspace with CRDs: the files of CRD kinds are checked in the workers, against the CRD schemas', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-crds-'));
  mkdirSync(path.join(dir, 'crds'));
  mkdirSync(path.join(dir, 'certs'));
  writeFileSync(path.join(dir, 'crds', 'cert-manager.yaml'), CRD);
  // Every tenth certificate has a wrong type the CRD's schema finds.
  for (let i = 0; i < CERTS; i++) writeFileSync(path.join(dir, 'certs', `c${i}.yaml`), cert(i, i % 10 ? 'true' : 'nope'));
  const s = await startServer(dir);
  try {
    await s.waitForLog(new RegExp(`Indexed ${CERTS + 1} YAML files`), 30_000);
    // The background check of closed files runs in the workers: the certificates are among the files it checked.
    const checked = await s.waitForLog(/Checked (\d+) files in the background/, 60_000);
    assert.ok(Number(/Checked (\d+) files/.exec(checked)![1]) >= CERTS, checked);
    const wrong = fileUri(path.join(dir, 'certs', 'c10.yaml'));
    const found = await s.diagnosticsWhen(wrong, (d) => d.length > 0, 30_000);
    assert.deepEqual(found.map((d) => `${d.code}@${d.range.start.line}`), ['wrong-type@7']);
    // The checker takes the same path: every wrong certificate, and nothing else.
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'cli.js'), 'check', dir, '--no-render'], { encoding: 'utf8' });
    const findings = cli.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));
    assert.equal(findings.length, CERTS / 10, cli.stdout.slice(-2000));
    assert.ok(findings.every((l) => / wrong-type /.test(l) && /c\d*0\.yaml:8:/.test(l)), findings.slice(0, 5).join('\n'));
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

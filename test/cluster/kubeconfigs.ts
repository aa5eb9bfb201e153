// Kubeconfig files for one user of the testbed: the testbed's cluster (server and CA, from its kubeconfig)
// and a user entry given in kubeconfig form (client certificate, exec plugin, OIDC auth provider, token).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TESTBED, testbedFile, testbedKubeconfigPath } from '../testbed/helper';

interface KubeconfigFile {
  clusters: { name: string; cluster: Record<string, unknown> }[];
}

/** Writes a kubeconfig with one context named `context` for `user`; returns its path. */
export function userKubeconfig(context: string, user: Record<string, unknown>): string {
  const testbed = parse(readFileSync(testbedKubeconfigPath(), 'utf8')) as KubeconfigFile;
  const cluster = testbed.clusters.find((c) => c.name === TESTBED.contexts.admin);
  if (!cluster) throw new Error(`the testbed kubeconfig has no cluster ${TESTBED.contexts.admin}`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: context, cluster: cluster.cluster }],
    users: [{ name: context, user }],
    contexts: [{ name: context, context: { cluster: context, user: context, namespace: TESTBED.fluxNamespace } }],
  };
  const file = join(mkdtempSync(join(tmpdir(), `${context}-`)), 'config');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** The kubeconfig user of a client certificate that testbed:up created (pki/<name>.crt and .key). */
export function certificateUser(name: string): Record<string, string> {
  const b64 = (ext: string) => readFileSync(testbedFile('pki', `${name}.${ext}`)).toString('base64');
  return { 'client-certificate-data': b64('crt'), 'client-key-data': b64('key') };
}

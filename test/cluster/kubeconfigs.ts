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

/**
 * A kubeconfig whose contexts all point at the testbed's API server as its admin: one API server standing for
 * many clusters (each context gets its own session, transport and watches, as a real cluster would).
 */
export function manyContextsKubeconfig(names: readonly string[]): string {
  const base = parse(readFileSync(testbedKubeconfigPath(), 'utf8')) as { contexts: { name: string; context: { user: string; cluster: string } }[] };
  const admin = base.contexts.find((c) => c.name === TESTBED.contexts.admin)?.context;
  if (!admin) throw new Error(`the testbed kubeconfig has no context ${TESTBED.contexts.admin}`);
  const contexts = names.map((name) => ({ name, context: { cluster: admin.cluster, user: admin.user } }));
  const file = join(mkdtempSync(join(tmpdir(), 'many-contexts-')), 'config');
  writeFileSync(file, stringify({ ...base, contexts, 'current-context': names[0] }), { mode: 0o600 });
  return file;
}

// Kubeconfig loading. Several files merge the way kubectl merges KUBECONFIG: the first file that names a
// cluster, user or context wins. Nothing here ever writes a kubeconfig or changes its current-context: each
// context gets its own in-memory KubeConfig whose current context is that context.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

export interface ContextInfo {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly server: string;
  readonly namespace?: string;
}

export interface LoadedKubeconfig {
  readonly files: readonly string[];
  readonly contexts: readonly ContextInfo[];
  readonly currentContext?: string;
  /** Problems with single files (unreadable, invalid); the other files still load. */
  readonly problems: readonly string[];
  /** A KubeConfig for one context; it shares clusters and users but has its own current context. */
  forContext(name: string): KubeConfig | undefined;
}

/**
 * The kubeconfig files to read: the setting (a KUBECONFIG-style list) when set, else KUBECONFIG, else
 * ~/.kube/config. A leading `~` is expanded because settings are often written that way.
 */
export function kubeconfigFiles(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const list = setting?.trim() ? setting : env.KUBECONFIG?.trim() ? env.KUBECONFIG : path.join(os.homedir(), '.kube', 'config');
  return list
    .split(path.delimiter)
    .map((f) => f.trim())
    .filter((f) => f.length > 0)
    .map((f) => (f === '~' || f.startsWith(`~${path.sep}`) ? path.join(os.homedir(), f.slice(1)) : f));
}

export function loadKubeconfig(setting?: string, env: NodeJS.ProcessEnv = process.env): LoadedKubeconfig {
  const files = kubeconfigFiles(setting, env);
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  const problems: string[] = [];
  let currentContext: string | undefined;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      // A missing file in KUBECONFIG is normal (kubectl ignores it too), unless it is the only one.
      if (files.length === 1) problems.push(`Kubeconfig ${file} does not exist.`);
      continue;
    }
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (err) {
      problems.push(`Kubeconfig ${file} cannot be read: ${(err as Error).message}`);
      continue;
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    currentContext ??= kc.getCurrentContext() || undefined;
  }
  const infos: ContextInfo[] = [...contexts.values()].map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    server: clusters.get(c.cluster)?.server ?? '',
    namespace: c.namespace,
  }));
  const cache = new Map<string, KubeConfig>();
  const forContext = (name: string): KubeConfig | undefined => {
    const hit = cache.get(name);
    if (hit) return hit;
    const ctx = contexts.get(name);
    if (!ctx) return undefined;
    const kc = new KubeConfig();
    // Only the context's own cluster and user are handed over, so one context can never use another's credentials.
    const cluster = clusters.get(ctx.cluster);
    const user = users.get(ctx.user);
    kc.loadFromOptions({ clusters: cluster ? [cluster] : [], users: user ? [user] : [], contexts: [ctx], currentContext: name });
    cache.set(name, kc);
    return kc;
  };
  return { files, contexts: infos, currentContext, problems, forContext };
}

/** The contexts to show: the configured subset (in its order) or all of them. */
export function selectContexts(all: readonly ContextInfo[], wanted: readonly string[]): { shown: ContextInfo[]; missing: string[] } {
  if (wanted.length === 0) return { shown: [...all], missing: [] };
  const byName = new Map(all.map((c) => [c.name, c]));
  const shown = wanted.map((n) => byName.get(n)).filter((c): c is ContextInfo => c !== undefined);
  return { shown, missing: wanted.filter((n) => !byName.has(n)) };
}

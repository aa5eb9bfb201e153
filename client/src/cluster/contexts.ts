// Which kube contexts a cluster folder (flux/clusters/<name>) deploys to: the `fluxGitops.clusterContexts`
// mapping when it names the folder, else by name (the same, or one containing the other: folder
// `eu-central-production`, context `admin@eu-central-production`). Pure, so the editor features share one rule.

export type ClusterContexts = Readonly<Record<string, string | readonly string[]>>;

function mapped(mapping: ClusterContexts, cluster: string): readonly string[] | undefined {
  const v = mapping[cluster];
  return v === undefined ? undefined : typeof v === 'string' ? [v] : v;
}

/** Whether `context` is one a file in these cluster folders deploys to. */
export function contextServes(context: string, clusters: readonly string[], mapping: ClusterContexts = {}): boolean {
  const c = context.toLowerCase();
  return clusters.some((cluster) => {
    const explicit = mapped(mapping, cluster);
    if (explicit) return explicit.includes(context);
    const f = cluster.toLowerCase();
    return c === f || c.includes(f) || f.includes(c);
  });
}

/**
 * The contexts, among those shown, that a file of these cluster folders deploys to. All of them when the file
 * belongs to no cluster folder or none matches (then nothing says which it is).
 */
export function contextsFor(contexts: readonly string[], clusters: readonly string[], mapping: ClusterContexts = {}): readonly string[] {
  if (!clusters.length) return contexts;
  const served = contexts.filter((c) => contextServes(c, clusters, mapping));
  return served.length ? served : contexts;
}

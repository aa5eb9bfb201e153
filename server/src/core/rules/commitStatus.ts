// The platform's commit status loop: notification-controller writes each reconcile's outcome back to the
// commit in Gitea. That takes, in every cluster folder, a notification Provider of type `gitea` on the
// platform's Gitea with a token secret, and an Alert sending the cluster's Kustomization events to it. The
// rule speaks on the cluster's own GitRepository (flux/clusters/<cluster>/flux-system/), from the index alone.
import type { PlatformSettings } from '../settings';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { placementOf } from './layout';

const NOTIFICATION = 'notification.toolkit.fluxcd.io';

const inCluster = (index: WorkspaceIndex, kind: string, cluster: string): IndexedObject[] =>
  index.ofKind(kind).filter((o) => o.group === NOTIFICATION && placementOf(o.uri)?.cluster === cluster);

/** What keeps a gitea Provider from writing commit status, if anything. */
function providerProblem(p: IndexedObject, base: string | undefined): string | undefined {
  const address = p.facts.provider?.address;
  if (base && !address?.includes('${') && !address?.startsWith(`${base}/`)) return `Provider ${p.name} (gitea) points at ${address ?? 'no address'}, not at a repository of the platform's Gitea (${base}/<owner>/<repo>).`;
  if (!p.facts.refs.some((r) => r.field === 'spec.secretRef')) return `Provider ${p.name} (gitea) has no spec.secretRef: writing commit status needs a Gitea token.`;
  return undefined;
}

/** An Alert sends a cluster's Kustomization events to a provider when it names it and takes Kustomization sources. */
function sendsKustomizations(alert: IndexedObject, provider: string): boolean {
  const refs = alert.facts.refs;
  return refs.some((r) => r.field === 'spec.providerRef' && r.name === provider) && refs.some((r) => r.field.startsWith('spec.eventSources') && r.kind === 'Kustomization');
}

/** The messages for a cluster's GitRepository: what the cluster misses of the commit status loop. */
export function commitStatusProblems(index: WorkspaceIndex, platform: PlatformSettings, o: IndexedObject): string[] {
  const placement = placementOf(o.uri);
  if (!placement || placement.category !== 'flux-system' || o.kind !== 'GitRepository' || o.group !== 'source.toolkit.fluxcd.io') return [];
  const cluster = placement.cluster;
  const base = platform.giteaUrl?.replace(/\/+$/, '');
  const gitea = inCluster(index, 'Provider', cluster).filter((p) => p.facts.provider?.type === 'gitea');
  if (!gitea.length) {
    return [`Cluster ${cluster} has no notification Provider of type gitea${base ? ` on ${base}` : ''} with a token secret: Flux cannot write commit status back to Gitea.`];
  }
  const good = gitea.filter((p) => !providerProblem(p, base));
  if (!good.length) return gitea.map((p) => providerProblem(p, base)!);
  const alerts = inCluster(index, 'Alert', cluster);
  if (good.some((p) => alerts.some((a) => sendsKustomizations(a, p.name)))) return [];
  return [`Cluster ${cluster} has no Alert sending its Kustomizations' events to the gitea Provider ${good[0].name}: commits get no status.`];
}

// Workloads a chart renders are not in the repository as manifests: a reference to a Deployment, Service or
// autoscaler (a Flagger Canary's targetRef) may name one that a HelmRelease of the same namespace and
// cluster installs. Such a reference is left alone rather than reported as dangling.
import type { RefFact } from '../workspace/facts';
import type { IndexedObject } from '../workspace/index';
import type { Model } from './model';
import { namespacesMatch, type Resolution } from './resolve';

export function mayBeRendered(model: Model, referrer: IndexedObject, ref: RefFact, res: Resolution): boolean {
  if (ref.spec.role !== 'workload') return false;
  return model.index.ofKind('HelmRelease').some((hr) =>
    hr.group === 'helm.toolkit.fluxcd.io'
    && !model.structure.isPatch(hr.uri)
    && model.structure.sameCluster(referrer.uri, hr.uri)
    && namespacesMatch(res.namespaces, model.structure.namespacesOf(hr)));
}

// The one table of the kinds this extension understands. The language server (completion, diagnostics,
// hover, references), the checker, the cluster tree and the commands all read it, so a kind is described
// once, as data. Nothing here imports vscode or the LSP connection.

export type KindFamily =
  | 'source'
  | 'kustomization'
  | 'helmrelease'
  | 'notification'
  | 'image'
  | 'artifact'
  | 'externalsecrets'
  | 'generator'
  | 'kustomize'
  | 'operator'
  | 'flagger'
  | 'core';

/** A field of a kind that names another object. `path` walks the document; `[]` steps into every item. */
export interface RefSpec {
  readonly path: readonly string[];
  /** Kinds the reference may name; the first is the default when the reference has no `kind`. */
  readonly kinds: readonly string[];
  /** True when the reference object carries `kind` / `apiVersion` fields picking among `kinds`. */
  readonly hasKind: boolean;
  /** True when the reference may carry its own `namespace`; otherwise the referrer's namespace applies. */
  readonly crossNamespace: boolean;
  /** The field of the reference that names a data key of the object, and its default. */
  readonly keyField?: { readonly name: string; readonly default: string };
  /** What the reference is for; drives messages and provenance checks. */
  readonly role: 'source' | 'dependsOn' | 'secret' | 'configMap' | 'valuesFrom' | 'provider' | 'store' | 'object' | 'imageRepository' | 'chart' | 'generator' | 'workload';
}

export interface PhaseSpec {
  readonly path: readonly string[];
  readonly ready: readonly string[];
  readonly progressing: readonly string[];
  readonly failed: readonly string[];
}

export interface KindInfo {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly family: KindFamily;
  /** The apiVersion version a new manifest should use. */
  readonly current: string;
  /** Older versions still served but deprecated: a warning with a quick fix. */
  readonly deprecated: readonly string[];
  /** Versions no longer served by the pinned controllers: an error with a quick fix. */
  readonly removed: readonly string[];
  readonly namespaced: boolean;
  /** `spec.suspend` exists and the commands may toggle it. */
  readonly suspendable: boolean;
  /** Flux reconciles it on the `reconcile.fluxcd.io/requestedAt` annotation. */
  readonly fluxReconcilable: boolean;
  /** Group label in the cluster tree. */
  readonly treeGroup?: 'Sources' | 'Kustomizations' | 'HelmReleases' | 'Notifications' | 'Image automation' | 'Artifacts' | 'External Secrets' | 'Canaries' | 'Flux Operator';
  /** Kinds whose state is a phase rather than a Ready condition (Flagger): which phases mean what. */
  readonly phases?: PhaseSpec;
  readonly refs: readonly RefSpec[];
  /** The controller (Deployment / pod component) that reconciles the kind; the cluster tree reads its logs. */
  readonly controller?: string;
  /** Status fields holding the revision to show, as paths; the first one present wins. */
  readonly revision?: readonly (readonly string[])[];
  /** ESO: the annotation whose change makes the operator sync at once (its value is a timestamp). */
  readonly syncAnnotation?: string;
  /** ESO: the status field with the time of the last refresh. */
  readonly refreshTime?: readonly string[];
}

const SOURCE = 'source.toolkit.fluxcd.io';
const KUSTOMIZE = 'kustomize.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const IMAGE = 'image.toolkit.fluxcd.io';
const ESO = 'external-secrets.io';
const OPERATOR = 'fluxcd.controlplane.io';
const FLAGGER = 'flagger.app';
const GENERATORS = 'generators.external-secrets.io';

const secretRef = (path: string[]): RefSpec => ({ path, kinds: ['Secret'], hasKind: false, crossNamespace: false, role: 'secret' });

const fluxSource = (kind: string, plural: string, refs: RefSpec[]): KindInfo => ({
  group: SOURCE, kind, plural, family: 'source', current: 'v1', deprecated: [], removed: ['v1beta2', 'v1beta1', 'v1alpha1'],
  namespaced: true, suspendable: true, fluxReconcilable: true, treeGroup: 'Sources', refs,
  controller: 'source-controller', revision: [['status', 'artifact', 'revision']],
});

const STORE_REF: RefSpec = { path: ['spec', 'secretStoreRef'], kinds: ['SecretStore', 'ClusterSecretStore'], hasKind: true, crossNamespace: false, role: 'store' };

const operatorKind = (kind: string, plural: string, refs: RefSpec[]): KindInfo => ({
  group: OPERATOR, kind, plural, family: 'operator', current: 'v1', deprecated: [], removed: [], namespaced: true,
  suspendable: false, fluxReconcilable: true, controller: 'flux-operator', revision: [['status', 'lastAppliedRevision']], refs,
});

/** The Flux Operator's kinds (its FluxInstance creates the cluster's Flux and its sync source, see workspace/operator.ts). */
const OPERATOR_KINDS: readonly KindInfo[] = [
  // The cluster tree shows the instance (the cluster's Flux itself) and the resource sets, with their revisions.
  {
    ...operatorKind('FluxInstance', 'fluxinstances', [secretRef(['spec', 'sync', 'pullSecret']), secretRef(['spec', 'distribution', 'imagePullSecret'])]),
    treeGroup: 'Flux Operator',
    revision: [['status', 'lastAppliedRevision'], ['status', 'lastAttemptedRevision']],
  },
  operatorKind('FluxReport', 'fluxreports', []),
  {
    ...operatorKind('ResourceSet', 'resourcesets', [
      { path: ['spec', 'inputsFrom', '[]'], kinds: ['ResourceSetInputProvider'], hasKind: true, crossNamespace: false, role: 'object' },
    ]),
    treeGroup: 'Flux Operator',
  },
  operatorKind('ResourceSetInputProvider', 'resourcesetinputproviders', [secretRef(['spec', 'secretRef']), secretRef(['spec', 'certSecretRef'])]),
];

const flaggerKind = (kind: string, plural: string, refs: RefSpec[]): KindInfo => ({
  group: FLAGGER, kind, plural, family: 'flagger', current: 'v1beta1', deprecated: [], removed: [], namespaced: true,
  suspendable: false, fluxReconcilable: false, controller: 'flagger', refs,
});

/** Flagger's Canary phases (flagger.app/v1beta1 CanaryPhase), by what they mean for the tree and the fleet. */
const CANARY_PHASES: PhaseSpec = {
  path: ['status', 'phase'],
  ready: ['Initialized', 'Succeeded'],
  progressing: ['Initializing', 'Waiting', 'Progressing', 'WaitingPromotion', 'Promoting', 'Finalising', 'Terminating'],
  failed: ['Failed'],
};

/** Flagger: a Canary names the workload it rolls out, its autoscaler, metric templates and alert providers. */
const FLAGGER_KINDS: readonly KindInfo[] = [
  { ...flaggerKind('Canary', 'canaries', [
    { path: ['spec', 'targetRef'], kinds: ['Deployment', 'DaemonSet', 'Service'], hasKind: true, crossNamespace: false, role: 'workload' },
    { path: ['spec', 'autoscalerRef'], kinds: ['HorizontalPodAutoscaler', 'ScaledObject'], hasKind: true, crossNamespace: false, role: 'workload' },
    { path: ['spec', 'ingressRef'], kinds: ['Ingress'], hasKind: true, crossNamespace: false, role: 'workload' },
    { path: ['spec', 'analysis', 'metrics', '[]', 'templateRef'], kinds: ['MetricTemplate'], hasKind: false, crossNamespace: true, role: 'object' },
    { path: ['spec', 'analysis', 'alerts', '[]', 'providerRef'], kinds: ['AlertProvider'], hasKind: false, crossNamespace: true, role: 'provider' },
  ]), treeGroup: 'Canaries', phases: CANARY_PHASES },
  flaggerKind('MetricTemplate', 'metrictemplates', [secretRef(['spec', 'provider', 'secretRef'])]),
  flaggerKind('AlertProvider', 'alertproviders', [secretRef(['spec', 'secretRef'])]),
];

export const KINDS: readonly KindInfo[] = [
  fluxSource('GitRepository', 'gitrepositories', [
    secretRef(['spec', 'secretRef']),
    secretRef(['spec', 'verify', 'secretRef']),
    secretRef(['spec', 'proxySecretRef']),
  ]),
  fluxSource('OCIRepository', 'ocirepositories', [
    secretRef(['spec', 'secretRef']),
    secretRef(['spec', 'certSecretRef']),
    secretRef(['spec', 'proxySecretRef']),
    secretRef(['spec', 'verify', 'secretRef']),
  ]),
  fluxSource('HelmRepository', 'helmrepositories', [secretRef(['spec', 'secretRef']), secretRef(['spec', 'certSecretRef'])]),
  fluxSource('HelmChart', 'helmcharts', [
    { path: ['spec', 'sourceRef'], kinds: ['HelmRepository', 'GitRepository', 'Bucket'], hasKind: true, crossNamespace: false, role: 'source' },
    secretRef(['spec', 'verify', 'secretRef']),
  ]),
  fluxSource('Bucket', 'buckets', [secretRef(['spec', 'secretRef']), secretRef(['spec', 'certSecretRef']), secretRef(['spec', 'proxySecretRef'])]),
  {
    group: SOURCE, kind: 'ExternalArtifact', plural: 'externalartifacts', family: 'source', current: 'v1', deprecated: [], removed: [],
    namespaced: true, suspendable: false, fluxReconcilable: false, treeGroup: 'Sources', revision: [['status', 'artifact', 'revision']], refs: [],
  },
  {
    group: KUSTOMIZE, kind: 'Kustomization', plural: 'kustomizations', family: 'kustomization', current: 'v1',
    deprecated: [], removed: ['v1beta2', 'v1beta1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'Kustomizations', controller: 'kustomize-controller',
    revision: [['status', 'lastAppliedRevision'], ['status', 'lastAttemptedRevision']],
    refs: [
      { path: ['spec', 'sourceRef'], kinds: ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'], hasKind: true, crossNamespace: true, role: 'source' },
      { path: ['spec', 'dependsOn', '[]'], kinds: ['Kustomization'], hasKind: false, crossNamespace: true, role: 'dependsOn' },
      { path: ['spec', 'postBuild', 'substituteFrom', '[]'], kinds: ['ConfigMap', 'Secret'], hasKind: true, crossNamespace: false, role: 'configMap' },
      secretRef(['spec', 'kubeConfig', 'secretRef']),
      secretRef(['spec', 'decryption', 'secretRef']),
    ],
  },
  {
    group: HELM, kind: 'HelmRelease', plural: 'helmreleases', family: 'helmrelease', current: 'v2',
    deprecated: [], removed: ['v2beta2', 'v2beta1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'HelmReleases', controller: 'helm-controller',
    revision: [['status', 'lastAttemptedRevision'], ['status', 'lastAppliedRevision']],
    refs: [
      { path: ['spec', 'chart', 'spec', 'sourceRef'], kinds: ['HelmRepository', 'GitRepository', 'Bucket'], hasKind: true, crossNamespace: true, role: 'source' },
      { path: ['spec', 'chartRef'], kinds: ['OCIRepository', 'HelmChart', 'ExternalArtifact'], hasKind: true, crossNamespace: true, role: 'chart' },
      { path: ['spec', 'dependsOn', '[]'], kinds: ['HelmRelease'], hasKind: false, crossNamespace: true, role: 'dependsOn' },
      { path: ['spec', 'valuesFrom', '[]'], kinds: ['ConfigMap', 'Secret'], hasKind: true, crossNamespace: false, role: 'valuesFrom', keyField: { name: 'valuesKey', default: 'values.yaml' } },
      secretRef(['spec', 'kubeConfig', 'secretRef']),
    ],
  },
  {
    group: NOTIFICATION, kind: 'Alert', plural: 'alerts', family: 'notification', current: 'v1beta3',
    deprecated: [], removed: ['v1beta2', 'v1beta1'], namespaced: true, suspendable: true, fluxReconcilable: false,
    treeGroup: 'Notifications', controller: 'notification-controller',
    refs: [
      { path: ['spec', 'providerRef'], kinds: ['Provider'], hasKind: false, crossNamespace: false, role: 'provider' },
      { path: ['spec', 'eventSources', '[]'], kinds: [], hasKind: true, crossNamespace: true, role: 'object' },
    ],
  },
  {
    group: NOTIFICATION, kind: 'Provider', plural: 'providers', family: 'notification', current: 'v1beta3',
    deprecated: [], removed: ['v1beta2', 'v1beta1'], namespaced: true, suspendable: true, fluxReconcilable: false,
    treeGroup: 'Notifications', controller: 'notification-controller',
    refs: [secretRef(['spec', 'secretRef']), secretRef(['spec', 'certSecretRef']), secretRef(['spec', 'proxySecretRef'])],
  },
  {
    group: NOTIFICATION, kind: 'Receiver', plural: 'receivers', family: 'notification', current: 'v1',
    deprecated: [], removed: ['v1beta2', 'v1beta1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'Notifications', controller: 'notification-controller',
    refs: [
      secretRef(['spec', 'secretRef']),
      { path: ['spec', 'resources', '[]'], kinds: [], hasKind: true, crossNamespace: true, role: 'object' },
    ],
  },
  {
    group: IMAGE, kind: 'ImageRepository', plural: 'imagerepositories', family: 'image', current: 'v1',
    deprecated: [], removed: ['v1beta2', 'v1beta1', 'v1alpha2', 'v1alpha1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'Image automation', controller: 'image-reflector-controller', revision: [['status', 'lastScanResult', 'latestTags', '0']],
    refs: [secretRef(['spec', 'secretRef']), secretRef(['spec', 'certSecretRef']), secretRef(['spec', 'proxySecretRef'])],
  },
  {
    group: IMAGE, kind: 'ImagePolicy', plural: 'imagepolicies', family: 'image', current: 'v1',
    deprecated: [], removed: ['v1beta2', 'v1beta1', 'v1alpha2', 'v1alpha1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'Image automation', controller: 'image-reflector-controller', revision: [['status', 'latestRef', 'tag'], ['status', 'latestImage']],
    refs: [{ path: ['spec', 'imageRepositoryRef'], kinds: ['ImageRepository'], hasKind: false, crossNamespace: true, role: 'imageRepository' }],
  },
  {
    group: IMAGE, kind: 'ImageUpdateAutomation', plural: 'imageupdateautomations', family: 'image', current: 'v1',
    deprecated: [], removed: ['v1beta2', 'v1beta1', 'v1alpha2', 'v1alpha1'], namespaced: true, suspendable: true, fluxReconcilable: true,
    treeGroup: 'Image automation', controller: 'image-automation-controller', revision: [['status', 'lastPushCommit']],
    refs: [{ path: ['spec', 'sourceRef'], kinds: ['GitRepository'], hasKind: true, crossNamespace: true, role: 'source' }],
  },
  {
    group: 'source.extensions.fluxcd.io', kind: 'ArtifactGenerator', plural: 'artifactgenerators', family: 'artifact', current: 'v1beta1',
    deprecated: [], removed: [], namespaced: true, suspendable: false, fluxReconcilable: true, treeGroup: 'Artifacts', controller: 'source-watcher',
    refs: [{ path: ['spec', 'sources', '[]'], kinds: ['GitRepository', 'OCIRepository', 'Bucket'], hasKind: true, crossNamespace: true, role: 'source' }],
  },
  {
    group: ESO, kind: 'ExternalSecret', plural: 'externalsecrets', family: 'externalsecrets', current: 'v1',
    deprecated: ['v1beta1'], removed: ['v1alpha1'], namespaced: true, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets', syncAnnotation: 'force-sync', refreshTime: ['status', 'refreshTime'],
    revision: [['status', 'syncedResourceVersion']],
    refs: [
      STORE_REF,
      { path: ['spec', 'data', '[]', 'sourceRef', 'storeRef'], kinds: ['SecretStore', 'ClusterSecretStore'], hasKind: true, crossNamespace: false, role: 'store' },
      { path: ['spec', 'dataFrom', '[]', 'sourceRef', 'storeRef'], kinds: ['SecretStore', 'ClusterSecretStore'], hasKind: true, crossNamespace: false, role: 'store' },
      { path: ['spec', 'dataFrom', '[]', 'sourceRef', 'generatorRef'], kinds: [], hasKind: true, crossNamespace: false, role: 'generator' },
    ],
  },
  {
    group: ESO, kind: 'ClusterExternalSecret', plural: 'clusterexternalsecrets', family: 'externalsecrets', current: 'v1',
    deprecated: ['v1beta1'], removed: [], namespaced: false, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets',
    refs: [{ path: ['spec', 'externalSecretSpec', 'secretStoreRef'], kinds: ['SecretStore', 'ClusterSecretStore'], hasKind: true, crossNamespace: false, role: 'store' }],
  },
  {
    group: ESO, kind: 'SecretStore', plural: 'secretstores', family: 'externalsecrets', current: 'v1',
    deprecated: ['v1beta1'], removed: ['v1alpha1'], namespaced: true, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets', refs: [],
  },
  {
    group: ESO, kind: 'ClusterSecretStore', plural: 'clustersecretstores', family: 'externalsecrets', current: 'v1',
    deprecated: ['v1beta1'], removed: ['v1alpha1'], namespaced: false, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets', refs: [],
  },
  {
    group: ESO, kind: 'PushSecret', plural: 'pushsecrets', family: 'externalsecrets', current: 'v1alpha1',
    deprecated: [], removed: [], namespaced: true, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets',
    refs: [
      { path: ['spec', 'secretStoreRefs', '[]'], kinds: ['SecretStore', 'ClusterSecretStore'], hasKind: true, crossNamespace: false, role: 'store' },
      secretRef(['spec', 'selector', 'secret']),
      { path: ['spec', 'selector', 'generatorRef'], kinds: [], hasKind: true, crossNamespace: false, role: 'generator' },
    ],
  },
  {
    group: ESO, kind: 'ClusterPushSecret', plural: 'clusterpushsecrets', family: 'externalsecrets', current: 'v1alpha1',
    deprecated: [], removed: [], namespaced: false, suspendable: false, fluxReconcilable: false,
    treeGroup: 'External Secrets', controller: 'external-secrets', refs: [],
  },
  ...OPERATOR_KINDS,
  ...FLAGGER_KINDS,
  ...['Password', 'UUID', 'Fake', 'Webhook', 'VaultDynamicSecret', 'ECRAuthorizationToken', 'GCRAccessToken', 'ACRAccessToken', 'GithubAccessToken', 'ClusterGenerator'].map(
    (kind): KindInfo => ({
      group: GENERATORS, kind, plural: `${kind.toLowerCase()}s`, family: 'generator', current: 'v1alpha1', deprecated: [], removed: [],
      namespaced: kind !== 'ClusterGenerator', suspendable: false, fluxReconcilable: false, refs: [],
    }),
  ),
];

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const byGroupKind = new Map(KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
const byKind = new Map<string, KindInfo[]>();
for (const k of KINDS) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k]);

export function kindInfo(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

/** All table entries for a kind name, whatever their group (e.g. `Kustomization` is Flux's and kustomize's). */
export function kindsNamed(kind: string): readonly KindInfo[] {
  return byKind.get(kind) ?? [];
}

export function currentApiVersion(info: KindInfo): string {
  return `${info.group}/${info.current}`;
}

export type VersionStatus = 'current' | 'deprecated' | 'removed' | 'unknown';

/**
 * The lifecycle of a version. `served` (from the pinned CRDs, when known) wins over the table: a version the CRD
 * serves is current or deprecated as the CRD says; a version it does not serve but that once existed is removed.
 */
export function versionStatus(info: KindInfo, version: string, served?: { deprecated: boolean }): VersionStatus {
  if (version === info.current) return 'current';
  if (served) return served.deprecated ? 'deprecated' : 'current';
  if (info.deprecated.includes(version)) return 'deprecated';
  if (info.removed.includes(version)) return 'removed';
  return 'unknown';
}

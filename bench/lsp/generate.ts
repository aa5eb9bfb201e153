// Generates a realistic Flux repository in the platform's layout for the benchmark, built the way Flux
// builds it: flux/clusters/<cluster>/flux-system/ holds the bootstrap sync (GitRepository + Kustomization of
// the whole cluster folder) and the secret store; flux/clusters/<cluster>/<category>/kustomization.yaml lists
// the Flux Kustomizations <component>.yaml of that category, each of which deploys
// flux/clusters/<cluster>/<category>/<component>/ (kustomization.yaml, namespace, HelmRepository +
// HelmRelease with values, ExternalSecret, ConfigMap, Deployment + Service).
// Every manifest is valid, so neither server spends its time on error reports.
import { CATEGORIES as LAYOUT_CATEGORIES } from '../../server/src/core/rules/layout';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const CLUSTERS = ['prod-eu', 'prod-us', 'staging', 'dev'];

// The platform's categories and their components, from the layout rule itself.
const CATEGORIES: Record<string, readonly string[]> = Object.fromEntries(Object.entries(LAYOUT_CATEGORIES).filter(([, components]) => components.length));

/** A generated file: its path relative to the repository root and its kind of content. */
export interface GeneratedFile {
  readonly rel: string;
  readonly role: Role;
  readonly cluster: string;
}

export type Role = 'sync' | 'store' | 'flux-kustomization' | 'kustomization' | 'namespace' | 'helmrepository'
  | 'helmrelease' | 'externalsecret' | 'configmap' | 'deployment';

export interface GeneratedRepo {
  readonly root: string;
  readonly files: GeneratedFile[];
  readonly objects: number;
}

interface Component {
  readonly cluster: string;
  readonly category: string;
  readonly name: string;
  readonly previous?: string;
}

/** Components of one cluster, in a stable order: the platform's own, then per-organization applications. */
function* componentsOf(cluster: string): Generator<Component> {
  let previous: string | undefined;
  for (const [category, names] of Object.entries(CATEGORIES)) {
    for (const name of names) {
      yield { cluster, category, name, previous };
      previous = name;
    }
  }
  for (let i = 1; ; i++) {
    const name = `org-${String(Math.ceil(i / 3)).padStart(3, '0')}-${['portal', 'api', 'worker'][(i - 1) % 3]}`;
    yield { cluster, category: 'organizations', name, previous: i % 3 === 1 ? 'external-secrets' : undefined };
  }
}

const interval = (cluster: string) => (cluster === 'staging' || cluster === 'dev' ? '1m' : '10m');

function syncFile(cluster: string): string {
  return `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: platform
  namespace: flux-system
spec:
  interval: 1m
  url: https://gitea.example.com/platform/fleet.git
  ref:
    branch: main
  secretRef:
    name: gitea-token
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: ${interval(cluster)}
  path: ./flux/clusters/${cluster}
  prune: true
  sourceRef:
    kind: GitRepository
    name: platform
`;
}

function storeFile(): string {
  return `---
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: openbao
spec:
  provider:
    vault:
      server: https://openbao.example.com
      path: secret
      version: v2
      auth:
        kubernetes:
          mountPath: kubernetes
          role: external-secrets
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: gitea-token
  namespace: flux-system
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: openbao
  target:
    name: gitea-token
    creationPolicy: Owner
  data:
    - secretKey: username
      remoteRef:
        key: platform/gitea
        property: username
    - secretKey: password
      remoteRef:
        key: platform/gitea
        property: token
`;
}

function fluxKustomization(c: Component): string {
  const dependsOn = c.previous ? `  dependsOn:\n    - name: ${c.previous}\n` : '';
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${c.name}
  namespace: flux-system
spec:
  interval: ${interval(c.cluster)}
  retryInterval: 2m
  timeout: 5m
  path: ./flux/clusters/${c.cluster}/${c.category}/${c.name}
  prune: true
  sourceRef:
    kind: GitRepository
    name: platform
${dependsOn}  postBuild:
    substitute:
      cluster_name: ${c.cluster}
      component: ${c.name}
`;
}

function kustomizeFile(c: Component): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${c.name}
resources:
  - namespace.yaml
  - helmrepository.yaml
  - helmrelease.yaml
  - externalsecret.yaml
  - configmap.yaml
  - deployment.yaml
commonLabels:
  app.kubernetes.io/part-of: ${c.category}
`;
}

function namespaceFile(c: Component): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${c.name}
  labels:
    platform.example.com/category: ${c.category}
    platform.example.com/cluster: ${c.cluster}
`;
}

function helmRepositoryFile(c: Component): string {
  return `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ${c.name}-charts
  namespace: ${c.name}
spec:
  interval: 1h
  url: https://charts.example.com/${c.category}/${c.name}
`;
}

function helmReleaseFile(c: Component, i: number): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${c.name}
  namespace: ${c.name}
spec:
  interval: ${interval(c.cluster)}
  releaseName: ${c.name}
  chart:
    spec:
      chart: ${c.name}
      version: "${c.name === 'external-secrets' ? '0.16.x' : `1.${i % 20}.x`}"
      sourceRef:
        kind: HelmRepository
        name: ${c.name}-charts
      interval: 1h
  install:
    remediation:
      retries: 3
  upgrade:
    cleanupOnFail: true
    remediation:
      retries: 3
      strategy: rollback
  valuesFrom:
    - kind: ConfigMap
      name: ${c.name}-values
      valuesKey: values.yaml
  values:
    replicaCount: ${1 + (i % 3)}
    image:
      repository: registry.example.com/${c.category}/${c.name}
      tag: "2.${i % 9}.${i % 7}"
      pullPolicy: IfNotPresent
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
      limits:
        memory: 512Mi
    ingress:
      enabled: true
      className: cilium
      hosts:
        - host: ${c.name}.${c.cluster}.example.com
          paths:
            - path: /
              pathType: Prefix
    existingSecret: ${c.name}-credentials
    metrics:
      serviceMonitor:
        enabled: true
        interval: 30s
`;
}

function externalSecretFile(c: Component): string {
  return `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${c.name}-credentials
  namespace: ${c.name}
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: openbao
  target:
    name: ${c.name}-credentials
    creationPolicy: Owner
  data:
    - secretKey: username
      remoteRef:
        key: ${c.cluster}/${c.name}
        property: username
    - secretKey: password
      remoteRef:
        key: ${c.cluster}/${c.name}
        property: password
`;
}

function configMapFile(c: Component): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${c.name}-values
  namespace: ${c.name}
data:
  values.yaml: |
    global:
      cluster: ${c.cluster}
      domain: ${c.cluster}.example.com
    podAnnotations:
      platform.example.com/component: ${c.name}
`;
}

function deploymentFile(c: Component): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${c.name}-proxy
  namespace: ${c.name}
  labels:
    app.kubernetes.io/name: ${c.name}-proxy
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${c.name}-proxy
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${c.name}-proxy
    spec:
      containers:
      - name: app
        image: registry.example.com/proxy:1.4.2
        ports:
          - containerPort: 8080
            name: http
        env:
          - name: UPSTREAM
            value: http://${c.name}.${c.name}.svc:80
          - name: PASSWORD
            valueFrom:
              secretKeyRef:
                name: ${c.name}-credentials
                key: password
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${c.name}-proxy
  namespace: ${c.name}
spec:
  selector:
    app.kubernetes.io/name: ${c.name}-proxy
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

interface Entry {
  readonly rel: string;
  readonly role: Role;
  readonly text: string;
  readonly docs: number;
}

/** The files of one component: its Flux Kustomization first (next to the folder), then the folder. */
function componentFiles(c: Component, i: number): Entry[] {
  const dir = `flux/clusters/${c.cluster}/${c.category}/${c.name}`;
  return [
    { rel: `${dir}.yaml`, role: 'flux-kustomization', text: fluxKustomization(c), docs: 1 },
    { rel: `${dir}/kustomization.yaml`, role: 'kustomization', text: kustomizeFile(c), docs: 1 },
    { rel: `${dir}/namespace.yaml`, role: 'namespace', text: namespaceFile(c), docs: 1 },
    { rel: `${dir}/helmrepository.yaml`, role: 'helmrepository', text: helmRepositoryFile(c), docs: 1 },
    { rel: `${dir}/helmrelease.yaml`, role: 'helmrelease', text: helmReleaseFile(c, i), docs: 1 },
    { rel: `${dir}/externalsecret.yaml`, role: 'externalsecret', text: externalSecretFile(c), docs: 1 },
    { rel: `${dir}/configmap.yaml`, role: 'configmap', text: configMapFile(c), docs: 1 },
    { rel: `${dir}/deployment.yaml`, role: 'deployment', text: deploymentFile(c), docs: 2 },
  ];
}

/** kustomization.yaml of a category folder: the Flux Kustomizations of its components. */
function categoryFile(components: readonly string[]): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${components.map((n) => `  - ${n}.yaml`).join('\n')}
`;
}

/** Writes exactly `count` manifest files under `root`, spread evenly over the clusters. */
export function generateRepo(root: string, count: number): GeneratedRepo {
  const entries: (Entry & { cluster: string })[] = [];
  for (const cluster of CLUSTERS) {
    entries.push({ rel: `flux/clusters/${cluster}/flux-system/gotk-sync.yaml`, role: 'sync', text: syncFile(cluster), docs: 2, cluster });
    entries.push({ rel: `flux/clusters/${cluster}/flux-system/secret-store.yaml`, role: 'store', text: storeFile(), docs: 2, cluster });
  }
  // One kustomization.yaml per cluster and category, written last; room is kept for it.
  const categories = new Map<string, { cluster: string; category: string; names: string[] }>();
  const perCluster = CLUSTERS.map((c) => componentsOf(c));
  for (let i = 0; ; i++) {
    const c = perCluster[i % CLUSTERS.length].next().value as Component;
    const key = `${c.cluster}/${c.category}`;
    const room = count - entries.length - categories.size - (categories.has(key) ? 0 : 1);
    if (room <= 0) break;
    if (!categories.has(key)) categories.set(key, { cluster: c.cluster, category: c.category, names: [] });
    categories.get(key)!.names.push(c.name);
    for (const f of componentFiles(c, i).slice(0, room)) entries.push({ ...f, cluster: c.cluster });
  }
  for (const k of categories.values()) {
    entries.push({ rel: `flux/clusters/${k.cluster}/${k.category}/kustomization.yaml`, role: 'kustomization', text: categoryFile(k.names), docs: 1, cluster: k.cluster });
  }
  const files: GeneratedFile[] = [];
  let objects = 0;
  for (const e of entries) {
    const abs = path.join(root, e.rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, e.text);
    files.push({ rel: e.rel, role: e.role, cluster: e.cluster });
    objects += e.docs;
  }
  return { root, files, objects };
}

// Seeds the loopback Git repositories and the Helm chart, and lists the cluster objects of the testbed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HELM_LAYER, OCI_REPOSITORY_PREFIX, writeHelmRepository } from './charts.mjs';
import { HOST, PORTS } from './state.mjs';

export const FLUX_NS = 'flux-system';
export const APPS_NS = 'testbed-apps';
export const HELM_NS = 'testbed-helm';
export const NODE_NAME = 'testbed-node';
export const FIXTURE_URL = `http://${HOST}:${PORTS.fixtures}`;
export const REGISTRY_URL = `http://${HOST}:${PORTS.registry}`;

// Fixed identity and dates keep the seeded commits reproducible.
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Testbed',
  GIT_AUTHOR_EMAIL: 'testbed@example.invalid',
  GIT_COMMITTER_NAME: 'Testbed',
  GIT_COMMITTER_EMAIL: 'testbed@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

function git(args, cwd) {
  execFileSync('git', args, { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

function writeFiles(root, files) {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const FLEET_FILES = {
  'apps/ok/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${APPS_NS}\n`,
  'apps/ok/configmap.yaml':
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: ${APPS_NS}\ndata:\n  revision: "1"\n`,
  'apps/other/configmap.yaml':
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other-config\n  namespace: ${APPS_NS}\ndata:\n  owner: suspended\n`,
  'README.md': 'Fleet repository seeded by the flux-gitops testbed.\n',
};

// Creates <gitRoot>/<name>.git with one commit on main; pushes over HTTP are allowed.
function seedRepo(gitRoot, name, files) {
  const bare = join(gitRoot, `${name}.git`);
  git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  git(['config', 'http.receivepack', 'true'], bare);
  const work = mkdtempSync(join(tmpdir(), `testbed-seed-${name}-`));
  try {
    git(['init', '--quiet', '--initial-branch=main'], work);
    writeFiles(work, files);
    git(['add', '-A'], work);
    git(['commit', '--quiet', '-m', `Seed ${name}`], work);
    git(['push', '--quiet', bare, 'main'], work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function seedGit(gitRoot) {
  mkdirSync(gitRoot, { recursive: true });
  seedRepo(gitRoot, 'fleet', FLEET_FILES);
}

export const CHART = { name: 'testbed-chart', version: '0.1.0' };

// Packs every chart of charts.mjs and writes the repository index that points at them.
export function createChart(chartsDir) {
  writeHelmRepository(chartsDir, FIXTURE_URL);
}

export const ESO_NS = 'external-secrets';
export const SECRETS_NS = 'testbed-secrets';

const fluxController = (name, version) => ({
  name,
  version,
  module: `github.com/fluxcd/${name}`,
  crdDir: 'config/crd/bases',
  namespace: FLUX_NS,
  container: 'manager',
  image: `ghcr.io/fluxcd/${name}:${version}`,
  labels: { app: name, 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/component': name },
});

// Every controller runs as a local process and has a Deployment whose pod stands for it on the kwok node.
export const CONTROLLERS = [
  fluxController('source-controller', 'v1.9.5'),
  fluxController('kustomize-controller', 'v1.9.5'),
  fluxController('helm-controller', 'v1.6.4'),
  fluxController('notification-controller', 'v1.9.3'),
  {
    name: 'external-secrets',
    version: 'v0.16.2',
    module: 'github.com/external-secrets/external-secrets',
    crdDir: 'config/crds/bases',
    namespace: ESO_NS,
    container: 'external-secrets',
    image: 'ghcr.io/external-secrets/external-secrets:v0.16.2',
    labels: {
      app: 'external-secrets',
      'app.kubernetes.io/name': 'external-secrets',
      'app.kubernetes.io/instance': 'external-secrets',
    },
  },
];

export function baseObjects() {
  const readOnly = ['get', 'list', 'watch'];
  return [
    ...[FLUX_NS, ESO_NS, SECRETS_NS].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE_NAME,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { type: 'kwok', 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux' },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'testbed-flux-readonly' },
      rules: [
        {
          apiGroups: [
            'source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io',
            'notification.toolkit.fluxcd.io', 'external-secrets.io', 'apiextensions.k8s.io',
          ],
          resources: ['*'],
          verbs: readOnly,
        },
      ],
    },
    ...['view', 'testbed-flux-readonly'].map((role) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `testbed-viewers-${role}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      // Readers by client certificate or static token, and OIDC users whose token has groups: [testbed:viewers].
      subjects: ['testbed:viewers', 'oidc:testbed:viewers'].map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    })),
    ...explorerRbac(),
  ];
}

// What the explorer needs for every command (watch, reconcile, suspend/resume, logs, events, live objects,
// the objects a Flux object applied, of any kind), and nothing on Secrets: the built-in `view` role (which
// leaves Secrets out), RBAC objects to read, and patch on the Flux and ESO kinds. A Secret request would
// be refused, and the audit log would show it.
function explorerRbac() {
  const readOnly = ['get', 'list', 'watch'];
  const rules = [
    { apiGroups: EXPLORER_GROUPS, resources: ['*'], verbs: [...readOnly, 'patch'] },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: readOnly },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: readOnly },
  ];
  const binding = (role) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `testbed-explorers-${role}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'testbed:explorers' }],
  });
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'testbed-explorer' }, rules },
    binding('view'),
    binding('testbed-explorer'),
    ...artifactRbac(),
  ];
}

// Downloading an artifact through the service proxy needs `get` on `services/proxy` in the Flux namespace;
// explorers have it, viewers (testbed-restricted) do not, so both answers can be tested.
function artifactRbac() {
  const metadata = { name: 'testbed-explorer-artifacts', namespace: FLUX_NS };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: [''], resources: ['services/proxy'], resourceNames: ['source-controller', 'source-controller:http'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'testbed:explorers' }],
    },
  ];
}

// Every group of the kinds table (server/src/shared/kinds.ts) that the testbed may serve.
const EXPLORER_GROUPS = [
  'source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'notification.toolkit.fluxcd.io',
  'image.toolkit.fluxcd.io', 'source.extensions.fluxcd.io', 'fluxcd.controlplane.io', 'flagger.app',
  'external-secrets.io', 'generators.external-secrets.io',
];

// Deployments that stand for the controllers; kwok runs their pods on the fake node.
export function controllerDeployments(controllers) {
  return controllers.map(({ name, namespace, container, image, labels }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { ...labels, 'control-plane': 'controller' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          nodeName: NODE_NAME,
          automountServiceAccountToken: false,
          containers: [{ name: container, image }],
        },
      },
    },
  }));
}

export function fluxObjects() {
  const sourceRef = { kind: 'GitRepository', name: 'fleet' };
  const kustomization = (name, spec) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: FLUX_NS },
    spec: { interval: '10m', prune: true, sourceRef, timeout: '1m', ...spec },
  });
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: FLUX_NS },
      spec: { interval: '10m', url: `${FIXTURE_URL}/git/fleet.git`, ref: { branch: 'main' }, timeout: '30s' },
    },
    kustomization('apps-ok', { path: './apps/ok' }),
    kustomization('apps-broken', { path: './does/not/exist' }),
    kustomization('apps-suspended', { path: './apps/other', suspend: true }),
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'testbed-charts', namespace: FLUX_NS },
      spec: { interval: '10m', url: `${FIXTURE_URL}/charts`, timeout: '30s' },
    },
    helmRelease('hello', fromRepository(CHART.name, CHART.version)),
    ...chartObjects(),
  ];
}

const fromRepository = (chart, version) => ({ chart: { spec: { chart, version, sourceRef: { kind: 'HelmRepository', name: 'testbed-charts' } } } });

// A HelmRelease installed into HELM_NS (release `testbed-helm-<name>`); `source` is its chart or chartRef.
function helmRelease(name, source, spec = {}) {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: FLUX_NS },
    spec: {
      interval: '10m',
      targetNamespace: HELM_NS,
      install: { createNamespace: true },
      ...source,
      ...spec,
    },
  };
}

// The charts of charts.mjs in use: values checked by a schema, a sub-chart, a post-renderer, and a chart
// from the OCI registry through an OCIRepository (plain HTTP on loopback, hence `insecure`).
export function chartObjects() {
  const postRenderers = [{
    kustomize: {
      patches: [{
        target: { kind: 'ConfigMap', name: `${HELM_NS}-postrender-config` },
        patch: '- op: add\n  path: /metadata/labels\n  value:\n    testbed.flux-gitops.io/post-rendered: "true"\n',
      }],
    },
  }];
  return [
    helmRelease('values-demo', fromRepository('testbed-values', '1.x'), { values: { replicaCount: 2, greeting: { text: 'hi' } } }),
    helmRelease('umbrella', fromRepository('testbed-umbrella', '1.0.0'), { values: { umbrella: { colour: 'red' }, 'testbed-sub': { message: 'set by the release' } } }),
    helmRelease('postrender', fromRepository('testbed-postrender', '1.0.0'), { postRenderers }),
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'testbed-oci', namespace: FLUX_NS },
      spec: {
        interval: '10m',
        url: `oci://${HOST}:${PORTS.registry}/${OCI_REPOSITORY_PREFIX}/testbed-oci`,
        ref: { tag: '0.2.0' },
        insecure: true,
        layerSelector: { mediaType: HELM_LAYER, operation: 'copy' },
        timeout: '30s',
      },
    },
    helmRelease('oci-values', { chartRef: { kind: 'OCIRepository', name: 'testbed-oci' } }),
  ];
}

/** Flux objects that testbed:up waits for, with the Ready status each must reach. */
export const CHART_EXPECTATIONS = [
  ['source.toolkit.fluxcd.io/v1', 'OCIRepository', 'testbed-oci'],
  ...['values-demo', 'umbrella', 'postrender', 'oci-values'].map((name) => ['helm.toolkit.fluxcd.io/v2', 'HelmRelease', name]),
];

// A SecretStore with ESO's fake provider (no cloud needed), one ExternalSecret that syncs and one that
// cannot (its key is not in the store).
export function esoObjects() {
  const externalSecret = (name, key) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: SECRETS_NS },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'fake-store' },
      target: { name },
      data: [{ secretKey: 'password', remoteRef: { key } }],
    },
  });
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'fake-store', namespace: SECRETS_NS },
      spec: { provider: { fake: { data: [{ key: 'db-password', value: 'not-a-real-secret' }] } } },
    },
    externalSecret('db-credentials', 'db-password'),
    externalSecret('missing-credentials', 'no-such-key'),
  ];
}

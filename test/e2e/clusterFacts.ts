// The cluster half of the suite runs against the testbed (npm run testbed:up): its kubeconfig goes into the
// user settings of the session. The tests act on a Kustomization of their own ("e2e-tree", applying a folder
// the suite pushes to the testbed's Git repository), so suspending or reconciling it never disturbs the
// testbed's shared fixtures.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { ensureTestbed, gitCommit, requestReconcile, resourceListPath, testbedKubeconfigPath, testbedStateDir, TESTBED, waitFor } from '../testbed/helper';

export { TESTBED };

export const E2E_KUSTOMIZATION = 'e2e-tree';
const KS_API = 'kustomize.toolkit.fluxcd.io/v1';
const GIT_API = 'source.toolkit.fluxcd.io/v1';

/** Synchronous check used to decide whether the cluster tests run: the testbed finished starting. */
export function clusterMissing(): string[] {
  const kubeconfig = testbedKubeconfigPath();
  if (!existsSync(kubeconfig)) return [`no testbed kubeconfig at ${kubeconfig} (run npm run testbed:build && npm run testbed:up)`];
  if (!existsSync(join(testbedStateDir(), 'up.json'))) return ['the testbed is not up (run npm run testbed:up)'];
  return [];
}

export function clusterSettings(): Record<string, unknown> {
  return { 'fluxGitops.kubeconfig': testbedKubeconfigPath(), 'fluxGitops.requestTimeoutSeconds': 5 };
}

function markerManifest(value: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-marker\n  namespace: ${TESTBED.appsNamespace}\ndata:\n  value: "${value}"\n`;
}

/** Pushes a new commit touching only the e2e folder; resolves with its SHA-1. */
export function pushMarkerCommit(value: string): Promise<string> {
  return gitCommit('fleet', { 'e2e/marker.yaml': markerManifest(value) }, `e2e marker ${value}`);
}

const HEADER = { apiVersion: KS_API, kind: 'Kustomization', metadata: { name: E2E_KUSTOMIZATION, namespace: TESTBED.fluxNamespace } };

function kustomization(): KubernetesObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: KS_API,
    kind: 'Kustomization',
    metadata: { name: E2E_KUSTOMIZATION, namespace: TESTBED.fluxNamespace },
    spec: { interval: '10m', prune: true, suspend: false, path: './e2e', timeout: '1m', sourceRef: { kind: 'GitRepository', name: 'fleet' } },
  };
}

/**
 * Pushes the e2e folder, makes the GitRepository fetch it and creates the e2e Kustomization, waiting until it
 * is Ready. Returns the admin KubeConfig for the clean-up.
 */
export async function setUpClusterFixture(): Promise<KubeConfig> {
  const kc = await ensureTestbed();
  const sha = await pushMarkerCommit(`setup-${Date.now()}`);
  await requestReconcile(kc, GIT_API, 'GitRepository', TESTBED.fluxNamespace, 'fleet');
  await waitFor(kc, { path: resourceListPath(GIT_API, 'gitrepositories', TESTBED.fluxNamespace), name: 'fleet' },
    (o: KubernetesObject & { status?: { artifact?: { revision?: string } } }) => (o.status?.artifact?.revision ?? '').includes(sha),
    { timeoutMs: 60_000, what: `GitRepository fleet at ${sha}` });
  await ensureKustomization(kc);
  await requestReconcile(kc, KS_API, 'Kustomization', TESTBED.fluxNamespace, E2E_KUSTOMIZATION);
  await waitFor(kc, { path: resourceListPath(KS_API, 'kustomizations', TESTBED.fluxNamespace), name: E2E_KUSTOMIZATION },
    (o: KubernetesObject & { status?: { lastAppliedRevision?: string; conditions?: { type: string; status: string }[] } }) =>
      (o.status?.lastAppliedRevision ?? '').includes(sha) && (o.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    { timeoutMs: 180_000, what: `Kustomization ${E2E_KUSTOMIZATION} Ready at ${sha}` });
  return kc;
}

type Existing = KubernetesObject & { metadata: { deletionTimestamp?: string } };

/**
 * Creates the e2e Kustomization, or resets one a previous run left behind (resumed, same spec). One stuck in
 * deletion (its controller busy elsewhere) loses its finalizer first: it is this suite's own object.
 */
async function ensureKustomization(kc: KubeConfig): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const existing = (await api.read(HEADER).catch(() => undefined)) as Existing | undefined;
  if (existing?.metadata.deletionTimestamp) {
    await api.patch({ ...kustomization(), metadata: { ...kustomization().metadata, finalizers: null } } as unknown as KubernetesObject,
      undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
    await waitGone(kc);
  } else if (existing) {
    await api.patch(kustomization(), undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
    return;
  }
  await api.create(kustomization());
}

async function waitGone(kc: KubeConfig): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const still = await api.read(HEADER).then(() => true, () => false);
    if (!still) return;
    // The API server removes the object right after its finalizer; poll until it is gone.
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Kustomization ${E2E_KUSTOMIZATION} was not deleted within 60 s`);
}

/** Deletes the e2e Kustomization (its prune removes the marker ConfigMap). */
export async function tearDownClusterFixture(kc: KubeConfig | undefined): Promise<void> {
  if (!kc) return;
  await KubernetesObjectApi.makeApiClient(kc).delete(kustomization()).catch(() => undefined);
}

// Inside a Flux object, in a real VS Code (code-server) on the testbed: a Kustomization of this suite's own
// expands in the cluster tree to its inventory with each entry's health, Trace on an inventory entry opens the
// trace document (the Kustomization, its GitRepository, the revision), and the "rendered ↔ <context>" lens opens
// the diff of the workspace's render against the live inventory. Every wait is on what the workbench shows.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { reconcileWithSource } from '../../client/src/cluster/actions';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { ensureTestbed, gitCommit, testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';
import { clusterMissing, clusterSettings, TESTBED } from './clusterFacts';
import { inCI, missingEditorTools, skipUnless } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';
import { ClusterTree } from './harness/tree';

const editorSkip = skipUnless(missingEditorTools());
const clusterProblems = clusterMissing();
const skip = editorSkip || (!inCI() && clusterProblems.length ? `testbed missing: ${clusterProblems.join('; ')}` : false);

// Names of this run: a rerun on the same testbed must not meet the previous run's objects while they go.
const RUN = Date.now().toString(36).slice(-5);
const KS_NAME = `e2e-depth-${RUN}`;
const FOLDER = `e2e-depth-${RUN}`;
const DEPLOYMENT = `rolls-out-${RUN}`;
const CONFIGMAP = `settings-${RUN}`;
const NS = TESTBED.appsNamespace;
const KS_KEY = 'kustomize.toolkit.fluxcd.io/Kustomization';
const KS_PATH = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${TESTBED.fluxNamespace}/kustomizations`;

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${DEPLOYMENT}
  namespace: ${NS}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${DEPLOYMENT} }
  template:
    metadata:
      labels: { app: ${DEPLOYMENT} }
    spec:
      nodeName: testbed-node
      automountServiceAccountToken: false
      containers:
        - name: main
          image: ${image}
`;
const FILES: Record<string, string> = {
  [`${FOLDER}/deployment.yaml`]: deployment('registry.invalid/web:1.0.0'),
  [`${FOLDER}/configmap.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${CONFIGMAP}\n  namespace: ${NS}\ndata:\n  mode: live\n`,
};
const MANIFEST = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${KS_NAME}
  namespace: ${TESTBED.fluxNamespace}
spec:
  interval: 1h
  path: ./${FOLDER}
  prune: true
  timeout: 1m
  sourceRef:
    kind: GitRepository
    name: fleet
`;

let session: Session | undefined;
let manager: ClusterManager | undefined;
let cluster: ClusterSession | undefined;

function s(): Session {
  if (!session) throw new Error('the editor session did not start (see the before hook error)');
  return session;
}

/** The revision the Kustomization applied last, as the watch has it now (at least the commit this suite pushed). */
function lastApplied(): string {
  return String(cluster?.get(KS_KEY, TESTBED.fluxNamespace, KS_NAME)?.status?.['lastAppliedRevision'] ?? '');
}

const withScreenshot = (t: TestContext, body: () => Promise<void>) => withFailureScreenshot(session, t, body, 'depth-');

/** The text of the active editor, once its tab title matches, as the user sees it. */
async function editorText(title: RegExp): Promise<string> {
  const page = s().page;
  await page.locator('.tab.active').filter({ hasText: title }).first().waitFor({ timeout: 60_000 });
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.locator('.view-line').nth(3).waitFor({ timeout: 60_000 });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Expands a row of the tree; a click that lands while the busy tree draws the row again is lost, so the click is
 * made again (each attempt waits for the row's expanded state).
 */
async function expandRow(view: ClusterTree, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await view.expand(label);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

function writeWorkspaceFile(relativePath: string, text: string): void {
  const file = join(s().workspace, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('inside a Flux object in a real VS Code (code-server) on the testbed', { skip, timeout: 15 * 60_000 }, () => {
  before(async () => {
    if (clusterProblems.length) throw new Error(`e2e prerequisite missing: ${clusterProblems.join('; ')} (CI=true: this is a failure)`);
    await ensureTestbed();
    manager = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    manager.load();
    const c = (cluster = manager.session(TESTBED.contexts.admin)!);
    await until((cb) => c.onEvent(cb), () => c.phase === 'error' || c.kinds.get(KS_KEY)?.phase === 'watching', 30_000, 'the Kustomization watch');
    assert.notEqual(c.phase, 'error', c.error?.message);
    await gitCommit('fleet', FILES, `e2e depth ${RUN}`);
    await c.transport.request({
      method: 'POST',
      path: KS_PATH,
      body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: KS_NAME, namespace: TESTBED.fluxNamespace }, spec: { interval: '1h', prune: true, path: `./${FOLDER}`, timeout: '1m', sourceRef: { kind: 'GitRepository', name: 'fleet' } } },
    });
    await until((cb) => c.onEvent(cb), () => c.get(KS_KEY, TESTBED.fluxNamespace, KS_NAME) !== undefined, 10_000, 'the Kustomization');
    // The Kustomization may first be reconciled against the artifact of an older commit (its path not there yet)
    // and report that; a reconcile with the source after the new artifact is in succeeds.
    let outcomes: Awaited<ReturnType<typeof reconcileWithSource>> = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      outcomes = await reconcileWithSource(c, { context: c.name, kindKey: KS_KEY, namespace: TESTBED.fluxNamespace, name: KS_NAME }, { timeoutMs: 120_000 });
      if (outcomes.every((o) => o.ok)) break;
    }
    assert.ok(outcomes.every((o) => o.ok), outcomes.map((o) => o.message).join('; '));
    session = await startSession({ name: 'e2e-depth', failurePrefix: 'depth-', settings: clusterSettings() });
  }, { timeout: 6 * 60_000 });

  after(async () => {
    await session?.close();
    session = undefined;
    await cluster?.transport.request({ method: 'DELETE', path: `${KS_PATH}/${KS_NAME}` }).catch(() => undefined);
    manager?.dispose();
  });

  test('a Kustomization expands to its inventory, each entry with its health', async (t) => {
    await withScreenshot(t, async () => {
      const view = new ClusterTree(s().page);
      await view.open();
      // Expanded while it connects, the context row is drawn again once connected: wait for that first.
      await view.waitForRow(TESTBED.contexts.admin, (r) => r.level === 1 && !/connecting/.test(r.description) && r.icon !== 'loading');
      await view.expand(TESTBED.contexts.admin, 1);
      await view.expandGroup('Kustomizations', TESTBED.fluxNamespace, KS_NAME);
      await expandRow(view, KS_NAME);
      // Other suites push to the same repository, and the Kustomization follows its source: any newer commit will do.
      const applied = await view.waitForRow('Applied', (r) => r.description.includes(lastApplied().slice(-40, -33)));
      assert.match(applied.description, /sha1:[0-9a-f]{7}/, JSON.stringify(applied));
      await expandRow(view, 'Deployment');
      // kwok runs the pod on its node, so the rollout completes.
      const rolled = await view.waitForRow(DEPLOYMENT, (r) => r.icon === 'pass', 90_000);
      assert.match(rolled.description, new RegExp(`^${NS} · Rolled out: 1/1 replicas ready`), JSON.stringify(rolled));
      await expandRow(view, 'ConfigMap');
      const cm = await view.waitForRow(CONFIGMAP, (r) => r.icon === 'check');
      assert.match(cm.description, new RegExp(`^${NS}`), JSON.stringify(cm));
      await s().screenshot('depth-inventory');
    });
  });

  test('Trace on an inventory entry opens the trace: the Kustomization, its GitRepository and the revision', async (t) => {
    await withScreenshot(t, async () => {
      const view = new ClusterTree(s().page);
      await view.open();
      await view.contextAction(DEPLOYMENT, 'Trace');
      const text = await editorText(new RegExp(`Trace Deployment ${NS}-${DEPLOYMENT}`));
      assert.match(text, new RegExp(`# Trace of Deployment ${NS}/${DEPLOYMENT}`), text);
      assert.match(text, new RegExp(`Kustomization ${TESTBED.fluxNamespace}/${KS_NAME}`), text);
      assert.match(text, /GitRepository flux-system\/fleet/, text);
      assert.match(lastApplied(), /^main@sha1:[0-9a-f]{40}$/);
      assert.ok(text.includes(`Last applied revision \`${lastApplied()}\``), `the revision ${lastApplied()} in:\n${text}`);
      await s().screenshot('depth-trace');
    });
  });

  test('the "rendered ↔ testbed" lens diffs the workspace\'s render against the live inventory: only the edit differs', async (t) => {
    await withScreenshot(t, async () => {
      // The workspace holds the folder as pushed, with one edit not pushed: a new image.
      writeWorkspaceFile(`${FOLDER}/deployment.yaml`, deployment('registry.invalid/web:2.0.0'));
      writeWorkspaceFile(`${FOLDER}/configmap.yaml`, FILES[`${FOLDER}/configmap.yaml`]!);
      writeWorkspaceFile(`e2e-depth/${KS_NAME}.yaml`, MANIFEST);
      const wb = s().workbench;
      await wb.runCommand('View: Close All Editors');
      // Opened, new files are indexed at once (no wait for the file watcher).
      for (const file of Object.keys(FILES)) await wb.openFile(file);
      await wb.openFile(`e2e-depth/${KS_NAME}.yaml`);
      // The render lens says the folder rendered: the diff then has both sides.
      await s().page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: /2 objects rendered/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
      const lens = s().page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: new RegExp(`rendered ↔ ${TESTBED.contexts.admin}$`) }).first();
      await lens.waitFor({ state: 'visible', timeout: 60_000 });
      await lens.click();
      const diff = s().page.locator('.monaco-diff-editor').first();
      await diff.waitFor({ state: 'visible', timeout: 60_000 });
      await diff.locator('.editor.original .view-line').nth(3).waitFor({ timeout: 60_000 });
      await diff.locator('.editor.modified .view-line').nth(3).waitFor({ timeout: 60_000 });
      // The diff editor opens at the first change: go to the top, where both sides start with the same header.
      if (await s().page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
      await diff.locator('.editor.modified .view-lines').first().click();
      await s().page.keyboard.press('Control+Home');
      await diff.locator('.editor.original .view-line', { hasText: /#.Kustomization.flux-system\// }).first().waitFor({ timeout: 15_000 });
      const side = async (which: string) => (await diff.locator(`.editor.${which} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
      const [left, right] = [await side('original'), await side('modified')];
      assert.match(left, new RegExp(`# Kustomization flux-system/${KS_NAME}: live in ${TESTBED.contexts.admin}`), left);
      assert.match(left, /image: registry\.invalid\/web:1\.0\.0/, left);
      assert.match(right, /image: registry\.invalid\/web:2\.0\.0/, right);
      assert.doesNotMatch(left, /managedFields|resourceVersion|status:|imagePullPolicy|progressDeadlineSeconds/, 'the live side leaves out what the cluster adds');
      // The view shows lines in the order of the document, not sorted: compare them as lists.
      const l = left.split('\n').map((x) => x.trim()).filter(Boolean).sort();
      const r = right.split('\n').map((x) => x.trim()).filter(Boolean).sort();
      assert.deepEqual(l.filter((x) => !r.includes(x)), ['- image: registry.invalid/web:1.0.0']);
      assert.deepEqual(r.filter((x) => !l.includes(x)), ['- image: registry.invalid/web:2.0.0']);
      await wb.runCommand('Notifications: Clear All Notifications');
      await s().screenshot('depth-rendered-live');
    });
  });
});

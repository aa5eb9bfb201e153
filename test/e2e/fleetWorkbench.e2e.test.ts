// The fleet, promotion and canaries in the real workbench (code-server + headless Chromium, the packaged
// .vsix, the testbed): the Canaries group of the tree follows a Canary whose status the test writes (Flagger
// does not run on the testbed; its pinned CRD is installed), the fleet panel shows the testbed's contexts under
// staging and production with the canary's rollout in its owner's cell (.test-output/e2e/readme-fleet.png, the README's docs/fleet.png),
// and Promote to Production goes through VS Code's refactor preview and changes the production file on disk.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Frame } from 'playwright-core';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { installCanaryCrd, CRD_PATH, CANARY_CRD } from '../cluster/canaryCrd';
import { clusterMissing, clusterSettings, TESTBED } from './clusterFacts';
import { missingEditorTools, skipUnless } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';
import { ClusterTree } from './harness/tree';
import { waitUntil } from './harness/wait';
import { testbedKubeconfigPath } from '../testbed/helper';
import { until } from '../unit/cluster/fakeApi';

const skip = skipUnless([...missingEditorTools(), ...clusterMissing()]);
const NS = `e2e-canary-${Date.now().toString(36)}`;
const CANARY = 'podinfo';
const RELEASE = 'security/cert-manager/release.yaml';

let session: Session | undefined;
let admin: ClusterManager | undefined;
let api: ClusterSession | undefined;
let createdCrd = false;

function s(): Session {
  if (!session) throw new Error('the editor session did not start (see the before hook error)');
  return session;
}

const withScreenshot = (t: TestContext, body: () => Promise<void>) => withFailureScreenshot(session, t, body, 'fleet-');

async function setStatus(status: Record<string, unknown>): Promise<void> {
  await api!.transport.request({
    method: 'PATCH',
    path: `/apis/flagger.app/v1beta1/namespaces/${NS}/canaries/${CANARY}/status`,
    contentType: 'application/merge-patch+json',
    body: { status: { lastTransitionTime: new Date().toISOString(), ...status } },
  });
}

/** The frame of the fleet page inside the webview's nested iframes, once its table has rows. */
async function fleetFrame(): Promise<Frame> {
  return waitUntil('the fleet page', async () => {
    for (const frame of s().page.frames()) {
      const rows = await frame.evaluate('document.querySelectorAll("#fleet tr.row").length').catch(() => 0);
      if (typeof rows === 'number' && rows > 0) return frame;
    }
    return undefined;
  }, 60_000);
}

describe('fleet, promotion and canaries in a real VS Code (code-server)', { skip, timeout: 10 * 60_000 }, () => {
  before(async () => {
    // The Canary CRD and a Canary applied (by its labels) by the testbed's Kustomization apps-ok, before the
    // editor starts, so the explorer's first discovery serves the Canaries group.
    admin = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    admin.load();
    api = admin.session(TESTBED.contexts.admin)!;
    await until((cb) => api!.onEvent(cb), () => api!.phase !== 'connecting', 30_000, 'the testbed');
    createdCrd = await installCanaryCrd(api.transport);
    await waitUntil('the Canary CRD to be established', async () => {
      const crd = await api!.transport.request<{ status?: { conditions?: { type: string; status: string }[] } }>({ path: `${CRD_PATH}/${CANARY_CRD}` });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });
    // Established comes before the API server's discovery serves the group; the editor's first discovery must
    // see it (a later one would too, by the session's periodic check, but 30 s later). Discovery reads the group
    // list (`/apis`) and then the group version: both must have it (the first lagged the second once).
    await waitUntil('the API server to serve flagger.app', async () => {
      const groups = await api!.transport.request<{ groups?: { name: string }[] }>({ path: '/apis' }).catch(() => undefined);
      const list = await api!.transport.request<{ resources?: { name: string }[] }>({ path: '/apis/flagger.app/v1beta1' }).catch(() => undefined);
      return groups?.groups?.some((g) => g.name === 'flagger.app') && list?.resources?.some((r) => r.name === 'canaries');
    });
    await api.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
    await api.transport.request({
      method: 'POST',
      path: `/apis/flagger.app/v1beta1/namespaces/${NS}/canaries`,
      body: {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name: CANARY, namespace: NS, labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps-ok', 'kustomize.toolkit.fluxcd.io/namespace': TESTBED.fluxNamespace } },
        spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: CANARY }, service: { port: 9898 }, analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 } },
      },
    });
    await setStatus({ phase: 'Progressing', canaryWeight: 10, iterations: 1, failedChecks: 0 });
    session = await startSession({
      name: 'e2e-fleet',
      failurePrefix: 'fleet-',
      settings: { ...clusterSettings(), 'fluxGitops.clusterContexts': { 'eu-central-staging': TESTBED.contexts.admin, 'eu-central-production': TESTBED.contexts.restricted } },
    });
  }, { timeout: 6 * 60_000 });

  after(async () => {
    await session?.close();
    try {
      await api?.transport.request({ method: 'DELETE', path: `/api/v1/namespaces/${NS}` });
      if (createdCrd) await api?.transport.request({ method: 'DELETE', path: `${CRD_PATH}/${CANARY_CRD}` });
    } finally {
      admin?.dispose();
    }
  });

  test('the Canaries group follows the canary’s weight as its status changes', async (t) => {
    await withScreenshot(t, async () => {
      const tree = new ClusterTree(s().page);
      await tree.open();
      await tree.expand(TESTBED.contexts.admin, 1);
      await tree.waitForRowUnder(TESTBED.contexts.admin, 1, 'Canaries');
      await tree.expand('Canaries');
      const { refolds } = await tree.waitForRowIn('Canaries', 2, CANARY, (r) => r.description === 'Progressing 10% · iteration 1' && r.icon.startsWith('sync'));
      if (refolds) t.diagnostic(`the Canaries group showed no rows until folded and unfolded again (${refolds}×)`);
      await setStatus({ phase: 'Progressing', canaryWeight: 20, iterations: 2 });
      await tree.waitForRow(CANARY, (r) => r.description === 'Progressing 20% · iteration 2', 15_000);
      await s().screenshot('fleet-canaries-tree');
    });
  });

  test('the fleet panel shows staging and production with the canary in its owner’s cell (readme-fleet.png)', async (t) => {
    await withScreenshot(t, async () => {
      await s().workbench.runCommand('Flux GitOps: Show Fleet');
      const frame = await fleetFrame();
      const headers = (await frame.evaluate('Array.from(document.querySelectorAll("#fleet thead tr:first-child th")).map((th) => th.textContent)')) as string[];
      assert.ok(headers.includes('staging') && headers.includes('production'), `environments: ${headers.join(', ')}`);
      const cell = await waitUntil('the apps-ok cell with the canary', async () => {
        const text = (await frame.evaluate(`(() => { const td = document.querySelector('td[data-row="Kustomization/${TESTBED.fluxNamespace}/apps-ok"][data-context="${TESTBED.contexts.admin}"]'); return td ? td.className + '|' + td.textContent : ''; })()`)) as string;
        return /canary podinfo: Progressing 20%/.test(text) ? text : undefined;
      });
      assert.match(cell, /\bprogressing\b/, 'a ready Kustomization with a canary rolling out is progressing');
      const repoHeader = (await frame.evaluate('document.querySelector("#fleet th.repo")?.textContent')) as string;
      assert.equal(repoHeader, 'Repository');
      await s().page.keyboard.press('Control+B');
      const shot = await s().screenshot('readme-fleet');
      assert.ok(statSync(shot).size > 10_000, 'the screenshot is empty');
      await s().page.keyboard.press('Control+B');
    });
  });

  test('Promote to Production goes through the refactor preview and changes the production file', async (t) => {
    await withScreenshot(t, async () => {
      const staging = join(s().workspace, 'flux/clusters/eu-central-staging', RELEASE);
      const production = join(s().workspace, 'flux/clusters/eu-central-production', RELEASE);
      writeFileSync(staging, readFileSync(staging, 'utf8').replace('version: "v1.19.1"', 'version: "v1.20.0"'));
      assert.match(readFileSync(production, 'utf8'), /version: "v1\.19\.1"/);
      const wb = s().workbench;
      await wb.openFile(`flux/clusters/eu-central-staging/${RELEASE}`);
      await wb.goTo(17, 1);
      await wb.runCommand('Flux GitOps: Promote to Production');
      const apply = s().page.locator('.bulk-edit-panel .monaco-button, .refactor-preview .monaco-button, .pane-body .monaco-button', { hasText: /^Apply$/ }).first();
      await apply.waitFor({ timeout: 60_000 });
      // Each change needs confirmation (promote.ts), so the preview lists it unticked: the user ticks the file.
      const tick = s().page.locator('.part.panel .monaco-list-row').filter({ hasText: 'eu-central-production' }).locator('.monaco-custom-toggle, input[type="checkbox"]').first();
      await tick.click();
      await waitUntil('the production file to be ticked', async () => ((await tick.getAttribute('aria-checked')) === 'true' || (await tick.isChecked().catch(() => false)) ? true : undefined), 10_000);
      await s().screenshot('fleet-promote-preview');
      await apply.click();
      await waitUntil('the production file saved with the promoted version', () => {
        const text = readFileSync(production, 'utf8');
        return /version: "v1\.20\.0"/.test(text) ? text : undefined;
      }, 20_000).catch(async () => {
        // VS Code saves files a refactoring changed (files.refactoring.autoSave); where it does not, save them.
        await wb.runCommand('File: Save All');
        return waitUntil('the production file with the promoted version', () => (/version: "v1\.20\.0"/.test(readFileSync(production, 'utf8')) ? true : undefined), 20_000);
      });
      assert.match(readFileSync(production, 'utf8'), /interval: 10m/, 'production keeps its own interval');
    });
  });
});

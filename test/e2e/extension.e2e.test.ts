// The packaged extension in a real VS Code workbench (code-server driven by headless Chromium): what a user
// sees when editing a GitOps repository and when working with the live clusters. One suite, one editor session.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { inCI, missingEditorTools, skipUnless, workspaceSource } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';
import { gitRepositories, type GitRepositoryFact } from './workspaceFacts';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterTree, waitForToast } from './harness/tree';
import { waitUntil } from './harness/wait';
import { clusterMissing, clusterSettings, E2E_KUSTOMIZATION, pushMarkerCommit, setUpClusterFixture, tearDownClusterFixture, TESTBED } from './clusterFacts';

const editorSkip = skipUnless(missingEditorTools());
// In CI a missing testbed fails the cluster tests (in their before hook) while the editor tests still run.
const clusterProblems = clusterMissing();
const clusterSkip = editorSkip || (!inCI() && clusterProblems.length ? `testbed missing: ${clusterProblems.join('; ')}` : false);

let session: Session | undefined;
/** Set once the testbed fixture is in place, so the README screenshot shows the tree only when it has one. */
let clusterReady = false;

function s(): Session {
  if (!session) throw new Error('the editor session did not start (see the before hook error)');
  return session;
}

/** Runs a test body; on failure saves .test-output/e2e/failed-<test>.png before rethrowing. */
const withScreenshot = (t: TestContext, body: () => Promise<void>) => withFailureScreenshot(session, t, body);

/** Files the suite wrote into the workspace (the screenshot removes them, for a repository as users have it). */
const written = new Set<string>();

function writeWorkspaceFile(relativePath: string, text: string): string {
  const file = join(s().workspace, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  written.add(file);
  return file;
}

/**
 * The GitRepository the tests reference: the first one of the workspace under test (read from its source, so
 * the files these tests add never count), with its namespace-mates.
 */
function referenceTarget(): { target: GitRepositoryFact; sameNamespace: GitRepositoryFact[] } {
  const all = gitRepositories(workspaceSource());
  const target = all[0];
  assert.ok(target, 'the workspace has no GitRepository to reference');
  return { target, sameNamespace: all.filter((g) => (g.namespace ?? 'default') === (target.namespace ?? 'default')) };
}

/** A realistic Kustomization with a typo, referencing a GitRepository of the workspace (line 11). */
function showcase(target: GitRepositoryFact): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo
  namespace: ${target.namespace ?? 'default'}
spec:
  interval: 10m
  retryIntervall: 1m
  sourceRef:
    kind: GitRepository
    name: ${target.name}
  path: ./apps/podinfo
  prune: true
`;
}

/** A path in the folder of the referenced GitRepository, where a cluster's own manifests live. */
function besideTarget(fileName: string): string {
  return `${dirname(referenceTarget().target.file)}/${fileName}`;
}

const BROKEN = `apiVersion: source.toolkit.fluxcd.io/v1beta1
kind: GitRepository
metadata:
  name: e2e-broken
  namespace: flux-system
spec:
  interval: 5m
  url: https://gitea.example.com/platform/e2e.git
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: e2e-broken
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  pruneEverything: true
  sourceRef:
    kind: GitRepository
    name: e2e-broken
`;

describe('Flux GitOps in a real VS Code (code-server)', { skip: editorSkip, timeout: 15 * 60_000 }, () => {
  before(async () => {
    session = await startSession({ name: 'e2e', settings: clusterProblems.length ? {} : clusterSettings() });
  }, { timeout: 5 * 60_000 });

  after(async () => {
    await session?.close();
    session = undefined;
  });

  test('the extension activates and logs to its "Flux GitOps" output channel', async (t) => {
    await withScreenshot(t, async () => {
      const { target } = referenceTarget();
      await s().workbench.openFile(target.file);
      const text = await s().workbench.outputChannelText('Flux GitOps');
      assert.match(text, /Flux GitOps activated/);
    });
  });

  test('a restart takes the index from the cache; Rebuild the Workspace Index starts from scratch', async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      const unchanged = /unchanged\s+since\s+the\s+last\s+start/;
      const cleared = /Index\s+cache\s+cleared/;
      // The channel's log file holds every line; the Output panel shows only those on screen.
      const afterLast = (marker: RegExp) => {
        const log = s().outputLog('Flux GitOps');
        const at = [...log.matchAll(new RegExp(marker.source, 'g'))].at(-1)?.index;
        return at === undefined ? undefined : log.slice(at);
      };
      await wb.runCommand('Flux GitOps: Restart Language Server');
      const restarted = await waitUntil('the restarted server to index the workspace', () => {
        const text = afterLast(/Restarting the language server/);
        return text && /Indexed \d+ YAML files/.test(text) ? text : undefined;
      }, 120_000);
      assert.match(restarted.slice(restarted.search(/Indexed \d+ YAML files/)).split('\n')[0], unchanged, restarted.slice(0, 2000));
      await wb.runCommand('Flux GitOps: Rebuild the Workspace Index');
      const rebuilt = await waitUntil('the rebuilt index', () => {
        const text = afterLast(cleared);
        return text && /Indexed \d+ YAML files/.test(text) ? text : undefined;
      }, 120_000);
      assert.doesNotMatch(rebuilt.slice(rebuilt.search(/Indexed \d+ YAML files/)).split('\n')[0], unchanged, rebuilt.slice(0, 2000));
    });
  });

  test('a broken manifest shows its diagnostics in the Problems panel', async (t) => {
    await withScreenshot(t, async () => {
      writeWorkspaceFile('e2e/broken.yaml', BROKEN);
      await s().workbench.openFile('e2e/broken.yaml');
      const rows = await s().workbench.problemsMatching(/pruneEverything/);
      assert.ok(rows.some((r) => /Unknown field "pruneEverything"/.test(r)), `unknown field row missing in:\n${rows.join('\n')}`);
      const removed = await s().workbench.problemsMatching(/source\.toolkit\.fluxcd\.io\/v1beta1/);
      assert.ok(removed.some((r) => /no longer served/.test(r)), `removed apiVersion row missing in:\n${removed.join('\n')}`);
    });
  });

  test('a file nobody opened shows its diagnostics in the Problems panel too', async (t) => {
    await withScreenshot(t, async () => {
      writeWorkspaceFile('e2e/closed.yaml', BROKEN.replace('pruneEverything', 'neverOpenedField').replace('name: e2e-broken', 'name: e2e-closed'));
      const rows = await s().workbench.problemsMatching(/neverOpenedField/);
      assert.ok(rows.some((r) => /Unknown field "neverOpenedField"/.test(r)), `closed file's row missing in:\n${rows.join('\n')}`);
    });
  });

  test('the quick fix for a removed apiVersion rewrites it', async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      await wb.openFile('e2e/broken.yaml');
      await wb.goTo(1, 20);
      const titles = await wb.quickFixTitles();
      const fix = titles.find((title) => /Use source\.toolkit\.fluxcd\.io\/v1\b/.test(title));
      assert.ok(fix, `no "Use source.toolkit.fluxcd.io/v1" quick fix in: ${titles.join(' | ')}`);
      await wb.applyQuickFix('Use source.toolkit.fluxcd.io/v1');
      await wb.save();
      const firstLine = readFileSync(join(s().workspace, 'e2e/broken.yaml'), 'utf8').split('\n')[0];
      assert.equal(firstLine, 'apiVersion: source.toolkit.fluxcd.io/v1');
    });
  });

  test('typing under spec: of a Kustomization offers sourceRef, path, prune and interval', async (t) => {
    await withScreenshot(t, async () => {
      const { target } = referenceTarget();
      const ns = target.namespace ?? 'default';
      writeWorkspaceFile(besideTarget('e2e-typing.yaml'), `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: e2e-typing\n  namespace: ${ns}\nspec:\n`);
      const wb = s().workbench;
      await wb.openFile(besideTarget('e2e-typing.yaml'));
      await wb.goTo(6, 6);
      await wb.page.keyboard.press('Enter');
      await wb.type('  ');
      const labels = await wb.completionLabels();
      for (const key of ['sourceRef', 'path', 'prune', 'interval']) {
        assert.ok(labels.includes(key), `completion lacks ${key}: ${labels.join(', ')}`);
      }
      await wb.closeWidgets();
      await wb.runCommand('File: Revert File');
    });
  });

  test('a sourceRef.name completion offers the GitRepositories of the workspace', async (t) => {
    await withScreenshot(t, async () => {
      const { sameNamespace, target } = referenceTarget();
      const ns = target.namespace ?? 'default';
      writeWorkspaceFile(besideTarget('e2e-refs.yaml'), `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: e2e-refs\n  namespace: ${ns}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n`);
      const wb = s().workbench;
      await wb.openFile(besideTarget('e2e-refs.yaml'));
      await wb.goTo(11, 24);
      await wb.page.keyboard.press('Enter');
      await wb.type('name: ');
      const labels = await wb.completionLabels();
      for (const repo of sameNamespace) {
        assert.ok(labels.some((l) => l === repo.name || l.endsWith(`/${repo.name}`)), `completion lacks GitRepository ${repo.name}: ${labels.join(', ')}`);
      }
      await wb.closeWidgets();
      await wb.runCommand('File: Revert File');
    });
  });

  test('hovering a sourceRef shows the resolved GitRepository and its Gitea link', async (t) => {
    await withScreenshot(t, async () => {
      const { target } = referenceTarget();
      const ns = target.namespace ?? 'default';
      writeWorkspaceFile(besideTarget('e2e-hover.yaml'), `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: e2e-hover\n  namespace: ${ns}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${target.name}\n`);
      const wb = s().workbench;
      await wb.openFile(besideTarget('e2e-hover.yaml'));
      await wb.goTo(12, 12);
      const hover = await wb.hoverAtCursor();
      assert.match(hover.text, new RegExp(`GitRepository`));
      assert.ok(hover.text.includes(target.name), `hover does not name ${target.name}:\n${hover.text}`);
      const host = target.url && /^https?:/.test(target.url) ? new URL(target.url).host : undefined;
      assert.ok(host, `GitRepository ${target.name} has no http(s) url to link to`);
      assert.ok(hover.links.some((l) => l.includes(host)), `no link to ${host} in the hover (links: ${hover.links.join(', ') || 'none'}):\n${hover.text}`);
      await wb.closeWidgets();
    });
  });

  test('go to definition on sourceRef.name jumps to the GitRepository', async (t) => {
    await withScreenshot(t, async () => {
      const { target } = referenceTarget();
      const wb = s().workbench;
      await wb.openFile(besideTarget('e2e-hover.yaml'));
      await wb.goTo(12, 12);
      await wb.goToDefinition(target.file.split('/').at(-1)!);
      const position = await wb.cursorLine();
      assert.ok(Math.abs(position - target.nameLine) <= 4, `cursor on line ${position}, GitRepository ${target.name} is named on line ${target.nameLine}`);
    });
  });

  describe('the cluster explorer on the testbed', { skip: clusterSkip }, () => {
    let kc: KubeConfig | undefined;
    const tree = () => new ClusterTree(s().page);

    before(async () => {
      if (clusterProblems.length) throw new Error(`e2e prerequisite missing: ${clusterProblems.join('; ')} (CI=true: this is a failure)`);
      kc = await setUpClusterFixture();
      clusterReady = true;
    }, { timeout: 4 * 60_000 });

    after(async () => {
      await tearDownClusterFixture(kc);
    });

    test('the Flux GitOps view lists the contexts and their objects with status', async (t) => {
      await withScreenshot(t, async () => {
        const view = tree();
        await view.open();
        for (const context of Object.values(TESTBED.contexts)) await view.waitForRow(context);
        await view.expand(TESTBED.contexts.admin, 1);
        await view.expandGroup('Kustomizations', TESTBED.fluxNamespace, E2E_KUSTOMIZATION);
        const ready = await view.waitForRow(E2E_KUSTOMIZATION, (r) => r.icon === 'pass');
        assert.match(ready.description, /sha1:[0-9a-f]{7}|[0-9a-f]{7}/, `no revision in the description of ${E2E_KUSTOMIZATION}: ${JSON.stringify(ready)}`);
        const broken = await view.waitForRow('apps-broken', (r) => r.icon === 'error');
        assert.ok(broken.description.length > 0, 'a failed Kustomization shows its reason');
        await view.waitForRow('apps-suspended', (r) => r.icon === 'debug-pause');
      });
    });

    test('Reconcile with Source shows progress, then the new revision', async (t) => {
      await withScreenshot(t, async () => {
        const sha = await pushMarkerCommit(`reconcile-${Date.now()}`);
        const view = tree();
        await view.open();
        await view.contextAction(E2E_KUSTOMIZATION, 'Reconcile with Source');
        await waitForToast(s().page, new RegExp(`Reconciling .*${E2E_KUSTOMIZATION}`));
        const row = await view.waitForRow(E2E_KUSTOMIZATION, (r) => r.description.includes(sha.slice(0, 7)) && r.icon === 'pass', 90_000);
        assert.ok(row.description.includes(sha.slice(0, 7)));
      });
    });

    test('Suspend and Resume change the icon', async (t) => {
      await withScreenshot(t, async () => {
        const view = tree();
        await view.open();
        await view.contextAction(E2E_KUSTOMIZATION, 'Suspend');
        const reason = s().workbench.quickInput();
        await reason.waitFor({ state: 'visible', timeout: 15_000 });
        await reason.fill('e2e test');
        await s().page.keyboard.press('Enter');
        await view.waitForRow(E2E_KUSTOMIZATION, (r) => r.icon === 'debug-pause');
        await view.contextAction(E2E_KUSTOMIZATION, 'Resume');
        await view.waitForRow(E2E_KUSTOMIZATION, (r) => r.icon === 'pass', 90_000);
      });
    });

    test("Show Logs opens the object's controller log lines", async (t) => {
      await withScreenshot(t, async () => {
        const view = tree();
        await view.open();
        await view.contextAction(E2E_KUSTOMIZATION, 'Show Logs');
        await s().workbench.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
        await s().workbench.pick((label) => /^Recent lines only/.test(label));
        // The object's own log is written compactly (time, level, message; the object is named once, in the
        // "# ..." header the command writes first, not on every line): look for such lines.
        const compact = /^\d\d:\d\d:\d\d(\.\d+)? +(INFO|ERROR|DEBUG|WARN)\s+\S/;
        const logLines = (text: string) => text.split('\n').filter((l) => compact.test(l.trim()));
        const text = await s().workbench.outputText((t) => logLines(t).length > 0, 90_000);
        assert.ok(logLines(text).length > 0, `no log line of ${E2E_KUSTOMIZATION}:\n${text}`);
      });
    });

    test('Compare Manifest with Live Object opens a diff of the workspace manifest and the live object', async (t) => {
      await withScreenshot(t, async () => {
        const manifest = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${E2E_KUSTOMIZATION}\n  namespace: ${TESTBED.fluxNamespace}\nspec:\n  interval: 7m\n  prune: true\n  path: ./e2e\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n`;
        writeWorkspaceFile('e2e/e2e-tree.yaml', manifest);
        // Opened, the new file is indexed at once (no wait for the file watcher).
        await s().workbench.openFile('e2e/e2e-tree.yaml');
        const view = tree();
        await view.open();
        await view.expandGroup('Kustomizations', TESTBED.fluxNamespace, E2E_KUSTOMIZATION);
        await view.contextAction(E2E_KUSTOMIZATION, 'Compare Manifest with Live Object');
        const diff = s().page.locator('.monaco-diff-editor').first();
        await diff.waitFor({ state: 'visible', timeout: 30_000 });
        const side = (which: string) => diff.locator(`.editor.${which} .view-lines`).first().innerText();
        await diff.locator('.editor.modified .view-line').nth(3).waitFor({ timeout: 15_000 });
        const [left, right] = [await side('original'), await side('modified')];
        assert.match(left.replace(/\u00a0/g, ' '), /interval: 7m/, left);
        assert.match(right.replace(/\u00a0/g, ' '), /interval: 10m/, right);
        assert.doesNotMatch(right, /managedFields|resourceVersion|status:/, 'the live side leaves out what the cluster adds');
        await s().workbench.runCommand('Notifications: Clear All Notifications');
        await s().screenshot('compare-live');
      });
    });

    test('a manifest shows its live state above the object, with Reconcile', async (t) => {
      await withScreenshot(t, async () => {
        await s().workbench.openFile('e2e/e2e-tree.yaml');
        const lens = s().page.locator('.monaco-editor .codelens-decoration').filter({ hasText: `${TESTBED.contexts.admin}:` }).first();
        await lens.waitFor({ state: 'visible', timeout: 30_000 });
        const text = (await lens.innerText()).replace(/\u00a0/g, ' ');
        assert.match(text, new RegExp(`${TESTBED.contexts.admin}: (main@)?sha1:[0-9a-f]{7}`), text);
        assert.match(text, /Reconcile/, text);
      });
    });
  });

  test('README screenshot: the editor with diagnostics and a hover, and the cluster tree', async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      const { target } = referenceTarget();
      const file = `${dirname(target.file)}/podinfo.yaml`;
      await wb.runCommand('View: Close All Editors');
      // The whole workspace is in the Problems panel: take out what the other tests wrote.
      for (const f of written) rmSync(f, { force: true });
      await wb.problemsWithout(/neverOpenedField|pruneEverything/);
      writeWorkspaceFile(file, showcase(target));
      await wb.openFile(file);
      await wb.problemsMatching(/retryIntervall/);
      if (clusterReady) {
        const tree = new ClusterTree(s().page);
        await tree.open();
        // The suite's own Kustomization is gone by now; the testbed's apps-ok stays.
        await tree.waitForRow('apps-ok');
      }
      await wb.runCommand('Notifications: Clear All Notifications');
      await wb.goTo(11, 12);
      const hover = await wb.hoverAtCursor();
      assert.ok(hover.text.includes(target.name));
      // The hover fades in; let it finish before the picture.
      const opacity = () => s().page.locator('.monaco-editor .monaco-hover:not(.hidden)').first().evaluate((el) => Number((globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(el).opacity));
      for (let i = 0; i < 20 && (await opacity()) < 1; i++) await s().page.waitForTimeout(100);
      await s().page.waitForTimeout(300);
      const shot = await s().screenshot('readme-workbench');
      assert.ok(statSync(shot).size > 10_000, 'the screenshot is empty');
    });
  });
});

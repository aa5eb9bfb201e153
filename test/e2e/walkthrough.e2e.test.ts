// A new user's first hour, in the packaged extension in code-server: a public home-lab repository (a copy of
// ../shared/corpora/bjw-s-labs-home-ops) opened from a folder whose name holds `+` and a space, which file URIs
// encode. The Problems panel agrees with the checker, an edit updates its diagnostics at once, a Flux
// Kustomization's `path` hovers with where it lands, completion inside `spec` offers no whole-document snippet;
// then, on the testbed, the quieter tree, a reconcile with short texts and the compact controller log.
// Screenshots of each step go to .test-output/e2e/walkthrough-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { clusterMissing, clusterSettings, TESTBED } from './clusterFacts';
import { inCI, missingEditorTools, REPO, skipUnless } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';
import { ClusterTree, recordToasts } from './harness/tree';
import { waitUntil } from './harness/wait';
import type { ProblemCounts } from './harness/workbench';

const CORPUS = resolve(process.env.FLUX_GITOPS_E2E_CORPUS ?? join(REPO, '..', 'shared', 'corpora', 'bjw-s-labs-home-ops'));
/** The folder name a clone such as `git clone … 'owner+repo copy'` gets: `+` and a space, both encoded in URIs. */
const FOLDER = 'owner+repo copy';
/** The Flux Kustomization the editor steps work in, and the file the seeded error goes into. */
const KS_FILE = 'kubernetes/apps/ai/open-webui/ks.yaml';
const SEEDED_FILE = 'kubernetes/apps/ai/ha-mcp/ks.yaml';
const SEEDED_FIELD = 'retryIntervall';
const SNIPPETS = Object.values(JSON.parse(readFileSync(join(REPO, 'snippets', 'flux-gitops.json'), 'utf8')) as Record<string, { prefix: string }>).map((s) => s.prefix);

const missing = [...missingEditorTools(), ...(existsSync(join(CORPUS, KS_FILE)) ? [] : [`no corpus at ${CORPUS} (set FLUX_GITOPS_E2E_CORPUS)`])];
const editorSkip = skipUnless(missing);
const clusterProblems = clusterMissing();
const clusterSkip = editorSkip || (!inCI() && clusterProblems.length ? `testbed missing: ${clusterProblems.join('; ')}` : false);

let session: Session | undefined;
let staging: string | undefined;

function s(): Session {
  if (!session) throw new Error('the editor session did not start (see the before hook error)');
  return session;
}

const withScreenshot = (t: TestContext, body: () => Promise<void>, cleanUp?: () => Promise<void>) => withFailureScreenshot(session, t, body, 'walkthrough-', cleanUp);

/** The 1-based line of the first line of a workspace file that matches. */
function lineOf(relativePath: string, pattern: RegExp): { line: number; text: string } {
  const lines = readFileSync(join(s().workspace, relativePath), 'utf8').split('\n');
  const index = lines.findIndex((l) => pattern.test(l));
  assert.ok(index >= 0, `${relativePath} has no line matching ${pattern}`);
  return { line: index + 1, text: lines[index]! };
}

/** What the command-line checker finds in the workspace folder (errors, warnings, infos; hints are not shown). */
function checkerCounts(dir: string): ProblemCounts & { codes: string[] } {
  const cli = join(REPO, 'dist', 'cli.js');
  assert.ok(existsSync(cli), `${cli} is missing (npm run package builds it)`);
  const run = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(run.status === 0 || run.status === 1, `the checker exited with ${run.status}: ${run.stderr}`);
  const found = (JSON.parse(run.stdout) as { diagnostics: { severity: string; code: string }[] }).diagnostics;
  const count = (severity: string) => found.filter((d) => d.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), codes: found.map((d) => `${d.severity} ${d.code}`) };
}

/** Waits until the Problems counts equal `expected` (the checker's, or earlier ones); fails with both when they never do. */
async function problemsEqual(expected: ProblemCounts, what: string, timeoutMs = 120_000): Promise<void> {
  let last: ProblemCounts | undefined;
  const same = (c: ProblemCounts) => c.errors === expected.errors && c.warnings === expected.warnings && c.infos === expected.infos;
  await waitUntil(what, async () => {
    last = await s().workbench.problemCounts();
    return same(last) ? true : undefined;
  }, timeoutMs).catch((err: Error) => {
    throw new Error(`${what}: the Problems panel counts ${JSON.stringify(last)}, expected ${JSON.stringify(expected)} (${err.message})`);
  });
}

describe('a new user on a home-lab repository in a folder named "owner+repo copy"', { skip: editorSkip, timeout: 15 * 60_000 }, () => {
  let checker: ReturnType<typeof checkerCounts>;

  before(async () => {
    // The copy gets one real mistake, so the counts compared below are not just zero against zero.
    staging = mkdtempSync(join(tmpdir(), 'flux-gitops-walkthrough-'));
    cpSync(CORPUS, staging, { recursive: true });
    const seeded = readFileSync(join(staging, SEEDED_FILE), 'utf8').replace(/^spec:\n/m, `spec:\n  ${SEEDED_FIELD}: 1m\n`);
    assert.ok(seeded.includes(SEEDED_FIELD), `${SEEDED_FILE} has no "spec:" line to seed`);
    writeFileSync(join(staging, SEEDED_FILE), seeded);
    session = await startSession({ name: 'walkthrough', failurePrefix: 'walkthrough-', workspace: staging, folderName: FOLDER, settings: clusterProblems.length ? {} : clusterSettings() });
    assert.ok(s().workspace.endsWith(`/${FOLDER}`), s().workspace);
    checker = checkerCounts(s().workspace);
  }, { timeout: 5 * 60_000 });

  after(async () => {
    await session?.close();
    session = undefined;
    if (staging) rmSync(staging, { recursive: true, force: true });
  });

  test("the Problems panel counts what the checker finds, for files nobody opened", async (t) => {
    await withScreenshot(t, async () => {
      assert.ok(checker.errors >= 1, `the checker misses the seeded ${SEEDED_FIELD}: ${checker.codes.join(', ')}`);
      await s().workbench.problemsMatching(new RegExp(SEEDED_FIELD), 120_000);
      await problemsEqual(checker, 'the Problems panel to count what the checker found');
      await s().screenshot('walkthrough-problems');
    });
  });

  test('an edit updates the diagnostics before the file is saved', async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      await wb.openFile(KS_FILE);
      const before = await wb.problemCounts();
      await newLineInSpec(lineOf(KS_FILE, /^ {2}interval:/));
      await wb.type('intervall: 5m');
      const rows = await wb.problemsMatching(/intervall/, 30_000);
      assert.ok(rows.some((r) => /Unknown field "intervall"/.test(r)), rows.join('\n'));
      // Errors only: warnings of other files may still arrive while the workspace is checked in the background.
      const errors = (n: number, what: string) => waitUntil(what, async () => ((await wb.problemCounts()).errors === n ? true : undefined), 30_000);
      await errors(before.errors + 1, `${before.errors + 1} errors while the edit is unsaved`);
      await s().screenshot('walkthrough-edit');
      await wb.runCommand('File: Revert File');
      await wb.problemsWithout(/intervall/, 30_000);
      await errors(before.errors, `${before.errors} errors again after the revert`);
    }, revert);
  });

  test("hovering a Kustomization's path shows where it lands and what is built there", async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      await wb.openFile(KS_FILE);
      const path = lineOf(KS_FILE, /^ {2}path:/);
      const folder = /path:\s*"?\.?\/?([^"\s]+)"?/.exec(path.text)![1]!;
      const builds = existsSync(join(s().workspace, folder, 'kustomization.yaml')) ? 'kustomization.yaml' : folder.split('/').at(-1)!;
      // A user hovers the value or the key: either one tells, once the server has indexed the workspace (until
      // then the hover has the field's documentation only): hover again until it says where the path lands.
      const lands = (h: { links: string[] }) => h.links.some((l) => safeDecode(l).includes(folder));
      let hover = { text: '', links: [] as string[] };
      for (let i = 0; i < 30 && !(hover.text.includes(builds) && lands(hover)); i++) {
        if (i) await s().page.waitForTimeout(2000);
        await wb.closeWidgets();
        await wb.goTo(path.line, i % 2 ? 4 : path.text.indexOf(folder) + 3);
        hover = await wb.hoverAtCursor();
      }
      assert.ok(hover.text.includes(builds), `the hover does not say what is built (${builds}):\n${hover.text}`);
      const decoded = hover.links.map((l) => safeDecode(l));
      assert.ok(decoded.some((l) => l.includes(folder)), `no link to the folder ${folder} (links: ${decoded.join(', ') || 'none'}):\n${hover.text}`);
      await s().screenshot('walkthrough-hover-path');
      await wb.closeWidgets();
    });
  });

  test('completion inside spec offers fields, and no whole-document snippet', async (t) => {
    await withScreenshot(t, async () => {
      const wb = s().workbench;
      await wb.openFile(KS_FILE);
      await newLineInSpec(lineOf(KS_FILE, /^ {2}prune:/));
      const labels = await wb.completionLabels();
      assert.ok(labels.includes('timeout') || labels.includes('retryInterval'), `no spec field offered: ${labels.join(', ')}`);
      const snippets = labels.filter((l) => SNIPPETS.includes(l));
      await s().screenshot('walkthrough-completion');
      await wb.closeWidgets();
      await revert();
      assert.deepEqual(snippets, [], `whole-document snippets offered inside spec: ${snippets.join(', ')}`);
    }, revert);
  });

  describe('on the testbed: the tree, a reconcile and the logs', { skip: clusterSkip }, () => {
    const tree = () => new ClusterTree(s().page);
    const KS = 'apps-ok';

    before(() => {
      if (clusterProblems.length) throw new Error(`e2e prerequisite missing: ${clusterProblems.join('; ')} (CI=true: this is a failure)`);
    });

    test('a group whose objects share one namespace lists them without a namespace level', async (t) => {
      await withScreenshot(t, async () => {
        const view = tree();
        await view.open();
        await view.expand(TESTBED.contexts.admin, 1);
        await view.expand('Kustomizations', 2);
        const row = await view.waitForRow(KS, (r) => r.icon === 'pass');
        assert.equal(row.level, 3, `${KS} should sit right under Kustomizations: ${JSON.stringify(row)}`);
        const rows = await view.rows();
        assert.ok(!rows.some((r) => r.level === 3 && r.icon === 'symbol-namespace'), `a namespace row under Kustomizations: ${rows.map((r) => r.label).join(', ')}`);
      });
    });

    test('Reconcile says what it does once, then the outcome with the short revision; Details has the whole one', async (t) => {
      await withScreenshot(t, async () => {
        const toasts = await recordToasts(s().page);
        const view = tree();
        await view.open();
        await s().workbench.runCommand('Notifications: Clear All Notifications');
        await view.contextAction(KS, 'Reconcile');
        const outcome = await waitUntil('the outcome notification', async () => (await toasts()).find((x) => new RegExp(`${KS}: Ready`).test(x)), 120_000);
        const seen = await toasts();
        const progress = seen.filter((x) => /^Reconciling/.test(x));
        assert.ok(progress.some((x) => x.includes(`Reconciling ${TESTBED.fluxNamespace}/${KS}`)), `no progress notification: ${JSON.stringify(seen)}`);
        for (const p of progress) assert.equal(p.split(KS).length - 1, 1, `the progress text names ${KS} more than once: ${p}`);
        assert.match(outcome, new RegExp(`${KS}: Ready at \\S*sha1:[0-9a-f]{7}(?![0-9a-f])`), outcome);
        await s().screenshot('walkthrough-reconcile');
        const toast = s().page.locator('.notifications-toasts .notification-toast', { hasText: `${KS}: Ready` }).first();
        await toast.getByRole('button', { name: 'Details' }).click();
        const dialog = s().page.locator('.monaco-dialog-box').first();
        await dialog.waitFor({ state: 'visible', timeout: 15_000 });
        const detail = await dialog.innerText();
        assert.match(detail, /Revision: \S*sha1:[0-9a-f]{40}/, detail);
        await s().page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached', timeout: 15_000 });
      });
    });

    test('Show Logs prints one compact line per entry, and the raw JSON one command away', async (t) => {
      await withScreenshot(t, async () => {
        const wb = s().workbench;
        const view = tree();
        await view.open();
        await view.contextAction(KS, 'Show Logs');
        await wb.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
        await wb.pick((label) => /^Recent lines only/.test(label));
        const compact = /^\d\d:\d\d:\d\d(\.\d+)? +(INFO|ERROR|DEBUG|WARN)\s+\S/;
        const text = await wb.outputText((x) => x.split('\n').some((l) => compact.test(l.trim())), 90_000);
        for (const noise of ['controllerGroup', 'reconcileID', '"level"', `name=${KS}`]) assert.ok(!text.includes(noise), `a compact line holds ${noise}:\n${text}`);
        await wb.runCommand('Notifications: Clear All Notifications');
        await s().screenshot('walkthrough-logs');
        await wb.runCommand('Flux GitOps: Toggle Raw Log Lines');
        await wb.outputText((x) => x.includes('"controllerGroup"'), 30_000);
        await wb.runCommand('Flux GitOps: Toggle Raw Log Lines');
        await wb.outputText((x) => !x.includes('"controllerGroup"') && x.split('\n').some((l) => compact.test(l.trim())), 30_000);
      });
    });

    test('following logs shows in the status bar, which stops it', async (t) => {
      await withScreenshot(t, async () => {
        const wb = s().workbench;
        const toasts = await recordToasts(s().page);
        const view = tree();
        await view.open();
        await view.contextAction(KS, 'Show Logs');
        await wb.quickInput().waitFor({ state: 'visible', timeout: 15_000 });
        await wb.pick((label) => /^Follow, info and errors/.test(label));
        const item = s().page.locator('.part.statusbar .statusbar-item', { hasText: `Following logs: ${KS}` }).first();
        await item.waitFor({ state: 'visible', timeout: 30_000 });
        assert.deepEqual((await toasts()).filter((x) => /Following the logs/.test(x)), [], 'no notification covers the Output panel');
        // The README's picture: the tree beside a tall log panel.
        await wb.runCommand('Notifications: Clear All Notifications');
        await wb.runCommand('View: Toggle Maximized Panel');
        await wb.outputText((x) => x.split('\n').filter((l) => /^\d\d:\d\d:\d\d/.test(l.trim())).length >= 3, 60_000);
        await s().screenshot('readme-tree-logs');
        await wb.runCommand('View: Toggle Maximized Panel');
        await item.click();
        await item.waitFor({ state: 'hidden', timeout: 15_000 });
        await wb.outputText((x) => x.includes('# Stopped following.'), 15_000);
      });
    });
  });

  test('the Problems panel still counts what the checker finds', async (t) => {
    await withScreenshot(t, async () => {
      await problemsEqual(checkerCounts(s().workspace), 'the counts after the walkthrough', 60_000);
      assert.ok(statSync(join(REPO, '.test-output', 'e2e', 'walkthrough-problems.png')).size > 10_000, 'the first screenshot is empty');
    });
  });
});

/**
 * Starts a new line after `after`, at spec's level (column 3) whatever indentation Enter gave it. Backspace
 * may remove a whole indentation step, so the column is read again (once the status bar shows it) after each key.
 */
async function newLineInSpec(after: { line: number; text: string }): Promise<void> {
  const wb = s().workbench;
  await wb.goTo(after.line, after.text.length + 1);
  await wb.page.keyboard.press('Enter');
  let column = await cursorMoved((p) => p.line === after.line + 1);
  while (column > 3) {
    const before = column;
    await wb.page.keyboard.press('Backspace');
    column = await cursorMoved((p) => p.column !== before);
  }
  if (column < 3) {
    await wb.type(' '.repeat(3 - column));
    await cursorMoved((p) => p.column === 3);
  }
}

/** Puts the active editor back to the file on disk, so a failed step leaves no edit to the next one. */
async function revert(): Promise<void> {
  await s().workbench.runCommand('File: Revert File');
}

/** Waits until the cursor position in the status bar ("Ln 12, Col 3") passes `test`; returns its column. */
async function cursorMoved(test: (p: { line: number; column: number }) => boolean): Promise<number> {
  const item = s().page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
  return waitUntil('the cursor to move', async () => {
    const match = /Ln (\d+), Col (\d+)/.exec(await item.innerText());
    const p = match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
    return p && test(p) ? p.column : undefined;
  }, 15_000);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

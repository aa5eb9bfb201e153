// What Flux really applies, in a real VS Code (code-server): the render lens above a Flux Kustomization, Show
// Rendered Output, and Diff Rendered Output against a Git ref of the workspace's own repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { missingEditorTools, skipUnless } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';

const editorSkip = skipUnless(missingEditorTools());
const CATEGORIES = 'flux/clusters/eu-central-staging/flux-system/categories.yaml';
const CILIUM = 'flux/clusters/eu-central-staging/network/cilium/release.yaml';

let session: Session | undefined;

function s(): Session {
  if (!session) throw new Error('the editor session did not start (see the before hook error)');
  return session;
}

function git(...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: s().workspace, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** The text of the visible editor whose tab title matches, as the user sees it. */
async function editorText(title: RegExp): Promise<string> {
  const page = s().page;
  await page.locator('.tab.active').filter({ hasText: title }).first().waitFor({ timeout: 60_000 });
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.locator('.view-line').nth(3).waitFor({ timeout: 60_000 });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

describe('renders in a real VS Code (code-server)', { skip: editorSkip, timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await startSession({ name: 'e2e-render', failurePrefix: 'render-' });
    // The workspace is a Git repository, so a ref has something to render.
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  }, { timeout: 5 * 60_000 });

  after(async () => {
    await session?.close();
    session = undefined;
  });

  test('a Flux Kustomization shows what it renders in a lens, and Show Rendered Output opens it', async (t) => {
    await withFailureScreenshot(session, t, async () => {
      await s().workbench.openFile(CATEGORIES);
      const lens = s().page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: /objects rendered/ }).first();
      await lens.waitFor({ state: 'visible', timeout: 120_000 });
      await lens.click();
      const text = await editorText(/rendered categories\.yaml/);
      assert.match(text, /# Source: flux\/clusters\/eu-central-staging\/network\/cilium\/release\.yaml/, text);
      assert.match(text, /kind: HelmRelease/, text);
    }, 'render-');
  });

  test('Diff Rendered Output against HEAD shows the change a manifest edit makes to what Flux applies', async (t) => {
    await withFailureScreenshot(session, t, async () => {
      const file = join(s().workspace, CILIUM);
      const before = readFileSync(file, 'utf8');
      const version = /version: "?([\d.]+)"?/.exec(before)?.[1];
      assert.ok(version, 'the cilium release has a chart version');
      writeFileSync(file, before.replace(`version: ${version}`, 'version: 9.9.9').replace(`version: "${version}"`, 'version: "9.9.9"'));
      const wb = s().workbench;
      await wb.runCommand('View: Close All Editors');
      await wb.openFile(CATEGORIES);
      await wb.goTo(11, 3);
      await wb.runCommand('Flux GitOps: Diff Rendered Output against…');
      await wb.quickInput().fill('HEAD');
      await s().page.keyboard.press('Enter');
      const diff = s().page.locator('.monaco-diff-editor').first();
      await diff.waitFor({ state: 'visible', timeout: 120_000 });
      await diff.locator('.editor.original .view-line').nth(3).waitFor({ timeout: 120_000 });
      await diff.locator('.editor.modified .view-line').nth(3).waitFor({ timeout: 120_000 });
      const side = async (which: string) => (await diff.locator(`.editor.${which} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
      const [left, right] = [await side('original'), await side('modified')];
      assert.match(left, /# At HEAD/, left);
      assert.match(left, new RegExp(`version: "?${version.replace(/\./g, '\\.')}`), left);
      assert.match(right, /version: "?9\.9\.9/, right);
      await wb.runCommand('Notifications: Clear All Notifications');
      const shot = await s().screenshot('readme-rendered-diff');
      assert.ok(statSync(shot).size > 10_000, 'the screenshot is empty');
    }, 'render-');
  });
});

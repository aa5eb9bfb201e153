// A test session: the packaged extension in code-server on a temp copy of the workspace, driven by headless
// Chromium. `close()` stops everything the session started, also when a step of the start-up failed.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../tools.mjs';
import { codeServerDirs, installExtension, startCodeServer, writeUserSettings, type RunningCodeServer } from './codeServer';
import { extensionVsix, OUTPUT_DIR, workspaceSource } from './prereq';
import { startElectronEditor, useElectron } from './electron';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Extra user settings (e.g. fluxGitops.kubeconfig). */
  readonly settings?: Record<string, unknown>;
  /** Folder copied as the workspace; defaults to examples/catalyst. */
  readonly workspace?: string;
  /** Name of the copy's folder (default `workspace`), e.g. one with characters file URIs encode. */
  readonly folderName?: string;
  /** Start of this suite's failure screenshots after `failed-` (those of an earlier run are removed). */
  readonly failurePrefix?: string;
  /** Name used for the log file and screenshots. */
  readonly name: string;
}

export interface Session {
  readonly workspace: string;
  readonly url: string;
  readonly page: Page;
  readonly workbench: Workbench;
  /** Saves .test-output/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /**
   * The whole text of an output channel as the editor keeps it on disk (its log file under the session's
   * folder), '' until it exists: unlike the Output panel, no line is scrolled out of reach.
   */
  outputLog(channel: string): string;
  /**
   * Copies every log the editor wrote under the session's folder (extension host, output channels, window) to
   * .test-output/e2e/<name>/, which outlives the session's temp folder; returns that folder, or undefined when
   * there was nothing to copy.
   */
  saveLogs(name: string): string | undefined;
  close(): Promise<void>;
}

export const BASE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  // No animations: screenshots then show widgets fully drawn, not mid fade-in.
  'workbench.reduceMotion': 'on',
  'editor.hover.delay': 300,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.acceptSuggestionOnEnter': 'on',
  'editor.suggest.showStatusBar': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

export const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export async function startSession(options: SessionOptions): Promise<Session> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  // Failure screenshots of an earlier run would be mistaken for this run's (another suite's of this run stay).
  const prefix = `failed-${options.failurePrefix ?? ''}`;
  for (const f of readdirSync(OUTPUT_DIR)) {
    if (f.startsWith(prefix) && (f.endsWith('.png') || f.endsWith('-logs'))) rmSync(join(OUTPUT_DIR, f), { recursive: true, force: true });
  }
  const root = mkdtempSync(join(tmpdir(), 'flux-gitops-e2e-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // Keep cleaning up the rest.
      }
    }
  };
  try {
    const { workspace, page, url } = useElectron()
      ? { ...(await startElectronEditor(root, { workspace: options.workspace, settings: { ...BASE_SETTINGS, ...options.settings } }, cleanups)), url: 'electron' }
      : await startBrowserEditor(root, options, cleanups);
    await waitForWorkbench(page);
    const screenshot = async (name: string) => {
      const file = join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    return { workspace, url, page, workbench: new Workbench(page), screenshot, outputLog: (channel) => outputLog(root, channel), saveLogs: (name) => saveLogs(root, name), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Log files under `root` (at most 8 folders deep), with their paths relative to it. */
function logFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string, depth: number) => {
    if (depth > 8) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), join(rel, e.name), depth + 1);
      else if (e.name.endsWith('.log')) found.push(join(rel, e.name));
    }
  };
  try {
    walk(root, '', 0);
  } catch {
    // A folder removed meanwhile: what was found is kept.
  }
  return found;
}

function saveLogs(root: string, name: string): string | undefined {
  const files = logFiles(root);
  if (files.length === 0) return undefined;
  const out = join(OUTPUT_DIR, name);
  rmSync(out, { recursive: true, force: true });
  for (const f of files) {
    try {
      cpSync(join(root, f), join(out, f));
    } catch {
      // Gone meanwhile: the others still help.
    }
  }
  return out;
}

/** The newest `<channel>.log` (a log channel) or `<n>-<channel>.log` (a plain one) the editor wrote under `root`. */
function outputLog(root: string, channel: string): string {
  const found = logFiles(root)
    .filter((f) => basename(f) === `${channel}.log` || basename(f).endsWith(`-${channel}.log`))
    .map((f) => ({ file: join(root, f), mtime: mtimeOf(join(root, f)) }));
  const newest = found.sort((a, b) => b.mtime - a.mtime)[0];
  return newest ? readFileSync(newest.file, 'utf8') : '';
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs a test body; on failure saves .test-output/e2e/failed-<prefix><test>.png (and says so) before rethrowing. */
export async function withFailureScreenshot(session: Session | undefined, t: TestContext, body: () => Promise<void>, prefix = '', cleanUp?: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const name = `failed-${prefix}${t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    const file = await session?.screenshot(name).catch(() => undefined);
    if (file) t.diagnostic(`screenshot: ${file}`);
    // The editor's logs (the extension host's errors, the extension's output) live in the session's temp folder.
    const logs = session?.saveLogs(`${name}-logs`);
    if (logs) t.diagnostic(`logs: ${logs}`);
    // A failed step may leave an edit or a widget behind: `cleanUp` takes it away for the next test.
    await cleanUp?.().catch(() => undefined);
    throw err;
  }
}

export interface StartedEditor extends RunningCodeServer {
  readonly workspace: string;
  /** The address that opens the workspace in a browser. */
  readonly folderUrl: string;
}

/**
 * The editor half of a session, also used by `npm run demo`: a copy of the workspace, the packaged extension
 * installed into a throwaway extensions folder, user settings, and code-server listening on 127.0.0.1.
 * Registers its clean-up in `cleanups`.
 */
export async function startEditor(
  root: string,
  options: SessionOptions & { port?: number },
  cleanups: Array<() => Promise<void> | void>,
): Promise<StartedEditor> {
  const workspace = join(root, options.folderName ?? 'workspace');
  cpSync(options.workspace ?? workspaceSource(), workspace, { recursive: true });
  const dirs = codeServerDirs(root);
  await installExtension(dirs, extensionVsix());
  writeUserSettings(dirs, { ...BASE_SETTINGS, ...options.settings });
  const server = await startCodeServer(dirs, join(OUTPUT_DIR, `${options.name}.code-server.log`), { port: options.port });
  cleanups.push(() => server.stop());
  return { ...server, workspace, folderUrl: `${server.url}/?folder=${encodeURIComponent(workspace)}` };
}

export async function launchBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: BROWSER_ARGS,
    viewport: { width: 1440, height: 900 },
    // Clipboard access lets "Copy Name" and similar commands work without a permission prompt.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}

async function startBrowserEditor(root: string, options: SessionOptions, cleanups: Array<() => Promise<void> | void>) {
  const server = await startEditor(root, options, cleanups);
  const context = await launchBrowser(join(root, 'chromium'));
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.folderUrl);
  return { workspace: server.workspace, page, url: server.url };
}

async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer lists the workspace once the (remote) file system answered: the workbench is usable.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

// The desktop adapter: the same suite against VS Code desktop (Electron) instead of code-server + Chromium.
// Chosen with FLUX_GITOPS_E2E_HOST=electron. @vscode/test-electron provides the VS Code build (downloaded, or
// FLUX_GITOPS_VSCODE_PATH) and its CLI for installing the .vsix; Playwright drives the Electron window, whose
// workbench DOM and keyboard shortcuts are the ones the Workbench helpers already use. Needs a display
// (e.g. `xvfb-run -a npm run test:e2e` on Linux). Not usable on machines that cannot download VS Code.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type Page } from 'playwright-core';
import { codeServerDirs, writeUserSettings } from './codeServer';
import { extensionVsix, workspaceSource } from './prereq';

export interface ElectronEditor {
  readonly workspace: string;
  readonly page: Page;
}

export const useElectron = (): boolean => process.env.FLUX_GITOPS_E2E_HOST === 'electron';

async function vscodeExecutable(): Promise<string> {
  if (process.env.FLUX_GITOPS_VSCODE_PATH) return process.env.FLUX_GITOPS_VSCODE_PATH;
  // Imported lazily so the code-server path never loads the downloader.
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode(process.env.FLUX_GITOPS_VSCODE_VERSION ?? '1.100.3');
}

export async function startElectronEditor(
  root: string,
  options: { workspace?: string; settings: Record<string, unknown> },
  cleanups: Array<() => Promise<void> | void>,
): Promise<ElectronEditor> {
  const { resolveCliArgsFromVSCodeExecutablePath } = await import('@vscode/test-electron');
  const executable = await vscodeExecutable();
  const workspace = join(root, 'workspace');
  cpSync(options.workspace ?? workspaceSource(), workspace, { recursive: true });
  const dirs = codeServerDirs(root);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true });
  execFileSync(cli!, [...cliArgs, '--install-extension', extensionVsix(), '--force', '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], { stdio: 'pipe' });
  writeUserSettings(dirs, options.settings);
  mkdirSync(join(root, 'crash'), { recursive: true });
  const app = await _electron.launch({
    executablePath: executable,
    args: [
      '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--crash-reporter-directory', join(root, 'crash'),
      '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-telemetry', '--disable-updates',
      '--no-sandbox', '--disable-gpu', '--new-window', workspace,
    ],
  });
  cleanups.push(() => app.close());
  const page = await app.firstWindow();
  return { workspace, page };
}

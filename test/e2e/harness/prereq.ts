// Prerequisites of the e2e tier and the policy when one is missing: in CI (CI=true) the tier FAILS with the
// reason, because a tier that quietly skips proves nothing; on a developer's machine it skips with the command
// that installs what is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missingTools } from '../tools.mjs';

export const REPO = resolve(__dirname, '..', '..', '..');
export const OUTPUT_DIR = join(REPO, '.test-output', 'e2e');

export const inCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/** What the editor tier lacks; empty when code-server and Chromium are installed. */
export function missingEditorTools(): string[] {
  // The desktop adapter brings its own VS Code through @vscode/test-electron (see electron.ts).
  if (process.env.FLUX_GITOPS_E2E_HOST === 'electron') {
    const exe = process.env.FLUX_GITOPS_VSCODE_PATH;
    return exe && !existsSync(exe) ? [`FLUX_GITOPS_VSCODE_PATH ${exe} does not exist`] : [];
  }
  const missing = missingTools();
  return missing.length ? [...missing, 'run `npm run e2e:install`'] : [];
}

/**
 * The node:test `skip` option for a prerequisite: a reason string to skip locally, or throws in CI.
 * Returning false means "run".
 */
export function skipUnless(missing: readonly string[]): string | false {
  if (missing.length === 0) return false;
  const reason = `e2e prerequisite missing: ${missing.join('; ')}`;
  if (inCI()) throw new Error(`${reason} (CI=true: the e2e tier must run, so this is a failure)`);
  return reason;
}

let packaged: string | undefined;

/**
 * The .vsix under test: FLUX_GITOPS_VSIX when given (CI packages once and passes it), otherwise the current
 * sources packaged by `npm run package` once per test process, so the tier never tests a stale build.
 */
export function extensionVsix(): string {
  if (process.env.FLUX_GITOPS_VSIX) return resolve(process.env.FLUX_GITOPS_VSIX);
  if (packaged) return packaged;
  try {
    execFileSync('npm', ['run', 'package'], { cwd: REPO, stdio: 'pipe', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    const tail = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`npm run package failed, so there is no extension to test:\n${tail}`);
  }
  const vsix = join(REPO, 'dist', 'flux-gitops.vsix');
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  packaged = vsix;
  return vsix;
}

/** examples/catalyst when it exists, otherwise the small fixture workspace of this tier. */
export function workspaceSource(): string {
  const catalyst = join(REPO, 'examples', 'catalyst');
  if (process.env.FLUX_GITOPS_E2E_WORKSPACE) return resolve(process.env.FLUX_GITOPS_E2E_WORKSPACE);
  return existsSync(catalyst) ? catalyst : join(REPO, 'test', 'e2e', 'fixture');
}

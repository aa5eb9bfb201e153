// Where the editor test tools live. Shared by install.mjs, the harness and the demo so that all three agree.
// Everything is kept outside the repository (in the user's cache folder) so a fresh clone stays small and a
// machine that is reused keeps the ~400 MB code-server install between runs.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = process.env.FLUX_GITOPS_CHROMIUM || '/usr/bin/chromium';
export const APT_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'];

// The ripgrep archive that @vscode/ripgrep's postinstall would download; placing it in its cache first
// keeps the install offline (the postinstall finds the "cached download" and just unpacks it).
export const RIPGREP_CACHE_VERSIONS = ['1.15.11'];
export const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheRoot() {
  if (process.env.FLUX_GITOPS_E2E_CACHE) return process.env.FLUX_GITOPS_E2E_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'flux-gitops');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server launcher inside the install folder; run with the current node. */
export function codeServerEntry() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function ripgrepArchivePaths() {
  return RIPGREP_CACHE_VERSIONS.map((v) => join(tmpdir(), `vscode-ripgrep-cache-${v}`, RIPGREP_ASSET));
}

/** The installed code-server version, or undefined when it is missing or incomplete. */
export function installedCodeServerVersion() {
  const pkg = join(codeServerDir(), 'node_modules', 'code-server', 'package.json');
  const marker = join(codeServerDir(), '.flux-gitops-installed');
  if (!existsSync(pkg) || !existsSync(marker) || !existsSync(codeServerEntry())) return undefined;
  try {
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Lists what the e2e tier still lacks, as sentences for an error message (empty when all is there). */
export function missingTools() {
  const missing = [];
  if (installedCodeServerVersion() !== CODE_SERVER_VERSION) {
    missing.push(`code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir()}`);
  }
  if (!existsSync(CHROMIUM)) missing.push(`Chromium is not at ${CHROMIUM}`);
  return missing;
}

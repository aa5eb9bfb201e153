#!/usr/bin/env node
// npm run e2e:install — installs the editor test tools idempotently: Debian's libkrb5-dev (code-server's kerberos
// module compiles against it), ripgrep and chromium; then code-server from npm into the user's cache folder.
// Nothing is downloaded from outside the package registries: code-server's ripgrep postinstall is fed a local
// archive made from Debian's rg. Each step says whether it did something or found it done.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  APT_PACKAGES, CHROMIUM, CODE_SERVER_VERSION, codeServerDir, codeServerEntry, installedCodeServerVersion,
  ripgrepArchivePaths,
} from './tools.mjs';

const started = Date.now();
const log = (msg) => console.log(`[e2e:install] ${msg}`);

function aptInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((p) => !aptInstalled(p));
  if (missing.length === 0) {
    log(`apt packages present: ${APT_PACKAGES.join(', ')}`);
    return;
  }
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`missing apt packages ${missing.join(', ')}; run as root or install them: apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing apt packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

// @vscode/ripgrep's postinstall unpacks the archive with `tar xvf <archive> -C bin/` and expects bin/rg.
function ensureRipgrepArchives() {
  if (platform() !== 'linux' || arch() !== 'x64') {
    throw new Error(`the offline ripgrep archive is only prepared for linux-x64 (this is ${platform()}-${arch()})`);
  }
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  for (const archive of ripgrepArchivePaths()) {
    if (existsSync(archive)) {
      log(`ripgrep archive present: ${archive}`);
      continue;
    }
    const staging = mkdtempSync(join(tmpdir(), 'flux-gitops-rg-'));
    try {
      copyFileSync(rg, join(staging, 'rg'));
      mkdirSync(dirname(archive), { recursive: true });
      run('tar', ['-czf', archive, '-C', staging, 'rg']);
      log(`ripgrep archive written from ${rg}: ${archive}`);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}

// code-server writes a default config file on every start; a throwaway config home keeps ~/.config clean.
function codeServerVersion() {
  const home = mkdtempSync(join(tmpdir(), 'flux-gitops-cs-'));
  try {
    const env = { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home };
    const out = execFileSync(process.execPath, [codeServerEntry(), '--version'], { encoding: 'utf8', env });
    return out.trim().split('\n').at(-1) ?? '';
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function ensureCodeServer() {
  const dir = codeServerDir();
  if (installedCodeServerVersion() === CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION} present: ${dir}`);
    return;
  }
  ensureRipgrepArchives();
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, '.flux-gitops-installed'), { force: true });
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (several minutes on a cold machine)`);
  // npm 11 blocks dependency install scripts unless allowed; code-server's postinstall runs nested
  // `npm install`s (lib/vscode, its extensions) whose native modules and ripgrep need theirs, so the
  // permission travels in the environment. unsafe_perm is what code-server's postinstall checks as root.
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  // A package.json of its own keeps npm from walking up into a surrounding project.
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--prefix', dir, `code-server@${CODE_SERVER_VERSION}`, '--unsafe-perm', '--no-audit', '--no-fund'], { env, cwd: dir });
  const version = codeServerVersion();
  if (!version.startsWith(CODE_SERVER_VERSION)) throw new Error(`code-server --version printed ${version}`);
  const rg = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(rg)) throw new Error(`code-server's ripgrep was not unpacked to ${rg}`);
  writeFileSync(join(dir, '.flux-gitops-installed'), `${version}\n`);
  log(`code-server installed: ${version.split('\n')[0]}`);
}

function main() {
  ensureAptPackages();
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM} after the apt install`);
  ensureCodeServer();
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (err) {
  console.error(`[e2e:install] FAILED: ${err.message}`);
  process.exit(1);
}

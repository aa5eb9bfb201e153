// One code-server process per session: a throwaway user-data folder, extensions folder and config home, bound
// to 127.0.0.1 on a free port, with the packaged extension installed. The process leads its own process group
// so that stopping it also ends the extension host and the language server it started.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeServerEntry } from '../tools.mjs';

const execFileP = promisify(execFile);

export interface CodeServerDirs {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly configHome: string;
}

export function codeServerDirs(root: string): CodeServerDirs {
  const dirs = { root, userData: join(root, 'user-data'), extensions: join(root, 'extensions'), configHome: join(root, 'config') };
  for (const d of [dirs.userData, dirs.extensions, dirs.configHome]) mkdirSync(d, { recursive: true });
  return dirs;
}

// code-server writes a default config (with a password) into $XDG_CONFIG_HOME on start; keep it throwaway.
function env(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: dirs.configHome, XDG_DATA_HOME: dirs.configHome, VSCODE_PROXY_URI: '' };
}

export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<void> {
  const args = [codeServerEntry(), '--install-extension', vsix, '--force', '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
  const { stdout, stderr } = await execFileP(process.execPath, args, { env: env(dirs), timeout: 120_000 });
  if (!/successfully installed/i.test(stdout + stderr)) throw new Error(`installing ${vsix} failed:\n${stdout}\n${stderr}`);
}

export function writeUserSettings(dirs: CodeServerDirs, settings: Record<string, unknown>): void {
  const user = join(dirs.userData, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts code-server and resolves once it logs that its HTTP server listens (or rejects when it exits). */
export async function startCodeServer(dirs: CodeServerDirs, logFile: string, options: { port?: number; timeoutMs?: number } = {}): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 60_000;
  const configFile = join(dirs.configHome, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry(), '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
  ];
  const child = spawn(process.execPath, args, { env: env(dirs), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const running: RunningCodeServer = { url: `http://127.0.0.1:${port}`, port, process: child, stop: () => stopGroup(child) };
  try {
    await listening(child, timeoutMs);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return running;
}

function listening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`code-server did not start listening within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (/HTTP server listening on/.test(seen)) done();
    };
    const onExit = (code: number | null) => done(new Error(`code-server exited with ${code} before listening:\n${seen}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

// Every process group started here, so that even a crashing test process leaves nothing behind.
const groups = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  groups.add(child);
  child.once('exit', () => groups.delete(child));
}

process.once('exit', () => {
  for (const child of groups) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM to the whole group, SIGKILL if it has not exited after 10 s. */
export function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Children that ignored SIGTERM (the extension host, language server) go with the group.
      signalGroup(child, 'SIGKILL');
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

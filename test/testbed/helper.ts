// Test helper for the cluster tests: locates the running testbed (npm run testbed:up), pushes commits into
// its loopback Git repositories and waits on watch events with a timeout. Paths and names mirror
// test/testbed/scripts/state.mjs and fixtures.mjs.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import {
  KubeConfig,
  KubernetesObjectApi,
  Log,
  PatchStrategy,
  VersionApi,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';

const execFileAsync = promisify(execFile);

// Mirrors TESTBED_PORT_OFFSET handling in scripts/state.mjs (base ports 16443 and 18091).
const PORT_OFFSET = Number.parseInt(process.env.TESTBED_PORT_OFFSET ?? '0', 10) || 0;

export const TESTBED = {
  apiserver: `https://127.0.0.1:${16443 + PORT_OFFSET}`,
  gitBaseUrl: `http://127.0.0.1:${18091 + PORT_OFFSET}/git`,
  /** The OIDC issuer the API server trusts (scripts/apiserver-config.mjs); a test serves it. */
  oidcIssuer: `https://127.0.0.1:${18094 + PORT_OFFSET}`,
  contexts: { admin: 'testbed', restricted: 'testbed-restricted', down: 'testbed-down' },
  fluxNamespace: 'flux-system',
  appsNamespace: 'testbed-apps',
  helmNamespace: 'testbed-helm',
  esoNamespace: 'external-secrets',
  secretsNamespace: 'testbed-secrets',
} as const;

export function testbedStateDir(): string {
  return process.env.TESTBED_STATE_DIR ?? join(process.env.XDG_RUNTIME_DIR || '/tmp', 'flux-gitops-testbed');
}

/** A file in the state folder, e.g. testbedFile('pki', 'ca.crt') or testbedFile('audit', 'audit.log'). */
export function testbedFile(...parts: string[]): string {
  return join(testbedStateDir(), ...parts);
}

export function testbedKubeconfigPath(): string {
  return join(testbedStateDir(), 'kubeconfig');
}

interface UpMarker {
  ports: Record<string, number>;
  controllers?: string[];
}

// up.json is written by testbed:up once everything is ready; it records the ports actually used.
export function testbedInfo(): UpMarker {
  const file = join(testbedStateDir(), 'up.json');
  if (!existsSync(file)) throw unavailable('testbed:up did not complete (no up.json)');
  return JSON.parse(readFileSync(file, 'utf8')) as UpMarker;
}

export function testbedGitUrl(repo: string): string {
  return `${TESTBED.gitBaseUrl}/${repo}.git`;
}

export function loadKubeConfig(context: string = TESTBED.contexts.admin): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(testbedKubeconfigPath());
  kc.setCurrentContext(context);
  return kc;
}

function unavailable(why: string): Error {
  return new Error(`testbed unavailable: ${why} (run npm run testbed:build && npm run testbed:up)`);
}

// Rejects after `ms` so no cluster call can hang a test.
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Returns an admin KubeConfig for a reachable testbed, or throws "testbed unavailable: <why>".
export async function ensureTestbed(): Promise<KubeConfig> {
  const path = testbedKubeconfigPath();
  if (!existsSync(path)) throw unavailable(`no kubeconfig at ${path}`);
  testbedInfo();
  const kc = loadKubeConfig();
  try {
    await withTimeout(kc.makeApiClient(VersionApi).getCode(), 5000, 'GET /version');
  } catch (err) {
    throw unavailable(`apiserver ${kc.getCurrentCluster()?.server} does not answer: ${(err as Error).message}`);
  }
  return kc;
}

function git(args: string[], cwd: string) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Testbed Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Testbed Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_TERMINAL_PROMPT: '0',
  };
  return execFileAsync('git', args, { cwd, env, timeout: 30_000 });
}

// Pushes one commit to `repo` (e.g. "fleet") over the loopback smart-HTTP server. A null content deletes
// the file. Returns the new commit's full SHA-1.
export async function gitCommit(repo: string, files: Record<string, string | null>, message = 'Testbed change'): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `testbed-${repo}-`));
  try {
    await git(['clone', '--quiet', '--branch', 'main', testbedGitUrl(repo), work], tmpdir());
    for (const [rel, content] of Object.entries(files)) {
      const file = join(work, rel);
      if (content === null) {
        unlinkSync(file);
        continue;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    await git(['add', '-A'], work);
    await git(['commit', '--quiet', '-m', message], work);
    await git(['push', '--quiet', 'origin', 'main'], work);
    const { stdout } = await git(['rev-parse', 'HEAD'], work);
    return stdout.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface WaitTarget {
  /** List path without the name, e.g. /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories */
  path: string;
  name: string;
}

export function resourceListPath(apiVersion: string, plural: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${namespace}` : ''}/${plural}`;
}

// Resolves with the first object state (from a watch: the synthetic ADDED of the current state, then every
// change) that satisfies `predicate`. Rejects after timeoutMs with the last state seen.
export async function waitFor<T extends KubernetesObject>(
  kc: KubeConfig,
  target: WaitTarget,
  predicate: (obj: T) => boolean,
  { timeoutMs = 60_000, what = `${target.path}/${target.name}` } = {},
): Promise<T> {
  const watch = new Watch(kc);
  let last: T | undefined;
  let controller: AbortController | undefined;
  let finished = false;
  return new Promise<T>((resolve, reject) => {
    const finish = (err: Error | null, obj?: T) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      controller?.abort();
      if (err) reject(err);
      else resolve(obj as T);
    };
    const timer = setTimeout(() => {
      finish(new Error(`waitFor ${what}: timed out after ${timeoutMs}ms; last state: ${JSON.stringify(summary(last))}`));
    }, timeoutMs);
    // A watch may be closed by the server at any time; it is restarted until the deadline.
    const start = () => {
      if (finished) return;
      watch
        .watch(
          target.path,
          { fieldSelector: `metadata.name=${target.name}`, allowWatchBookmarks: false },
          (phase, obj: T) => {
            if (phase === 'DELETED') return;
            last = obj;
            if (predicate(obj)) finish(null, obj);
          },
          () => {
            if (!finished) setTimeout(start, 200);
          },
        )
        .then((c) => {
          controller = c;
          if (finished) c.abort();
        })
        .catch((err: Error) => finish(new Error(`waitFor ${what}: watch failed: ${err.message}`)));
    };
    start();
  });
}

function summary(obj: KubernetesObject | undefined) {
  if (!obj) return null;
  const o = obj as KubernetesObject & { status?: unknown; metadata?: { annotations?: unknown } };
  return { name: o.metadata?.name, annotations: o.metadata?.annotations, status: o.status };
}

// Merge-patches the reconcile.fluxcd.io/requestedAt annotation, as `flux reconcile` does, and returns the value.
export async function requestReconcile(kc: KubeConfig, apiVersion: string, kind: string, namespace: string, name: string): Promise<string> {
  const requestedAt = new Date().toISOString();
  const api = KubernetesObjectApi.makeApiClient(kc);
  const patch = { apiVersion, kind, metadata: { name, namespace, annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt } } };
  await withTimeout(
    api.patch(patch, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch),
    10_000,
    `patch ${kind} ${namespace}/${name}`,
  );
  return requestedAt;
}

// Follows a container's log through GET pods/<pod>/log?follow=true until a line satisfies `predicate`.
export async function waitForLogLine(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  predicate: (line: string) => boolean,
  timeoutMs = 60_000,
): Promise<string> {
  let buffer = '';
  let resolveLine: (line: string) => void = () => undefined;
  const found = new Promise<string>((resolve) => {
    resolveLine = resolve;
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      const hit = lines.find(predicate);
      if (hit !== undefined) resolveLine(hit);
      callback();
    },
  });
  const controller = await withTimeout(
    new Log(kc).log(namespace, pod, container, sink, { follow: true }),
    10_000,
    `open log of ${namespace}/${pod}/${container}`,
  );
  try {
    return await withTimeout(found, timeoutMs, `log line of ${namespace}/${pod}/${container}`);
  } finally {
    controller.abort();
  }
}

// The name of the Running pod of a Flux controller, found by its app label.
export async function controllerPod(kc: KubeConfig, controller: string): Promise<string> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const list = await withTimeout(
    api.list('v1', 'Pod', TESTBED.fluxNamespace, undefined, undefined, undefined, undefined, `app=${controller}`),
    10_000,
    `list pods of ${controller}`,
  );
  const pod = list.items.find((p) => (p as { status?: { phase?: string } }).status?.phase === 'Running');
  if (!pod?.metadata?.name) throw new Error(`no Running pod for ${controller} in ${TESTBED.fluxNamespace}`);
  return pod.metadata.name;
}

export interface RestartTiming {
  name: string;
  /** Time the old process took to stop. */
  stoppedMs: number;
  /** Time from the new start until its readiness URL answered 200. */
  readyMs: number;
}

// Restarts one testbed process (e.g. kube-apiserver) with the same binary, flags, ports and certificates,
// through scripts/restart.mjs; resolves once it is ready again. `kill` stops it with SIGKILL (a crash).
export async function restartTestbedProcess(name: string, { kill = false } = {}): Promise<RestartTiming> {
  const script = join(__dirname, 'scripts', 'restart.mjs');
  const args = [script, name, ...(kill ? ['--kill'] : [])];
  // The restarted process must not inherit the test runner's own settings.
  const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
  const { stdout } = await execFileAsync(process.execPath, args, { timeout: 180_000, env });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as RestartTiming;
}

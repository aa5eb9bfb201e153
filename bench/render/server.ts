// Renders in the language server, as an editor meets them: the server started on a repository (default: bjw-s
// home-ops from the shared corpora), then the time from ready (the "Indexed" log) to the first render and to the
// whole tree rendered (the last `fluxGitops/rendersChanged` before a quiet period), and an edit of a file under a
// rendered folder → its Kustomization rendered again. Two sessions: the repository opened for the first time
// (empty workspace storage), then opened again (the index and render caches the first one left).
//   node --import tsx bench/render/server.ts [--repo DIR] [--dist DIR] [--edits 10]
// Uses the bundle (dist/server.js: run `npm run build` first). Prints a markdown table to stdout.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileUri, LspClient } from '../lsp/client';
import { oursSpec } from '../lsp/servers';
import { RendersChangedNotification } from '../../server/src/shared/protocol';

const arg = (name: string, fallback: string): string => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const repo = path.resolve(arg('--repo', path.join(__dirname, '..', '..', '..', 'shared', 'corpora', 'bjw-s-labs-home-ops')));
const dist = arg('--dist', '');
const edits = Number(arg('--edits', '10'));

/** The whole tree is rendered when no render has finished for this long. */
const QUIET_MS = 4000;
const TIMEOUT_MS = 180_000;

const ms = (v: number): string => `${Math.round(v).toLocaleString('en-US')} ms`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Render notifications with the time each arrived, and waiters for the next one about a file. */
class Renders {
  readonly at: number[] = [];
  private waiters: { uri: string; resolve: (t: number) => void }[] = [];

  constructor(client: LspClient) {
    client.connection.onNotification(RendersChangedNotification.method, (p: RendersChangedNotification.Params) => {
      const t = performance.now();
      this.at.push(t);
      this.waiters = this.waiters.filter((w) => !(p.uris.includes(w.uri) && (w.resolve(t), true)));
    });
  }

  next(uri: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no render of ${uri} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.waiters.push({ uri, resolve: (t) => (clearTimeout(timer), resolve(t)) });
    });
  }

  /** Resolves once no render has arrived for QUIET_MS (after the first one). */
  async quiet(): Promise<void> {
    const started = performance.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const last = this.at[this.at.length - 1];
      if (last !== undefined && performance.now() - last > QUIET_MS) return;
      if (performance.now() - started > TIMEOUT_MS) throw new Error('renders did not settle');
    }
  }
}

/** App folders whose Flux Kustomization is `ks.yaml` beside them (bjw-s's layout): [file to edit, ks.yaml]. */
function editTargets(root: string, count: number): [string, string][] {
  const out: [string, string][] = [];
  const visit = (dir: string, depth: number) => {
    if (out.length >= count || depth > 6) return;
    const names = readdirSync(dir).sort();
    if (names.includes('ks.yaml') && names.includes('app')) {
      const app = path.join(dir, 'app');
      const file = readdirSync(app).find((n) => n.endsWith('.yaml') && n !== 'kustomization.yaml');
      if (file) out.push([path.join(app, file), path.join(dir, 'ks.yaml')]);
    }
    for (const n of names) if (!n.startsWith('.') && statSync(path.join(dir, n)).isDirectory()) visit(path.join(dir, n), depth + 1);
  };
  visit(root, 0);
  return out.slice(0, count);
}

interface Session {
  readonly startToReady: number;
  readonly first: number;
  readonly whole: number;
  readonly count: number;
  readonly edits: number[];
}

/** One server session on the repository with `cacheDir` as the workspace's storage. */
async function session(cacheDir: string): Promise<Session> {
  const base = oursSpec(dist ? { dist } : {});
  const spec = { ...base, initializationOptions: { ...base.initializationOptions, cacheDir } };
  const t0 = performance.now();
  const client = await LspClient.start(spec, repo);
  const renders = new Renders(client);
  try {
    await client.waitForLog(/^Indexed /, TIMEOUT_MS);
    const ready = performance.now();
    await renders.quiet();
    const first = renders.at[0] - ready;
    const whole = renders.at[renders.at.length - 1] - ready;
    const count = renders.at.length;
    const editMillis: number[] = [];
    for (const [i, [file, ks]] of editTargets(repo, edits).entries()) {
      const uri = fileUri(file);
      const text = readFileSync(file, 'utf8');
      const opened = client.nextDiagnostics(uri, 1, TIMEOUT_MS);
      client.open(uri, text, 1);
      await opened;
      const rendered = renders.next(fileUri(ks));
      const t = performance.now();
      client.change(uri, `${text}\n# bench edit ${i}\n`, 2);
      editMillis.push((await rendered) - t);
    }
    // BENCH_TIMELINE=1: the server's log lines with when each arrived (from ready), to place the time.
    if (process.env.BENCH_TIMELINE) console.error(`renders at (ms from ready): ${renders.at.map((t) => Math.round(t - ready)).join(' ')}`);
    if (process.env.BENCH_TIMELINE) client.logs.forEach((l, i) => console.error(`${Math.round(client.logTimes[i] - ready)} ms ${l.slice(0, 160)}`));
    return { startToReady: ready - t0, first, whole, count, edits: editMillis };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  // The workspace storage the extension gives the server: empty for the first session (a repository never opened
  // here), then as that session left it (the same repository opened again).
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'render-bench-storage-'));
  try {
    const cold = await session(cacheDir);
    const reopened = await session(cacheDir);
    const rows = [
      ['server start to ready (indexed)', ms(cold.startToReady), ms(reopened.startToReady)],
      ['ready → first render done', ms(cold.first), ms(reopened.first)],
      ['ready → whole tree rendered', `${ms(cold.whole)} (${cold.count} renders)`, `${ms(reopened.whole)} (${reopened.count} renders)`],
      [`edit of a file under a rendered folder → its Kustomization rendered again, p50 of ${cold.edits.length}`, ms(median(cold.edits)), ms(median(reopened.edits))],
    ];
    console.log(`\n### Renders in the server (${path.basename(repo)})\n`);
    console.log('| measure | first opened (no storage) | opened again (storage of the first session) |\n|---|---|---|');
    for (const [k, a, b] of rows) console.log(`| ${k} | ${a} | ${b} |`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

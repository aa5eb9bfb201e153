// The language-server benchmark: ours vs yaml-language-server on generated repositories, in one run.
//   node --import tsx bench/lsp/bench.ts [--sizes 2000,10000] [--only ours|yaml-language-server]
//     [--completions 200] [--runs N] [--keep] [--cpu-prof DIR] [--dist DIR] [--node-arg ARG]... [--strict] [--no-render-check]
// --runs N measures each size N times (ours; yaml-language-server once, as a reference without targets) on the
// same generated repository; the tables give the median run's figures with their spread, judged on the median.
// --no-render-check skips the checker run with renders (15 s at 2,000 files), for quick A/B runs of the rest.
// --dist runs server.js and cli.js from another folder (e.g. a private build that a concurrent rebuild of
// dist/ cannot change mid-run); --cpu-prof writes a V8 CPU profile of our server (see cpuprofile.mjs);
// --node-arg passes a Node/V8 flag to our server (e.g. --max-semi-space-size=2) for experiments.
// Prints a markdown table per size and writes them to .test-output/bench/lsp.md. Exits 1 when a run failed
// (e.g. a server did not validate the sample), and with --strict also when ours misses a target.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateRepo, type GeneratedRepo } from './generate';
import { writeJsonSchema } from './jsonSchema';
import { missedTargets, tableOf, type CliCheck, type SizeResult } from './report';
import { ROOT, oursSpec, yamlLsSpec } from './servers';
import { measureFloor } from './floor';
import { measureOpenWhileIndexing, measureWarmIndex, runWorkload, type WorkloadOptions } from './workload';

interface Args {
  sizes: number[];
  only?: string;
  completions: number;
  keep: boolean;
  cpuProf?: string;
  dist: string;
  nodeArgs: string[];
  strict: boolean;
  renderCheck: boolean;
  runs: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [2000, 10000], completions: 200, keep: false, strict: false, dist: '', nodeArgs: [], renderCheck: true, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i] ?? '';
    if (argv[i] === '--sizes') a.sizes = v().split(',').map(Number).filter((n) => n > 0);
    else if (argv[i] === '--only') a.only = v();
    else if (argv[i] === '--completions') a.completions = Number(v());
    else if (argv[i] === '--keep') a.keep = true;
    else if (argv[i] === '--cpu-prof') a.cpuProf = path.resolve(v());
    else if (argv[i] === '--dist') a.dist = path.resolve(v());
    else if (argv[i] === '--node-arg') a.nodeArgs.push(v());
    else if (argv[i] === '--strict') a.strict = true;
    else if (argv[i] === '--no-render-check') a.renderCheck = false;
    else if (argv[i] === '--runs') a.runs = Math.max(1, Math.floor(Number(v())) || 1);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

const log = (m: string) => process.stderr.write(`[bench:lsp] ${m}\n`);

function runCli(root: string, dist: string, out: string, extra: readonly string[] = []): Promise<CliCheck> {
  const cpuFile = path.join(out, 'checker-cpu.txt');
  rmSync(cpuFile, { force: true });
  const argv = ['--require', path.join(__dirname, 'cpuTime.cjs'), path.join(dist, 'cli.js'), 'check', root, '--format', 'json', ...extra];
  const env = { ...process.env, BENCH_CPU_FILE: cpuFile };
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { env, maxBuffer: 512 * 1024 * 1024, timeout: 600000 }, (err, stdout) => {
      const millis = performance.now() - t0;
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      try {
        const result = JSON.parse(stdout) as { files: number; diagnostics: unknown[] };
        const cpuMillis = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : NaN;
        resolve({ files: result.files, millis, cpuMillis, filesPerSecond: (result.files / millis) * 1000, diagnostics: result.diagnostics.length, exitCode: code });
      } catch {
        reject(new Error(`checker failed (exit ${code}): ${String(err ?? '').slice(0, 500)}`));
      }
    });
  });
}

/** Every run of one size, on one generated repository: ours `args.runs` times, yaml-language-server once. */
async function runSize(size: number, schemaPath: string, args: Args, out: string): Promise<SizeResult[]> {
  const root = mkdtempSync(path.join(tmpdir(), `flux-gitops-bench-${size}-`));
  const repo = generateRepo(root, size);
  log(`generated ${repo.files.length} files (${repo.objects} objects) in ${root}`);
  const runs: SizeResult[] = [];
  try {
    for (let run = 0; run < args.runs; run++) {
      if (args.runs > 1) log(`size ${size}: run ${run + 1} of ${args.runs}`);
      runs.push(await measureOnce(size, repo, root, schemaPath, args, out, run === 0));
    }
  } finally {
    if (args.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  return runs;
}

/** One run of the measured workload on a generated repository (the peer only when `withPeer`). */
async function measureOnce(size: number, repo: GeneratedRepo, root: string, schemaPath: string, args: Args, out: string, withPeer: boolean): Promise<SizeResult> {
  const o: WorkloadOptions = { opens: 100, edits: 50, structuralEdits: 12, completions: args.completions, renames: 20 };
  const result: SizeResult = { size, files: repo.files.length, objects: repo.objects, errors: [] };
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      result.errors.push(`${what}: ${(err as Error).message}`);
      log(`${what} FAILED: ${(err as Error).message}`);
      return undefined;
    }
  };
  if (!args.only || args.only === 'ours') {
    Object.assign(result, { cli: await attempt('checker', () => runCli(root, args.dist, out, ['--no-render'])) });
    if (args.renderCheck) Object.assign(result, { cliRendered: await attempt('checker with renders', () => runCli(root, args.dist, out)) });
    const spec = oursSpec({ cpuProfDir: args.cpuProf, dist: args.dist, nodeArgs: args.nodeArgs });
    Object.assign(result, { ours: await attempt('ours', () => runWorkload(spec, repo, o, log)) });
    const warm = await attempt('ours, warm start', () => measureWarmIndex(oursSpec({ dist: args.dist, nodeArgs: args.nodeArgs }), repo, log));
    if (result.ours && warm !== undefined) result.ours.warmIndexMillis = warm;
    const whileIndexing = await attempt('ours, opens while indexing', () => measureOpenWhileIndexing(oursSpec({ dist: args.dist, nodeArgs: args.nodeArgs }), repo, log));
    if (result.ours && whileIndexing) result.ours.openWhileIndexing = whileIndexing;
  }
  if (withPeer && (!args.only || args.only === 'yaml-language-server')) {
    Object.assign(result, { theirs: await attempt('yaml-language-server', () => runWorkload(yamlLsSpec(schemaPath), repo, o, log)) });
  }
  return result;
}

/** A private copy of the bundled server and checker, so that a rebuild of dist/ during the run changes nothing. */
function snapshotDist(out: string): string {
  const dist = path.join(ROOT, 'dist');
  for (const f of ['server.js', 'cli.js']) {
    if (!existsSync(path.join(dist, f))) throw new Error(`${path.join(dist, f)} is missing: run \`npm run build\` first`);
  }
  const snap = path.join(out, 'dist-snapshot');
  rmSync(snap, { recursive: true, force: true });
  mkdirSync(snap, { recursive: true });
  for (const f of readdirSync(dist)) {
    if (/^(server|cli|scanWorker|renderWorker)\.js(\.map)?$/.test(f) || f === 'schemas' || f === 'render') cpSync(path.join(dist, f), path.join(snap, f), { recursive: true, preserveTimestamps: true });
  }
  return snap;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const out = path.join(ROOT, '.test-output/bench');
  mkdirSync(out, { recursive: true });
  if (!args.dist) args.dist = snapshotDist(out);
  log(`our server and checker run from ${args.dist}`);
  const schemaPath = path.join(out, 'flux-2.9.dispatch.schema.json');
  // The same bundle our server loads, so both servers know exactly the same kinds and fields.
  const bundle = [path.join(args.dist, 'schemas/flux-2.9.json'), path.join(ROOT, 'generated/schemas/flux-2.9.json')].find((f) => existsSync(f))!;
  const s = writeJsonSchema(bundle, schemaPath);
  log(`wrote the dispatching JSON schema for yaml-language-server: ${s.kinds} kinds, ${(s.bytes / 1024).toFixed(0)} KiB`);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  const results: SizeResult[][] = [];
  const floor = await measureFloor(args.completions);
  log(`noise floor: completion p50 ${floor.p50.toFixed(2)} p95 ${floor.p95.toFixed(2)} max ${floor.max.toFixed(2)} ms`);
  for (const size of args.sizes) results.push(await runSize(size, schemaPath, args, out));
  const minutes = ((performance.now() - started) / 60000).toFixed(1);
  const tables = results.map(tableOf);
  const header = `## Language server benchmark\n\nNode ${process.version}, yaml-language-server 2.0.0 with one dispatching draft-07 schema (schema store and CRD store off). Load average at start: ${load}. Run time ${minutes} min. ${args.runs > 1 ? `${args.runs} runs per size (yaml-language-server: one). ` : ''}✓/✗: ours against the target${args.runs > 1 ? ', judged on the median' : ''}.\n\nNoise floor of completion latency on this machine (a server that answers every request with a constant list of the same size, same client, ${args.completions} requests): p50 ${floor.p50.toFixed(2)} ms, p95 ${floor.p95.toFixed(2)} ms, max ${floor.max.toFixed(2)} ms.\n\n`;
  const md = header + tables.join('\n');
  process.stdout.write(`${md}\n`);
  writeFileSync(path.join(out, 'lsp.md'), md);
  log(`wrote ${path.join(out, 'lsp.md')}`);
  if (results.flat().some((r) => r.errors.length)) return 1;
  if (args.strict && results.some((runs) => missedTargets(runs).length)) return 1;
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  log(`failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});

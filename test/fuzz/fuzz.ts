// A fuzz round: seeded cases (mutate.ts) in batches, each batch checked by the checker and by the server
// (drive.ts). A finding is narrowed to one case and, for the checker, to the fewest lines that still fail;
// each is saved under .test-output/fuzz/ with what it takes to reproduce it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../lsp/lspClient';
import { runChecker, runServer, type Finding, type Limits, type SlowRequest } from './drive';
import { loadSeeds, makeCase, type FuzzCase } from './mutate';

export interface FuzzOptions {
  readonly seed: number;
  /** At most this many cases, and no new batch after this many seconds. */
  readonly cases: number;
  readonly seconds: number;
  readonly batch: number;
  readonly checker: boolean;
  readonly server: boolean;
  /** Only these case numbers (to reproduce a finding). */
  readonly only?: readonly number[];
  readonly limits: Limits;
  readonly seedDirs: readonly string[];
  readonly out: string;
  readonly log: (line: string) => void;
  /** Where the bundle under test is (default: dist/). */
  readonly dist?: string;
}

export const DEFAULT_LIMITS: Limits = { requestMs: 1000, serverRssMiB: 600, checkerRssMiB: 1024, checkerMs: 60_000 };

export function defaultSeedDirs(): string[] {
  return ['/work/shared/corpora', path.join(ROOT, 'examples/catalyst')];
}

export interface FuzzResult {
  readonly cases: number;
  readonly checkerRuns: number;
  readonly checkerMaxMs: number;
  readonly checkerMaxRssMiB: number;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly serverPeakRssMiB: number;
  /** The slowest requests (at most 100), slowest first. */
  readonly slowest: SlowRequest[];
  /** How many requests took SLOW_MS or more, by method and by the mutations of their case. */
  readonly slowBy: { readonly method: Record<string, number>; readonly mutation: Record<string, number> };
  readonly findings: Finding[];
  readonly saved: string[];
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const seeds = loadSeeds(o.seedDirs.filter((d) => { try { return !!loadSeeds([d]).length; } catch { return false; } }));
  if (!seeds.length) throw new Error(`no YAML files under ${o.seedDirs.join(', ')}`);
  const work = path.join(tmpdir(), `flux-gitops-fuzz-${process.pid}`);
  const started = Date.now();
  const numbers = o.only ?? Array.from({ length: o.cases }, (_, i) => i);
  const latencies: number[] = [];
  const slow: SlowRequest[] = [];
  const findings: Finding[] = [];
  const saved: string[] = [];
  let done = 0;
  let checkerRuns = 0;
  let checkerMaxMs = 0;
  let checkerMaxRssMiB = 0;
  let serverPeakRssMiB = 0;
  for (let b = 0; b < numbers.length && (Date.now() - started) / 1000 < o.seconds; b += o.batch) {
    const cases = numbers.slice(b, b + o.batch).map((n) => makeCase(o.seed, n, seeds));
    const { dir, files } = writeBatch(work, `batch-${b}`, cases);
    if (o.checker) {
      const run = runChecker(dir, o.limits, o.dist);
      checkerRuns++;
      checkerMaxMs = Math.max(checkerMaxMs, run.millis);
      checkerMaxRssMiB = Math.max(checkerMaxRssMiB, run.rssMiB || 0);
      if (run.problem) {
        o.log(`checker: ${run.problem}; narrowing batch ${b} down`);
        for (const f of narrowChecker(work, cases, o.limits, o.dist)) {
          findings.push(f);
          saved.push(save(o, f, cases.find((c) => c.id === f.cases[0])!));
        }
      }
    }
    if (o.server) {
      const run = await runServer(dir, cases, files, o.limits, o.seed, o.dist);
      latencies.push(...run.latencies);
      slow.push(...run.slow);
      serverPeakRssMiB = Math.max(serverPeakRssMiB, run.peakRssMiB);
      for (const f of run.findings) {
        findings.push(f);
        if (f.cases.length === 1) saved.push(save(o, f, cases.find((c) => c.id === f.cases[0])!));
      }
    }
    done += cases.length;
    o.log(`${done} cases, ${Math.round((Date.now() - started) / 1000)} s, ${findings.length} findings`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  const result = { cases: done, checkerRuns, checkerMaxMs, checkerMaxRssMiB, requests: sorted.length, p50: q(0.5), p99: q(0.99), max: sorted.at(-1) ?? 0, serverPeakRssMiB, slowest: slow.sort((a, b) => b.ms - a.ms).slice(0, 100), slowBy: slowCounts(slow), findings, saved };
  mkdirSync(o.out, { recursive: true });
  writeFileSync(path.join(o.out, 'summary.json'), `${JSON.stringify({ seed: o.seed, ...result }, null, 2)}\n`);
  return result;
}

function slowCounts(slow: readonly SlowRequest[]): FuzzResult['slowBy'] {
  const method: Record<string, number> = {};
  const mutation: Record<string, number> = {};
  for (const r of slow) {
    method[r.method] = (method[r.method] ?? 0) + 1;
    for (const m of new Set(r.mutations)) mutation[m] = (mutation[m] ?? 0) + 1;
  }
  return { method, mutation };
}


function writeBatch(work: string, name: string, cases: readonly FuzzCase[]): { dir: string; files: Map<string, string> } {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  for (const c of cases) {
    const file = `case-${c.id}.yaml`;
    writeFileSync(path.join(dir, file), c.text);
    files.set(c.id, file);
  }
  return { dir, files };
}

/** The cases of a failing batch that fail alone, each cut down to the fewest lines that still fail. */
function narrowChecker(work: string, cases: readonly FuzzCase[], limits: Limits, dist?: string): Finding[] {
  const fails = (text: string) => runChecker(writeBatch(work, 'narrow', [{ id: 'x', seedFile: '', mutations: [], text }]).dir, limits, dist).problem;
  const out: Finding[] = [];
  for (const c of cases) {
    const problem = fails(c.text);
    if (!problem) continue;
    const text = minimize(c.text, (t) => !!fails(t), 24);
    out.push({ tool: 'checker', what: problem, cases: [c.id], ...{ minimized: text } });
  }
  if (!out.length) out.push({ tool: 'checker', what: 'the batch failed, but no case fails alone', cases: cases.map((c) => c.id) });
  return out;
}

/** Removes chunks of lines (halves, then quarters, ...) while the input still fails, within `budget` runs. */
export function minimize(text: string, failing: (text: string) => boolean, budget: number): string {
  let lines = text.split('\n');
  let chunk = Math.ceil(lines.length / 2);
  while (chunk >= 1 && budget > 0) {
    let removed = false;
    for (let i = 0; i < lines.length && budget > 0; i += chunk) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      budget--;
      if (candidate.length && failing(candidate.join('\n'))) {
        lines = candidate;
        removed = true;
        i -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return lines.join('\n');
}

function save(o: FuzzOptions, f: Finding, c: FuzzCase): string {
  const dir = path.join(o.out, `${f.tool}-${c.id}`);
  mkdirSync(dir, { recursive: true });
  const minimized = (f as Finding & { minimized?: string }).minimized;
  writeFileSync(path.join(dir, 'input.yaml'), minimized ?? c.text);
  const reproduce = `npm run fuzz -- --seed ${o.seed} --case ${c.id.split('-')[1]} --${f.tool}-only`;
  writeFileSync(path.join(dir, 'finding.json'), `${JSON.stringify({ ...f, minimized: undefined, seedFile: c.seedFile, mutations: c.mutations, minimizedInput: !!minimized, reproduce }, null, 2)}\n`);
  o.log(`saved ${dir}: ${f.what}`);
  return dir;
}

// `npm run fuzz`: a seeded, bounded fuzz round against the bundled checker and server (run `node esbuild.mjs`
// first). Findings are saved under .test-output/fuzz/; the exit code is 1 when there is any.
//   npm run fuzz -- [--seed N] [--cases N] [--seconds N] [--batch N] [--case N ...] [--checker-only | --server-only] [--dist DIR]
import * as path from 'node:path';
import { ROOT } from '../lsp/lspClient';
import { SLOW_MS } from './drive';
import { DEFAULT_LIMITS, defaultSeedDirs, runFuzz, type FuzzOptions } from './fuzz';

function options(argv: string[]): FuzzOptions {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const only = argv.flatMap((a, i) => (a === '--case' ? [Number(argv[i + 1])] : []));
  return {
    seed: value('--seed', 1),
    cases: value('--cases', 2000),
    seconds: value('--seconds', 600),
    batch: value('--batch', 100),
    checker: !argv.includes('--server-only'),
    server: !argv.includes('--checker-only'),
    only: only.length ? only : undefined,
    limits: DEFAULT_LIMITS,
    seedDirs: defaultSeedDirs(),
    out: path.join(ROOT, '.test-output/fuzz'),
    log: (line) => console.error(`[fuzz] ${line}`),
    dist: argv.includes('--dist') ? path.resolve(argv[argv.indexOf('--dist') + 1]) : undefined,
  };
}

void runFuzz(options(process.argv.slice(2))).then((r) => {
  console.log(`${r.cases} cases: checker ${r.checkerRuns} runs (slowest ${(r.checkerMaxMs / 1000).toFixed(1)} s, peak RSS ${r.checkerMaxRssMiB.toFixed(0)} MiB); `
    + `server ${r.requests} requests p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, peak RSS ${r.serverPeakRssMiB.toFixed(0)} MiB; `
    + `${r.findings.length} findings`);
  const counts = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const slow = Object.values(r.slowBy.method).reduce((a, b) => a + b, 0);
  if (slow) {
    console.log(`requests of ${SLOW_MS} ms or more: ${slow}; by method: ${counts(r.slowBy.method)}; by mutation of their case: ${counts(r.slowBy.mutation)}`);
    for (const x of r.slowest.slice(0, 10)) console.log(`  ${x.ms} ms ${x.method} on case ${x.case} (${x.mutations.join('+')}, ${x.chars} chars)`);
  }
  for (const f of r.findings) console.log(`  ${f.tool}: ${f.what} (${f.cases.slice(0, 5).join(', ')}${f.cases.length > 5 ? ', ...' : ''})`);
  process.exit(r.findings.length ? 1 : 0);
}, (err) => {
  console.error(err);
  process.exit(2);
});

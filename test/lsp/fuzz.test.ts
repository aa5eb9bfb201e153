// A short fuzz round (test/fuzz/): fixed seed, a bounded number of cases, against the bundled checker and the
// bundled server. Any finding (a crash, an exit code other than 0 or 1, an error response, a request over
// 1 s, memory over the limit) fails the test; the reproducers are under .test-output/fuzz/.
import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_LIMITS, defaultSeedDirs, runFuzz } from '../fuzz/fuzz';
import { ROOT } from './lspClient';

// A request over 1 s is a finding on an idle machine. This machine is shared (two cores, other builds): the
// limits grow with the load average per core, so that a starved machine is not taken for a blocked server.
const load = Math.max(1, loadavg()[0] / availableParallelism());
const limits = { ...DEFAULT_LIMITS, requestMs: DEFAULT_LIMITS.requestMs * load, checkerMs: DEFAULT_LIMITS.checkerMs * load };

test('a fixed-seed fuzz round finds nothing', { timeout: 300_000 }, async () => {
  console.log(`# load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores: requests over ${limits.requestMs.toFixed(0)} ms are findings`);
  const result = await runFuzz({
    seed: 20261201,
    cases: 150,
    seconds: 120,
    batch: 50,
    checker: true,
    server: true,
    limits,
    seedDirs: defaultSeedDirs(),
    out: path.join(ROOT, '.test-output/fuzz'),
    log: (line) => console.log(`# ${line}`),
  });
  console.log(`# ${result.cases} cases, ${result.requests} requests: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(0)} ms; server peak RSS ${result.serverPeakRssMiB.toFixed(0)} MiB; checker slowest ${(result.checkerMaxMs / 1000).toFixed(1)} s, peak RSS ${result.checkerMaxRssMiB.toFixed(0)} MiB`);
  assert.ok(result.cases >= 50, `only ${result.cases} cases ran`);
  assert.ok(result.requests >= result.cases * 5, 'every case was queried');
  assert.ok(result.checkerRuns >= 1);
  assert.deepEqual(result.findings.map((f) => `${f.tool}: ${f.what} (${f.cases.slice(0, 3).join(', ')})`), []);
});

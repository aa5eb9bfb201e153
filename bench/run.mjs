#!/usr/bin/env node
// `npm run bench`: builds, then runs the language-server benchmark (ours vs yaml-language-server on generated
// repositories), the render benchmark (the WebAssembly render module against its native build) and, when the
// testbed is reachable or --cluster is given, the cluster benchmarks (watch latency, inventory, many contexts).
//   node bench/run.mjs [--no-build] [--cluster | --no-cluster] [language-server bench options...]
// Options of the language-server bench: --sizes 2000,10000  --only ours|yaml-language-server  --runs N
//   --completions 200  --keep  --cpu-prof DIR  --strict   (see bench/lsp/bench.ts)
// The language-server bench runs three times per size unless --runs says otherwise: its figures are single
// samples of a whole session (a start, an indexing, a burst) that move by tens of percent with the machine's
// load, so the README gives the median of three with the spread. The other benches already repeat inside:
// the render bench takes the median of its cold starts and p50/p95 over every folder and release, the fleet
// bench the median of its rounds.
// Each benchmark prints its markdown table to stdout; the runner exits 1 when one of them failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const own = new Set(['--no-build', '--cluster', '--no-cluster']);
const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => own.has(a)));
const lspArgs = argv.filter((a) => !own.has(a));
if (!lspArgs.includes('--runs')) lspArgs.push('--runs', '3');

function run(cmd, label) {
  console.error(`\n$ ${cmd.join(' ')}   (${label})`);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

/** The testbed is reachable when it says it is up and its API server accepts a connection on loopback. */
async function testbedReachable() {
  const stateModule = path.join(root, 'test/testbed/scripts/state.mjs');
  if (!existsSync(stateModule)) return false;
  const { paths, HOST, PORTS } = await import(pathToFileURL(stateModule).href);
  if (!existsSync(paths().upMarker)) return false;
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port: PORTS.apiserver });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function main() {
  const failures = [];
  if (!flags.has('--no-build') && run(['npm', 'run', 'build'], 'build') !== 0) {
    console.error('bench: the build failed');
    return 1;
  }
  if (run([process.execPath, '--import', 'tsx', 'bench/lsp/bench.ts', ...lspArgs], 'language-server benchmark') !== 0) failures.push('language server');
  if (run([process.execPath, '--expose-gc', '--import', 'tsx', 'bench/render/run.ts'], 'render benchmark') !== 0) failures.push('render');
  // Renders as the editor meets them (ready → whole tree rendered, an edit → re-rendered), on bjw-s home-ops of the
  // shared corpora when that folder is beside the project.
  if (existsSync(path.join(root, '..', 'shared', 'corpora', 'bjw-s-labs-home-ops'))) {
    if (run([process.execPath, '--import', 'tsx', 'bench/render/server.ts'], 'renders in the server') !== 0) failures.push('renders in the server');
  } else console.error('\nbench: renders in the server skipped (../shared/corpora/bjw-s-labs-home-ops is not there; bench/render/server.ts --repo DIR)');
  if (run([process.execPath, '--import', 'tsx', 'bench/cluster/fleet.ts'], 'fleet benchmark') !== 0) failures.push('fleet');
  const clusterBench = path.join(root, 'bench/cluster/run.ts');
  const wanted = flags.has('--cluster') || (!flags.has('--no-cluster') && (await testbedReachable()));
  if (!wanted) console.error('\nbench: cluster benchmark skipped (the testbed is not reachable; `npm run testbed:up` or pass --cluster)');
  else if (!existsSync(clusterBench)) failures.push('cluster (bench/cluster/run.ts does not exist)');
  else if (run([process.execPath, '--import', 'tsx', 'bench/cluster/run.ts'], 'cluster benchmark') !== 0) failures.push('cluster');
  if (wanted && run([process.execPath, '--import', 'tsx', 'bench/cluster/inventory.ts'], 'inventory benchmark') !== 0) failures.push('inventory');
  // Many contexts on the one testbed API server: everything watched against the scaling plan (each its own process,
  // so the memory figures do not mix). 200 contexts all watched is left out: 3,600 watches load the shared testbed.
  const contextRuns = [['50', 'all'], ['50', 'plan'], ['200', 'plan']];
  for (const [n, mode] of wanted ? contextRuns : []) {
    if (run([process.execPath, '--expose-gc', '--import', 'tsx', 'bench/cluster/contexts.ts', '--contexts', n, '--mode', mode], `contexts benchmark (${n}, ${mode})`) !== 0) failures.push(`contexts ${n} ${mode}`);
  }
  if (failures.length) console.error(`\nbench: failed: ${failures.join(', ')}`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});

#!/usr/bin/env node
// Runs the test tiers: `node test/run.mjs all|unit|lsp|cluster|e2e [more tiers]`.
// Each tier runs its *.test.ts files with Node's test runner (through tsx), and the runner fails when a tier
// fails, or when a tier that was asked for ran no test at all. It ends with the line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, '.test-output');
const ALL = ['unit', 'lsp', 'cluster', 'e2e'];

/** Where each tier's tests live, and what must happen before and after them. */
const TIERS = {
  unit: { dirs: ['test/unit'], before: [['npm', 'run', 'schemas'], ['npm', 'run', 'render']] },
  lsp: { dirs: ['test/lsp'], before: [['npm', 'run', 'build']] },
  cluster: {
    dirs: ['test/cluster', 'test/testbed'],
    before: [['npm', 'run', 'build'], ['npm', 'run', 'testbed:build'], ['npm', 'run', 'testbed:up']],
    cleanup: [['npm', 'run', 'testbed:down']],
    concurrency: 1,
  },
  e2e: {
    dirs: ['test/e2e'],
    before: [['npm', 'run', 'e2e:install'], ['npm', 'run', 'package'], ['npm', 'run', 'testbed:build'], ['npm', 'run', 'testbed:up']],
    cleanup: [['npm', 'run', 'testbed:down']],
    env: { FLUX_GITOPS_VSIX: 'dist/flux-gitops.vsix' },
    concurrency: 1,
  },
};

function testFiles(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const found = [];
  for (const name of readdirSync(abs).sort()) {
    const p = path.join(abs, name);
    if (statSync(p).isDirectory()) found.push(...testFiles(path.join(dir, name)));
    else if (name.endsWith('.test.ts')) found.push(path.join(dir, name));
  }
  return found;
}

function run(cmd, label, env = {}) {
  console.log(`\n$ ${cmd.join(' ')}${label ? `   (${label})` : ''}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/**
 * Set-up steps that may fail for a passing reason (a controller slow to become ready on a loaded machine) are
 * tried once more after their undo step; the first failure stays in the log above the second try.
 */
const RETRIED = new Map([['npm run testbed:up', ['npm', 'run', 'testbed:down']]]);

/**
 * The testbed's Go build (20-45 minutes on a new machine) starts in the background, at a lower priority, when tiers
 * that do not need it come first: it builds while they run instead of after them. Its set-up step then waits for it
 * and shows its log; a build that failed in the background runs again in the foreground, so its error is in order.
 */
const BACKGROUND = 'npm run testbed:build';
let background;

function startBackgroundBuild() {
  mkdirSync(out, { recursive: true });
  const log = path.join(out, 'testbed-build.log');
  const done = path.join(out, 'testbed-build.status');
  rmSync(done, { force: true });
  const fd = openSync(log, 'w');
  // A constant command: nothing in it comes from outside this file.
  const child = spawn('sh', ['-c', `nice -n 10 npm run testbed:build; echo $? > '${done}'`], { cwd: root, stdio: ['ignore', fd, fd], detached: false });
  child.unref();
  background = { log, done };
  console.log(`\n$ ${BACKGROUND}   (in the background while the first tiers run; log: ${path.relative(root, log)})`);
}

function waitForBackgroundBuild(tier) {
  const { log, done } = background;
  background = undefined;
  console.log(`\n$ ${BACKGROUND}   (${tier}: waiting for the background build)`);
  while (!existsSync(done) || !readFileSync(done, 'utf8').trim()) spawnSync('sleep', ['2']);
  process.stdout.write(readFileSync(log, 'utf8'));
  const status = Number(readFileSync(done, 'utf8').trim());
  if (status === 0) return 0;
  console.log(`\nthe background build failed (exit ${status}); building again in the foreground`);
  return run(BACKGROUND.split(' '), `${tier}: set-up`);
}

function setUp(cmd, tier) {
  if (background && cmd.join(' ') === BACKGROUND) return waitForBackgroundBuild(tier);
  const status = run(cmd, `${tier}: set-up`);
  const undo = RETRIED.get(cmd.join(' '));
  if (status === 0 || !undo) return status;
  console.log(`\n${cmd.join(' ')} failed (exit ${status}); trying it once more`);
  run(undo, `${tier}: undo before the second try`);
  return run(cmd, `${tier}: set-up, second try`);
}

/** Tear-down steps, run once at the end (the testbed serves both the cluster and the e2e tier). */
const cleanups = new Map();

function countTap(file) {
  if (!existsSync(file)) return { pass: 0, fail: 0, skipped: 0 };
  const text = readFileSync(file, 'utf8');
  const num = (name) => Number((new RegExp(`^# ${name} (\\d+)`, 'm').exec(text) ?? [0, 0])[1]);
  return { pass: num('pass'), fail: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
}

function runTier(name) {
  const tier = TIERS[name];
  const files = tier.dirs.flatMap(testFiles);
  if (!files.length) return { name, pass: 0, fail: 0, problem: 'no test files' };
  for (const c of tier.cleanup ?? []) cleanups.set(c.join(' '), c);
  for (const cmd of tier.before) {
    if (setUp(cmd, name) !== 0) return { name, pass: 0, fail: 1, problem: `set-up step failed: ${cmd.join(' ')}` };
  }
  mkdirSync(out, { recursive: true });
  const tap = path.join(out, `${name}.tap`);
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`];
  if (tier.concurrency) args.push(`--test-concurrency=${tier.concurrency}`);
  const status = run([process.execPath, ...args, ...files], `${name}: ${files.length} files`, tier.env);
  const counts = countTap(tap);
  // A skipped test is a test that did not run (e.g. the testbed or the editor was missing): not a pass.
  const problem = status !== 0 && counts.fail === 0 ? `test process exited with ${status}`
    : counts.pass + counts.fail === 0 ? 'ran no test'
    : counts.skipped > 0 ? `${counts.skipped} test(s) skipped` : undefined;
  return { name, ...counts, fail: counts.fail + (problem ? 1 : 0), problem };
}

const asked = process.argv.slice(2);
const tiers = !asked.length || asked.includes('all') ? ALL : asked;
for (const t of tiers) {
  if (!TIERS[t]) {
    console.error(`unknown tier "${t}"; tiers: ${ALL.join(', ')}, all`);
    process.exit(2);
  }
}
// Only when a tier that needs the testbed comes after one that does not is there anything to overlap.
const firstTestbedTier = tiers.findIndex((t) => TIERS[t].before.some((c) => c.join(' ') === BACKGROUND));
if (firstTestbedTier > 0) startBackgroundBuild();
let results;
try {
  results = tiers.map(runTier);
} finally {
  for (const c of cleanups.values()) run(c, 'tear-down');
}
console.log('\nTiers:');
for (const r of results) console.log(`  ${r.name.padEnd(8)} ${r.pass} passed, ${r.fail} failed${r.problem ? `  <- ${r.problem}` : ''}`);
const pass = results.reduce((n, r) => n + r.pass, 0);
const fail = results.reduce((n, r) => n + r.fail, 0);
console.log(`\n${pass} passed, ${fail} failed`);
process.exit(fail > 0 || results.some((r) => r.problem) ? 1 : 0);

// The language-server bench's tables over several runs: the median run's figure, the spread, and the targets
// judged on the median.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missedTargets, tableOf, type SizeResult } from '../../../bench/lsp/report';

/** A run with only the checker measured (enough for its rows), at a given speed. */
function run(filesPerSecond: number): SizeResult {
  const files = 2000;
  const millis = (files / filesPerSecond) * 1000;
  return { size: 2000, files, objects: 2252, errors: [], cli: { files, millis, cpuMillis: millis, filesPerSecond, diagnostics: 0, exitCode: 0 } };
}

const rowOf = (table: string, metric: string) => table.split('\n').find((l) => l.startsWith(`| ${metric}`))!;

test('one run: the figure and its mark, as before', () => {
  const table = tableOf([run(2500)]);
  assert.match(rowOf(table, 'whole workspace, checker, fast index'), /\| 2,500 files\/s ✓ \|/);
  assert.match(table, /\*\*Targets missed\*\*: none, every target met\./);
});

test('three runs: the median run, judged on the median, with the spread', () => {
  const runs = [run(2600), run(1500), run(2100)];
  const row = rowOf(tableOf(runs), 'whole workspace, checker, fast index');
  assert.match(row, /\| 2,100 files\/s ✓ \(1,500 – 2,600 files\/s\) \|/);
  assert.deepEqual(missedTargets(runs), []);
});

test('a target the median misses is said plainly, even when one run met it', () => {
  const runs = [run(2600), run(1500), run(1700)];
  const table = tableOf(runs);
  assert.match(rowOf(table, 'whole workspace, checker, fast index'), /1,700 files\/s ✗ \(1,500 – 2,600 files\/s\)/);
  assert.match(table, /\*\*Targets the median misses\*\*: whole workspace, checker, fast index .*: 1,700 files\/s \(1,500 – 2,600 files\/s\) \(target ≥ 2,000 files\/s\)\./);
});

test('an even count shows the lower middle run, a figure some run had', () => {
  const row = rowOf(tableOf([run(1000), run(3000), run(2000), run(4000)]), 'whole workspace, checker, fast index');
  assert.match(row, /\| 2,000 files\/s ✓ \(1,000 – 4,000 files\/s\) \|/);
});

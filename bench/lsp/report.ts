// The markdown tables: one per repository size, metric | target | ours | yaml-language-server. With several runs
// of a size, each cell shows the median run's figure and the spread (lowest–highest) over the runs, and the
// target is judged on the median.
import type { Measures } from './workload';

export interface CliCheck {
  readonly files: number;
  readonly millis: number;
  readonly cpuMillis: number;
  readonly filesPerSecond: number;
  readonly diagnostics: number;
  readonly exitCode: number;
}

export interface SizeResult {
  readonly size: number;
  readonly files: number;
  readonly objects: number;
  readonly ours?: Measures;
  readonly theirs?: Measures;
  readonly cli?: CliCheck;
  /** The checker as users run it by default: the fast index, then every Flux Kustomization rendered. */
  readonly cliRendered?: CliCheck;
  readonly errors: string[];
}

type Target = { text: string; ok: (v: number) => boolean } | undefined;

const atMost = (n: number, unit: string): Target => ({ text: `≤ ${n} ${unit}`, ok: (v) => v <= n });
const atLeast = (n: number, unit: string): Target => ({ text: `≥ ${n.toLocaleString('en-US')} ${unit}`, ok: (v) => v >= n });

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);
const num = (v: number | undefined, unit: string) => (v === undefined || Number.isNaN(v) ? 'n/a' : `${Math.round(v).toLocaleString('en-US')} ${unit}`);

/** A figure of one run: its value (what the median and the target read), how it is shown, how a bare value is written. */
interface Cell {
  readonly value: number | undefined;
  readonly shown: string;
  readonly fmt?: (v: number) => string;
}

interface Row {
  readonly metric: string;
  readonly target: Target;
  readonly ours: Cell;
  readonly theirs: Cell;
}

const cellOf = (value: number | undefined, shown: string, fmt?: (v: number) => string): Cell => ({ value, shown, fmt });

function rows(r: SizeResult): Row[] {
  const small = r.size <= 2000;
  const o = r.ours;
  const t = r.theirs;
  const pair = (f: (m: Measures) => number | undefined, fmt: (v: number | undefined) => string) => ({
    ours: cellOf(o && f(o), o ? fmt(f(o)) : 'n/a', fmt),
    theirs: cellOf(t && f(t), t ? fmt(f(t)) : 'n/a', fmt),
  });
  const none = cellOf(undefined, '—');
  return [
    { metric: 'completion p50', target: undefined, ...pair((m) => m.completion.p50, ms) },
    { metric: 'completion p95', target: small ? atMost(2, 'ms') : undefined, ...pair((m) => m.completion.p95, ms) },
    { metric: 'completion max', target: small ? atMost(5, 'ms') : undefined, ...pair((m) => m.completion.max, ms) },
    { metric: 'completion answers with the expected item', target: undefined, ...pair((m) => m.completion.hits, (v) => `${v}/${o?.completion.n ?? t?.completion.n}`) },
    { metric: 'open → diagnostics p50', target: small ? atMost(20, 'ms') : undefined, ...pair((m) => m.open.p50, ms) },
    { metric: 'open → diagnostics while indexing and the background check run, p50 (one file at a time from the start)', target: small ? atMost(20, 'ms') : undefined, ours: o?.openWhileIndexing ? cellOf(o.openWhileIndexing.p50, ms(o.openWhileIndexing.p50), ms) : none, theirs: none },
    { metric: '… the same, max', target: undefined, ours: o?.openWhileIndexing ? cellOf(o.openWhileIndexing.max, `${ms(o.openWhileIndexing.max)} (${o.openWhileIndexing.n} opens, ${o.openWhileIndexing.beforeIndexed} before indexed)`, ms) : none, theirs: none },
    { metric: 'edit → diagnostics p50', target: small ? atMost(40, 'ms') : undefined, ...pair((m) => m.edit.p50, ms) },
    { metric: 'edit of a kustomization.yaml / Flux Kustomization path (structural) → diagnostics p50', target: undefined, ...pair((m) => m.structuralEdit.p50, ms) },
    { metric: '… the same, max', target: undefined, ...pair((m) => m.structuralEdit.max, ms) },
    { metric: 'whole workspace, checker, fast index (`dist/cli.js check --no-render --format json`)', target: small ? atLeast(2000, 'files/s') : undefined, ours: r.cli ? cellOf(r.cli.filesPerSecond, num(r.cli.filesPerSecond, 'files/s'), (v) => num(v, 'files/s')) : none, theirs: none },
    { metric: '… the checker per CPU-second (start-up included)', target: undefined, ours: r.cli ? cellOf((r.cli.files / r.cli.cpuMillis) * 1000, num((r.cli.files / r.cli.cpuMillis) * 1000, 'files/CPU-s'), (v) => num(v, 'files/CPU-s')) : none, theirs: none },
    { metric: 'whole workspace, checker with every Flux Kustomization rendered (the default)', target: undefined, ours: r.cliRendered ? cellOf(r.cliRendered.filesPerSecond, `${num(r.cliRendered.filesPerSecond, 'files/s')} (${(r.cliRendered.millis / 1000).toFixed(1)} s)`, (v) => num(v, 'files/s')) : none, theirs: none },
    { metric: 'whole workspace, server (open every file, wait for all diagnostics)', target: small ? atLeast(2000, 'files/s') : undefined, ...pair((m) => m.workspace.filesPerSecond, (v) => num(v, 'files/s')) },
    { metric: '… the same per CPU-second of the server process (less sensitive to the machine\'s load)', target: undefined, ...pair((m) => (m.workspace.files / m.workspace.cpuMillis) * 1000, (v) => num(v, 'files/CPU-s')) },
    { metric: 'diagnostics on the files opened in that burst (all valid)', target: undefined, ...pair((m) => m.workspace.diagnostics, (v) => num(v, '')) },
    { metric: 'memory (RSS) with every file open', target: atMost(small ? 120 : 300, 'MiB'), ...pair((m) => m.rssMiB, (v) => num(v, 'MiB')) },
    { metric: 'memory (RSS) when ready, nothing open', target: undefined, ...pair((m) => m.readyRssMiB, (v) => num(v, 'MiB')) },
    { metric: 'peak RSS during the run', target: undefined, ...pair((m) => m.peakRssMiB, (v) => num(v, 'MiB')) },
    { metric: 'CPU time of the server process until ready (ours: start-up + indexing)', target: undefined, ...pair((m) => m.readyCpuMillis, ms) },
    { metric: `indexing the workspace (${r.files.toLocaleString('en-US')} files)`, target: small ? undefined : atMost(2000, 'ms'), ours: o?.index ? cellOf(o.index.millis, ms(o.index.millis), ms) : none, theirs: cellOf(undefined, '— (no index)') },
    { metric: 'indexing again after a restart, nothing changed (on-disk index cache)', target: undefined, ours: o?.warmIndexMillis !== undefined ? cellOf(o.warmIndexMillis, ms(o.warmIndexMillis), ms) : none, theirs: cellOf(undefined, '— (no index)') },
    { metric: 'rename a GitRepository → dependants re-checked, p50', target: atMost(20, 'ms'), ours: o?.rename ? cellOf(o.rename.summary.p50, o.rename.note ? `not re-checked (${o.rename.rechecked}/${o.rename.dependants})` : `${ms(o.rename.summary.p50)} (${o.rename.dependants} dependants)`, ms) : none, theirs: cellOf(undefined, '— (no cross-file checks)') },
  ];
}

/** One run's figure, or over several runs the median run's with the spread; the mark judges the median. */
function merged(cells: readonly Cell[], target: Target): { value: number | undefined; text: string } {
  const valued = cells.filter((c) => c.value !== undefined && !Number.isNaN(c.value));
  if (!valued.length) return { value: undefined, text: cells[0]?.shown ?? 'n/a' };
  const sorted = [...valued].sort((a, b) => a.value! - b.value!);
  // The lower middle run for an even count, so the cell shows a figure some run really had.
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const fmt = median.fmt;
  const spread = sorted.length > 1 && fmt ? ` (${range(fmt(sorted[0].value!), fmt(sorted[sorted.length - 1].value!))})` : '';
  const mark = target ? ` ${target.ok(median.value!) ? '✓' : '✗'}` : '';
  return { value: median.value, text: `${median.shown}${mark}${spread}` };
}

/** "1.2 – 3.4 ms": the unit written once when both ends have it. */
function range(low: string, high: string): string {
  const unit = / [^\d\s,.][^ ]*$/.exec(high)?.[0];
  return `${unit && low.endsWith(unit) ? low.slice(0, -unit.length) : low} – ${high}`;
}

/** The rows of a size over its runs: each cell merged across the runs. */
function mergedRows(runs: readonly SizeResult[]): { row: Row; ours: ReturnType<typeof merged>; theirs: ReturnType<typeof merged> }[] {
  const perRun = runs.map(rows);
  return perRun[0].map((row, i) => ({
    row,
    ours: merged(perRun.map((r) => r[i].ours), row.target),
    theirs: merged(perRun.map((r) => r[i].theirs), undefined),
  }));
}

/** The targets the median (or the single run) of ours misses, as "metric: value (target)". */
export function missedTargets(runs: readonly SizeResult[]): string[] {
  return mergedRows(runs).filter((m) => m.row.target && m.ours.value !== undefined && !m.row.target.ok(m.ours.value)).map((m) => `${m.row.metric}: ${m.ours.text.replace(' ✗', '')} (target ${m.row.target!.text})`);
}

export function tableOf(runs: readonly SizeResult[]): string {
  const r = runs[0];
  const several = runs.length > 1;
  const head = `### ${r.size.toLocaleString('en-US')} manifests (${r.files.toLocaleString('en-US')} files, ${r.objects.toLocaleString('en-US')} objects)\n\n`;
  const intro = several ? `${runs.length} runs: each figure of ours is the median run's, then the spread over the runs (lowest – highest); ✓/✗ judge the median.\n\n` : '';
  const lines = ['| metric | target | ours | yaml-language-server |', '|---|---|---|---|'];
  for (const m of mergedRows(runs)) lines.push(`| ${m.row.metric} | ${m.row.target?.text ?? ''} | ${m.ours.text} | ${m.theirs.text} |`);
  const missed = missedTargets(runs);
  const verdict = `**Targets ${several ? 'the median misses' : 'missed'}**: ${missed.length ? missed.join('; ') : 'none, every target met'}.\n\n`;
  return `${head}${intro}${lines.join('\n')}\n\n${verdict}${notesOf(r, runs.flatMap((x) => x.errors))}`;
}

/** Notes of the first run (samples, slow cases), and every run's errors. */
function notesOf(r: SizeResult, errors: readonly string[]): string {
  const notes: string[] = [];
  if (r.ours) notes.push(`- ours validates: ${r.ours.verification}`);
  if (r.theirs) notes.push(`- yaml-language-server validates: ${r.theirs.verification}`);
  for (const m of [r.ours, r.theirs]) if (m) notes.push(`- ${m.server}: slowest completion cases: ${m.completion.slowest.join('; ')}`);
  for (const m of [r.ours, r.theirs]) if (m?.completion.misses.length) notes.push(`- ${m.server}: completion without the expected item: ${m.completion.misses.join('; ')}`);
  if (r.ours?.rename) notes.push(`- rename: ${r.ours.rename.rechecked}/${r.ours.rename.dependants} dependants re-published, ${r.ours.rename.changed} changed their diagnostics${r.ours.rename.note ? `; ${r.ours.rename.note}` : ''}; p95 ${ms(r.ours.rename.summary.p95)}, max ${ms(r.ours.rename.summary.max)}`);
  if (r.cli) notes.push(`- checker (--no-render): ${r.cli.files} files in ${ms(r.cli.millis)} wall, ${ms(r.cli.cpuMillis)} CPU (node start-up included), ${r.cli.diagnostics} diagnostics, exit ${r.cli.exitCode}`);
  if (r.cliRendered) notes.push(`- checker (renders): ${r.cliRendered.files} files in ${ms(r.cliRendered.millis)} wall, ${ms(r.cliRendered.cpuMillis)} CPU of the checker process (the render process's not counted), ${r.cliRendered.diagnostics} diagnostics, exit ${r.cliRendered.exitCode}`);
  for (const m of [r.ours, r.theirs]) if (m) notes.push(`- ${m.server}: ready after ${ms(m.startupMillis)}; ${m.workspace.files} files opened in one burst in ${ms(m.workspace.millis)}`);
  for (const m of [r.ours, r.theirs]) if (m?.workspace.samples.length) notes.push(`- ${m.server}: diagnostics on the generated files (role: message): ${m.workspace.samples.join('; ')}`);
  for (const e of errors) notes.push(`- ERROR: ${e}`);
  return `${notes.join('\n')}\n`;
}

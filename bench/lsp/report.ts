// The markdown tables: one per repository size, metric | target | ours | yaml-language-server.
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

function cell(value: number | undefined, shown: string, target: Target): string {
  if (!target || value === undefined || Number.isNaN(value)) return shown;
  return `${shown} ${target.ok(value) ? '✓' : '✗'}`;
}

interface Row {
  readonly metric: string;
  readonly target: Target;
  readonly ours: [number | undefined, string];
  readonly theirs: [number | undefined, string];
}

function rows(r: SizeResult): Row[] {
  const small = r.size <= 2000;
  const o = r.ours;
  const t = r.theirs;
  const pair = (f: (m: Measures) => number | undefined, fmt: (v: number | undefined) => string) => ({
    ours: [o && f(o), o ? fmt(f(o)) : 'n/a'] as [number | undefined, string],
    theirs: [t && f(t), t ? fmt(f(t)) : 'n/a'] as [number | undefined, string],
  });
  const none: [undefined, string] = [undefined, '—'];
  return [
    { metric: 'completion p50', target: undefined, ...pair((m) => m.completion.p50, ms) },
    { metric: 'completion p95', target: small ? atMost(2, 'ms') : undefined, ...pair((m) => m.completion.p95, ms) },
    { metric: 'completion max', target: small ? atMost(5, 'ms') : undefined, ...pair((m) => m.completion.max, ms) },
    { metric: 'completion answers with the expected item', target: undefined, ...pair((m) => m.completion.hits, (v) => `${v}/${o?.completion.n ?? t?.completion.n}`) },
    { metric: 'open → diagnostics p50', target: small ? atMost(20, 'ms') : undefined, ...pair((m) => m.open.p50, ms) },
    { metric: 'open → diagnostics while indexing and the background check run, p50 (one file at a time from the start)', target: small ? atMost(20, 'ms') : undefined, ours: o?.openWhileIndexing ? [o.openWhileIndexing.p50, ms(o.openWhileIndexing.p50)] : none, theirs: none },
    { metric: '… the same, max', target: undefined, ours: o?.openWhileIndexing ? [o.openWhileIndexing.max, `${ms(o.openWhileIndexing.max)} (${o.openWhileIndexing.n} opens, ${o.openWhileIndexing.beforeIndexed} before indexed)`] : none, theirs: none },
    { metric: 'edit → diagnostics p50', target: small ? atMost(40, 'ms') : undefined, ...pair((m) => m.edit.p50, ms) },
    { metric: 'edit of a kustomization.yaml / Flux Kustomization path (structural) → diagnostics p50', target: undefined, ...pair((m) => m.structuralEdit.p50, ms) },
    { metric: '… the same, max', target: undefined, ...pair((m) => m.structuralEdit.max, ms) },
    { metric: 'whole workspace, checker, fast index (`dist/cli.js check --no-render --format json`)', target: small ? atLeast(2000, 'files/s') : undefined, ours: r.cli ? [r.cli.filesPerSecond, num(r.cli.filesPerSecond, 'files/s')] : none, theirs: none },
    { metric: '… the checker per CPU-second (start-up included)', target: undefined, ours: r.cli ? [undefined, num((r.cli.files / r.cli.cpuMillis) * 1000, 'files/CPU-s')] : none, theirs: none },
    { metric: 'whole workspace, checker with every Flux Kustomization rendered (the default)', target: undefined, ours: r.cliRendered ? [r.cliRendered.filesPerSecond, `${num(r.cliRendered.filesPerSecond, 'files/s')} (${(r.cliRendered.millis / 1000).toFixed(1)} s)`] : none, theirs: none },
    { metric: 'whole workspace, server (open every file, wait for all diagnostics)', target: small ? atLeast(2000, 'files/s') : undefined, ...pair((m) => m.workspace.filesPerSecond, (v) => num(v, 'files/s')) },
    { metric: '… the same per CPU-second of the server process (less sensitive to the machine\'s load)', target: undefined, ...pair((m) => (m.workspace.files / m.workspace.cpuMillis) * 1000, (v) => num(v, 'files/CPU-s')) },
    { metric: 'diagnostics on the files opened in that burst (all valid)', target: undefined, ...pair((m) => m.workspace.diagnostics, (v) => num(v, '')) },
    { metric: 'memory (RSS) with every file open', target: atMost(small ? 120 : 300, 'MiB'), ...pair((m) => m.rssMiB, (v) => num(v, 'MiB')) },
    { metric: 'memory (RSS) when ready, nothing open', target: undefined, ...pair((m) => m.readyRssMiB, (v) => num(v, 'MiB')) },
    { metric: 'peak RSS during the run', target: undefined, ...pair((m) => m.peakRssMiB, (v) => num(v, 'MiB')) },
    { metric: 'CPU time of the server process until ready (ours: start-up + indexing)', target: undefined, ...pair((m) => m.readyCpuMillis, ms) },
    { metric: `indexing the workspace (${r.files.toLocaleString('en-US')} files)`, target: small ? undefined : atMost(2000, 'ms'), ours: o?.index ? [o.index.millis, ms(o.index.millis)] : none, theirs: [undefined, '— (no index)'] },
    { metric: 'indexing again after a restart, nothing changed (on-disk index cache)', target: undefined, ours: o?.warmIndexMillis !== undefined ? [o.warmIndexMillis, ms(o.warmIndexMillis)] : none, theirs: [undefined, '— (no index)'] },
    { metric: 'rename a GitRepository → dependants re-checked, p50', target: atMost(20, 'ms'), ours: o?.rename ? [o.rename.summary.p50, o.rename.note ? `not re-checked (${o.rename.rechecked}/${o.rename.dependants})` : `${ms(o.rename.summary.p50)} (${o.rename.dependants} dependants)`] : none, theirs: [undefined, '— (no cross-file checks)'] },
  ];
}

export function tableOf(r: SizeResult): string {
  const head = `### ${r.size.toLocaleString('en-US')} manifests (${r.files.toLocaleString('en-US')} files, ${r.objects.toLocaleString('en-US')} objects)\n\n`;
  const lines = ['| metric | target | ours | yaml-language-server |', '|---|---|---|---|'];
  for (const row of rows(r)) {
    lines.push(`| ${row.metric} | ${row.target?.text ?? ''} | ${cell(row.ours[0], row.ours[1], row.target)} | ${row.theirs[1]} |`);
  }
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
  for (const e of r.errors) notes.push(`- ERROR: ${e}`);
  return `${head}${lines.join('\n')}\n\n${notes.join('\n')}\n`;
}

// Lines up the stalls recorded by stallTrace.cjs with the slow requests of the last fuzz run's summary: totals, and
// for each of the slowest requests how much of its wait was a main-loop stall or a GC pause.
//   node --import tsx test/fuzz/stalls.ts [--top 30]
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../lsp/lspClient';

type Span = [start: number, ms: number];
const out = path.join(ROOT, '.test-output', 'fuzz');
const traceDir = process.env.FUZZ_TRACE_DIR ?? path.join(out, 'trace');
const topAt = process.argv.indexOf('--top');
const top = topAt >= 0 ? Number(process.argv[topAt + 1]) : 30;

const gc: Span[] = [];
const stalls: Span[] = [];
for (const f of readdirSync(traceDir).filter((n) => n.endsWith('.json'))) {
  const t = JSON.parse(readFileSync(path.join(traceDir, f), 'utf8')) as { gc: Span[]; stalls: Span[] };
  gc.push(...t.gc);
  stalls.push(...t.stalls);
}
const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { slowest: { ms: number; method: string; chars: number; at: number; mutations: string[] }[] };
const sum = (spans: Span[], min = 0) => Math.round(spans.filter(([, ms]) => ms > min).reduce((n, [, ms]) => n + ms, 0));
const overlap = (spans: Span[], a: number, b: number) => spans.reduce((n, [s, ms]) => n + Math.max(0, Math.min(b, s + ms) - Math.max(a, s)), 0);
console.log(`main-loop stalls over 8 ms: ${stalls.length}, ${sum(stalls)} ms in all; over 20 ms: ${stalls.filter(([, ms]) => ms > 20).length}; over 50 ms: ${stalls.filter(([, ms]) => ms > 50).length}`);
console.log(`GC pauses over 5 ms: ${gc.filter(([, ms]) => ms > 5).length}; all GC pauses: ${sum(gc)} ms`);
for (const r of summary.slowest.slice(0, top)) {
  const inStalls = overlap(stalls, r.at, r.at + r.ms);
  const inGc = overlap(gc, r.at, r.at + r.ms);
  console.log(`${r.ms.toFixed(1).padStart(7)} ms ${r.method.padEnd(36)} ${String(r.chars).padStart(8)} chars  stalled ${inStalls.toFixed(0).padStart(4)} ms, GC ${inGc.toFixed(0).padStart(3)} ms  ${r.mutations.join('+')}`);
}

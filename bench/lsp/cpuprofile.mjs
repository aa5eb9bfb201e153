#!/usr/bin/env node
// Summarises a V8 .cpuprofile written by `node --cpu-prof` (e.g. `bench/lsp/bench.ts --cpu-prof DIR`):
// the functions with the most self time and the most inclusive time, mapped back to the TypeScript sources
// through the bundle's source map when there is one.
//   node bench/lsp/cpuprofile.mjs FILE.cpuprofile [--top 25] [--under FUNCTION]
// --under keeps only the samples whose stack passes through a function of that name (e.g. indexWorkspace).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
const option = (name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const top = Number(option('--top')) || 25;
const under = option('--under');
if (!file) {
  console.error('usage: node bench/lsp/cpuprofile.mjs FILE.cpuprofile [--top 25]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));

const maps = new Map();
function sourceMapOf(url) {
  if (maps.has(url)) return maps.get(url);
  let map;
  try {
    const p = url.startsWith('file:') ? fileURLToPath(url) : url;
    // A map older than its bundle belongs to an earlier build (a production build writes none): skip it.
    if (p && existsSync(`${p}.map`) && statSync(`${p}.map`).mtimeMs >= statSync(p).mtimeMs) map = { map: new SourceMap(JSON.parse(readFileSync(`${p}.map`, 'utf8'))), dir: path.dirname(p) };
  } catch {
    map = undefined;
  }
  maps.set(url, map);
  return map;
}

/** "function (src/file.ts:line)" for a call frame, through the source map when possible. */
function label(frame) {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const m = sourceMapOf(frame.url);
  const entry = m?.map.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry?.originalSource) {
    // Sources are relative to where the bundle was built; name them from their first well-known folder.
    const raw = entry.originalSource.replace(/^file:\/\//, '');
    const known = /(?:^|\/)((?:server|client|node_modules)\/.*)$/.exec(raw);
    const src = known ? known[1] : path.relative(process.cwd(), path.resolve(m.dir, raw));
    return `${name} (${src}:${entry.originalLine + 1})`;
  }
  return `${name} (${path.basename(frame.url)}:${frame.lineNumber + 1})`;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
function stackHas(id, name) {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === name) return true;
  return false;
}
const self = new Map();
const inclusive = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  if (under && !stackHas(id, under)) return;
  total += dt;
  const leaf = label(byId.get(id).callFrame);
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur).callFrame);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
});

const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [l, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${l}`);
};
console.log(`${path.basename(file)}: ${total.toFixed(0)} ms sampled${under ? ` under ${under}` : ''}`);
show('Self time', self);
show('Inclusive time', new Map([...inclusive].filter(([l]) => !/^\((root|program|idle|garbage collector)\)/.test(l))));

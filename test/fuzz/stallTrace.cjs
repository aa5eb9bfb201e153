// A server wrapper for the fuzz tier (`FUZZ_SERVER=test/fuzz/stallTrace.cjs npm run fuzz -- --server-only ...`): runs
// dist/server.js (or $FUZZ_TRACE_DIST/server.js) and records, per server process, every main-loop stall over 8 ms (a
// 1 ms timer that fired late), V8's GC pauses and, with FUZZ_TRACE_PROFILE=1, a sampling CPU profile. Files go to
// $FUZZ_TRACE_DIR (default .test-output/fuzz/trace): <pid>.json and <pid>.cpuprofile. `node --import tsx
// test/fuzz/stalls.ts` lines them up with the slow requests of the last run's summary.
const { PerformanceObserver, performance } = require('node:perf_hooks');
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..', '..');
const dir = process.env.FUZZ_TRACE_DIR || path.join(root, '.test-output', 'fuzz', 'trace');
fs.mkdirSync(dir, { recursive: true });
const base = path.join(dir, String(process.pid));
const t0 = performance.timeOrigin;
const gc = [];
const stalls = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc.push([Math.round(t0 + e.startTime), Number(e.duration.toFixed(1))]);
}).observe({ entryTypes: ['gc'] });
let last = performance.now();
const tick = () => {
  const now = performance.now();
  if (now - last > 8) stalls.push([Math.round(t0 + last), Number((now - last).toFixed(1))]);
  last = now;
  setTimeout(tick, 1).unref();
};
setTimeout(tick, 1).unref();
let session;
const profileStart = Date.now();
if (process.env.FUZZ_TRACE_PROFILE) {
  session = new (require('node:inspector').Session)();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
}
let saved = false;
const save = (final) => {
  if (saved) return;
  saved = final;
  fs.writeFileSync(`${base}.json`, JSON.stringify({ gc, stalls }));
  if (final && session) {
    session.post('Profiler.stop', (err, r) => {
      if (!err) fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify({ ...r.profile, wallStart: profileStart }));
    });
  }
};
setInterval(() => save(false), 2000).unref();
process.on('exit', () => save(true));
process.on('SIGTERM', () => process.exit(0));
process.argv.splice(1, 1, path.join(process.env.FUZZ_TRACE_DIST || path.join(root, 'dist'), 'server.js'));
require(process.argv[1]);

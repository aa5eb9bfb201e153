// Preloaded into the checker by the benchmark (`node --require bench/lsp/cpuTime.cjs dist/cli.js ...`):
// on exit, writes the process's CPU time (user + system, ms) to the file named by BENCH_CPU_FILE.
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_CPU_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    writeFileSync(target, String((u.user + u.system) / 1000));
  });
}

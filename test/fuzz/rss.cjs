// Runs a Node script (the checker) and writes its peak resident memory in KiB to $FUZZ_RSS_FILE when it exits:
//   node rss.cjs dist/cli.js check DIR ...
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.FUZZ_RSS_FILE) fs.writeFileSync(process.env.FUZZ_RSS_FILE, String(process.resourceUsage().maxRSS));
});
process.argv.splice(1, 1);
require(require('node:path').resolve(process.argv[1]));

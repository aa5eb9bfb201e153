// Where our server's memory goes over a session, on a generated repository: RSS when ready, once the
// background check is done, with every file open, and a few seconds later.
//   node --import tsx bench/lsp/readyMemory.ts [files=2000] [dist=dist] [node args...]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileUri, LspClient } from './client';
import { generateRepo } from './generate';
import { oursSpec, ROOT } from './servers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const dist = path.resolve(ROOT, process.argv[3] ?? 'dist');
  const root = mkdtempSync(path.join(tmpdir(), 'flux-gitops-ready-'));
  const rss = (client: LspClient, label: string) => console.log(`${label.padEnd(34)} RSS ${client.rssMiB('VmRSS').toFixed(0)} MiB (peak ${client.rssMiB('VmHWM').toFixed(0)})`);
  try {
    const repo = generateRepo(root, count);
    const client = await LspClient.start(oursSpec({ dist, nodeArgs: process.argv.slice(4) }), root);
    console.log((await client.waitForLog(/Indexed \d+ YAML files/, 60000)).trim());
    rss(client, 'ready');
    await sleep(3000);
    rss(client, 'ready + 3 s (background check)');
    console.log(client.logs.filter((l) => /in the background/.test(l)).join('\n').trim() || 'background check not finished');
    const uris = repo.files.map((f) => fileUri(path.join(root, f.rel)));
    await Promise.all(uris.map((uri, i) => {
      const wait = client.nextDiagnostics(uri, 1, 120000);
      client.open(uri, readFileSync(path.join(root, repo.files[i].rel), 'utf8'));
      return wait;
    }));
    rss(client, 'every file open');
    await sleep(3000);
    rss(client, 'every file open + 3 s');
    await client.stop();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
void main();

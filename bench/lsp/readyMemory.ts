// RSS of our server when ready, on a generated repository (experiment helper).
//   node --import tsx bench/lsp/readyMemory.ts [files=2000] [dist=dist] [node args...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient } from './client';
import { generateRepo } from './generate';
import { oursSpec, ROOT } from './servers';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const dist = path.resolve(ROOT, process.argv[3] ?? 'dist');
  const root = mkdtempSync(path.join(tmpdir(), 'flux-gitops-ready-'));
  try {
    generateRepo(root, count);
    const client = await LspClient.start(oursSpec({ dist, nodeArgs: process.argv.slice(4) }), root);
    const line = await client.waitForLog(/Indexed \d+ YAML files/, 60000);
    await new Promise((r) => setTimeout(r, 1500));
    console.log(`${line.trim()}\nready RSS ${client.rssMiB('VmRSS').toFixed(0)} MiB, peak ${client.rssMiB('VmHWM').toFixed(0)} MiB`);
    await client.stop();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
void main();

// Targeted timing of the workspace indexing steps (no LSP), to locate where indexing time goes:
//   node --expose-gc --import tsx bench/lsp/indexTiming.ts [files=10000]
// Prints the time of listing, reading (sequential async, synchronous, 32 in flight), parsing, index updates,
// the whole indexWorkspace, and the heap that a parse of every file retains.
import { readFileSync, promises as fs, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLanguageService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';
import { parseFile, type ParsedFile } from '../../server/src/core/yaml/parse';
import { diskHost } from '../../server/src/node/diskHost';
import { loadRegistry, schemaDirs } from '../../server/src/node/schemas';
import { generateRepo } from './generate';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
  return r;
}

async function pool<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

const heapMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000);
  const root = mkdtempSync(path.join(tmpdir(), 'flux-gitops-index-'));
  try {
    generateRepo(root, count);
    const host = diskHost([root], () => []);
    const uris = await timed(`list ${count} files`, () => host.listYamlFiles());
    const paths = uris.map((u) => fileURLToPath(u));
    await timed('read: sequential await fs.promises.readFile', async () => {
      for (const p of paths) await fs.readFile(p, 'utf8');
    });
    await timed('read: readFileSync', () => paths.map((p) => readFileSync(p, 'utf8')));
    const texts = await timed('read: fs.promises.readFile, 32 in flight', () => pool(paths, 32, (p) => fs.readFile(p, 'utf8')));
    const before = heapMiB();
    const parsed: ParsedFile[] = await timed('parseFile (full yaml Documents)', () => uris.map((u, i) => parseFile(u, 0, texts[i])));
    console.log(`${'heap retained by every file parsed'.padEnd(44)} ${(heapMiB() - before).toFixed(0).padStart(7)} MiB (${(((heapMiB() - before) * 1024) / count).toFixed(1)} KiB per file)`);
    const index = new WorkspaceIndex();
    await timed('WorkspaceIndex.update of every parse', () => parsed.forEach((f) => index.update(f)));
    parsed.length = 0;
    const registry = loadRegistry(DEFAULT_SETTINGS.profile, schemaDirs());
    const service = createLanguageService({ registry, host, logger: silent, settings: DEFAULT_SETTINGS });
    const summary = await timed('service.indexWorkspace (what the server logs)', () => service.indexWorkspace());
    console.log(`indexed ${summary.files} files, ${summary.objects} objects, reported ${summary.millis} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();

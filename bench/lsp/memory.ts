// Where the language service's memory goes, in process (no LSP): heap and RSS after loading the schemas,
// after indexing, and after opening and diagnosing every file.
//   node --expose-gc --import tsx bench/lsp/memory.ts [files=2000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLanguageService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { diskHost } from '../../server/src/node/diskHost';
import { loadRegistry, schemaDirs } from '../../server/src/node/schemas';
import { generateRepo } from './generate';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function report(label: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mib = (n: number) => (n / 1048576).toFixed(0).padStart(5);
  console.log(`${label.padEnd(40)} heap ${mib(m.heapUsed)} MiB  external ${mib(m.external + m.arrayBuffers)} MiB  rss ${mib(m.rss)} MiB`);
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const root = mkdtempSync(path.join(tmpdir(), 'flux-gitops-mem-'));
  try {
    const repo = generateRepo(root, count);
    report('start');
    const registry = loadRegistry(DEFAULT_SETTINGS.profile, schemaDirs());
    report('schemas loaded');
    const service = createLanguageService({ registry, host: diskHost([root], () => []), logger: silent, settings: DEFAULT_SETTINGS });
    await service.indexWorkspace();
    report(`indexed ${count} files`);
    for (const f of repo.files) {
      const abs = path.join(root, f.rel);
      const uri = pathToFileURL(abs).toString();
      service.open(uri, 1, readFileSync(abs, 'utf8'));
      service.diagnostics(uri);
    }
    report(`every file open and diagnosed`);
    // Keeps the service alive up to here, so the collector cannot take it before the last report.
    console.log(`${service.openUris().length} files open, ${service.index.size} objects indexed`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();

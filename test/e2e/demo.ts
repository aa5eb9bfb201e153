// npm run demo — the e2e set-up for a person: code-server with the packaged extension on a copy of
// examples/catalyst, connected to the testbed when it is up, on http://127.0.0.1:<port>/ (FLUX_GITOPS_DEMO_PORT,
// default 8765). Stops, and removes its temp folder, on Ctrl+C.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterMissing, clusterSettings } from './clusterFacts';
import { freePort } from './harness/codeServer';
import { missingEditorTools, OUTPUT_DIR } from './harness/prereq';
import { startEditor } from './harness/session';

async function port(): Promise<number> {
  const wanted = Number(process.env.FLUX_GITOPS_DEMO_PORT ?? '8765');
  return Number.isInteger(wanted) && wanted > 0 ? wanted : freePort();
}

async function main(): Promise<void> {
  const missing = missingEditorTools();
  if (missing.length) throw new Error(missing.join('; '));
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'flux-gitops-demo-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const cluster = clusterMissing();
    console.log('[demo] packaging the extension…');
    const editor = await startEditor(root, { name: 'demo', port: await port(), settings: cluster.length ? {} : clusterSettings() }, cleanups);
    editor.process.once('exit', (code) => {
      if (stopping) return;
      console.error(`[demo] code-server exited (${code}); see ${join(OUTPUT_DIR, 'demo.code-server.log')}`);
      void stop(1);
    });
    console.log(`[demo] workspace (a temp copy of examples/catalyst, removed on Ctrl+C): ${editor.workspace}`);
    console.log(cluster.length ? `[demo] no cluster: ${cluster[0]}` : '[demo] cluster tree connected to the testbed kubeconfig');
    console.log(`[demo] open ${editor.folderUrl}`);
    console.log('[demo] listening on 127.0.0.1 only; press Ctrl+C to stop');
  } catch (err) {
    console.error(`[demo] ${(err as Error).message}`);
    await stop(1);
  }
}

void main();

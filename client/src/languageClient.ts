// Starts the bundled language server for YAML files and restarts it on demand.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/launch';
import { StatusNotification, type InitializationOptions } from '../../server/src/shared/protocol';
import type { Ctx } from './ctx';

const RESTART_SETTINGS = ['fluxGitops.profile'];

export interface ServerHandle {
  client(): LanguageClient | undefined;
  /** Stops the server, runs `between` (if given), and starts it again. */
  restart(between?: () => Promise<void>): Promise<void>;
  /** Hears each start of the server (the first and every restart), to send it what it does not keep. */
  onStarted(listener: () => void): void;
}

/** The client library adds these to the extension host's environment. */
const serverEnv = () => ({ ...SERVER_ENV });

export function startLanguageServer(ctx: Ctx): ServerHandle {
  let client: LanguageClient | undefined;
  const serverModule = ctx.extension.asAbsolutePath(path.join('dist', 'server.js'));
  const create = () => {
    // stdio, not Node IPC: the server parses a large message's JSON in a worker thread (server/src/node/wire.ts),
    // where Node IPC would parse every message on the loop that answers completion.
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV], env: serverEnv() } },
      debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'], env: serverEnv() } },
    };
    const profile = vscode.workspace.getConfiguration('fluxGitops').get<string>('profile');
    // The index is kept in the extension's storage for this workspace (none when no folder is open).
    const cacheDir = ctx.extension.storageUri?.fsPath;
    // The kind snippets come from the server, which offers them only where a document can start.
    // Charts fetched for HelmRelease values are shared by every workspace (the extension's global storage).
    const chartCacheDir = path.join(ctx.extension.globalStorageUri.fsPath, 'charts');
    // The explorer answers the server's requests for a release's chart from the cluster (explorer/clusterChart.ts).
    const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, profile, cacheDir, chartCacheDir, clusterCharts: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
      synchronize: {
        configurationSection: 'fluxGitops',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
      },
      initializationOptions,
      outputChannel: ctx.log,
    };
    const c = new LanguageClient('fluxGitops', 'Flux GitOps Language Server', serverOptions, clientOptions);
    c.onNotification(StatusNotification.method, (p: StatusNotification.Params) => {
      ctx.log.info(`Language server ready: profile ${p.profile}, ${p.files} files, ${p.objects} objects indexed in ${p.millis} ms.`);
    });
    return c;
  };
  const started = new Set<() => void>();
  const start = async () => {
    client = create();
    try {
      await client.start();
      for (const l of started) l();
    } catch (err) {
      ctx.error('The Flux GitOps language server failed to start', err);
      void vscode.window.showErrorMessage(`Flux GitOps: the language server failed to start (${(err as Error).message}). See the Flux GitOps output.`);
    }
  };
  void start();
  ctx.push({ dispose: () => void client?.stop() });
  // Settings that the server reads only at start: changing them restarts it.
  ctx.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) void handle.restart();
  }));
  // Trusting the workspace lets the server read the workspace configuration file.
  ctx.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void handle.restart()));
  const handle: ServerHandle = {
    client: () => client,
    onStarted: (listener) => void started.add(listener),
    restart: async (between) => {
      ctx.log.info('Restarting the language server.');
      await client?.stop().catch((err: unknown) => ctx.error('Stopping the language server failed', err));
      await between?.();
      await start();
    },
  };
  return handle;
}

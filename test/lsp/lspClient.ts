// A small LSP client over stdio for driving the bundled server in tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/launch';

export interface LspSession {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly logs: string[];
  /** Every URI the server published diagnostics for, in the order of their first publication. */
  readonly published: Set<string>;
  /** The latest diagnostics published per URI. */
  readonly latest: ReadonlyMap<string, Diagnostic[]>;
  /** Resolves with the first log line matching `re` (the server logs what it loaded and indexed). */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]>;
  /** Resolves with the diagnostics of `uri` once the latest publication satisfies `ok` (already, or later). */
  diagnosticsWhen(uri: string, ok: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** What the client answers to workspace/configuration for the `fluxGitops` section; change it, then notify. */
  settings: Record<string, unknown>;
  configurationChanged(): void;
  /** Resolves once the notification is written (a multi-megabyte text takes a while to encode and send). */
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, text: string, version: number): Promise<void>;
  stop(): Promise<void>;
}

export const ROOT = path.resolve(__dirname, '../..');

/** A file's URI as VS Code sends it (`+`, `@`, spaces, non-ASCII percent-encoded), not as Node's URL spells it. */
export function fileUri(p: string): string {
  return URI.file(p).toString();
}

export async function startServer(workspace: string, options: { serverPath?: string; initializationOptions?: object; settings?: Record<string, unknown> } = {}): Promise<LspSession> {
  const serverPath = options.serverPath ?? path.join(ROOT, 'dist/server.js');
  // Started the way the extension starts it.
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_ENV } });
  const settings: Record<string, unknown> = options.settings ?? {};
  const latest = new Map<string, Diagnostic[]>();
  const conditions: { uri: string; ok: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const logs: string[] = [];
  const published = new Set<string>();
  child.stderr!.on('data', (d) => logs.push(String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version?: number; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    published.add(p.uri);
    for (let i = 0; i < conditions.length; i++) {
      if (conditions[i].uri === p.uri && conditions[i].ok(p.diagnostics)) conditions.splice(i--, 1)[0].resolve(p.diagnostics);
    }
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i];
      if (w.uri === p.uri && (w.version === undefined || w.version === p.version)) {
        waiters.splice(i--, 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  const logWaiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    for (let i = 0; i < logWaiters.length; i++) {
      if (logWaiters[i].re.test(p.message)) logWaiters.splice(i--, 1)[0].resolve(p.message);
    }
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'fluxGitops' ? settings : {})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const folder = fileUri(workspace);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: path.basename(workspace) }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: options.initializationOptions ?? {},
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    logs,
    published,
    latest,
    waitForLog: (re, timeoutMs = 15000) => {
      const hit = logs.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matching ${re} within ${timeoutMs} ms; logs:\n${logs.join('\n')}`)), timeoutMs);
        logWaiters.push({ re, resolve: (line) => { clearTimeout(timer); resolve(line); } });
      });
    },
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    diagnosticsWhen: (uri, ok, timeoutMs = 15000) => {
      const now = latest.get(uri);
      if (now && ok(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`diagnostics of ${uri} did not come as expected within ${timeoutMs} ms; latest: ${JSON.stringify(latest.get(uri))}`)), timeoutMs);
        conditions.push({ uri, ok, resolve: (d) => { clearTimeout(timer); resolve(d); } });
      });
    },
    settings,
    configurationChanged: () => void connection.sendNotification('workspace/didChangeConfiguration', { settings: null }),
    open: (uri, text, version = 1) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } }),
    change: (uri, text, version) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] }),
    stop: async () => {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}


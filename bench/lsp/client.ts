// A generic LSP client over stdio that can drive either server: it answers workspace/configuration with the
// settings it is given, records every publishDiagnostics with the time it arrived, and lets the workload
// wait (with a timeout) for the next diagnostics of a document.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface ServerSpec {
  readonly name: string;
  readonly argv: string[];
  /** Variables added to the environment the server starts in. */
  readonly env?: Readonly<Record<string, string>>;
  readonly initializationOptions?: object;
  /** The settings answered to workspace/configuration, per requested section. */
  readonly configuration: (section: string | undefined) => unknown;
  /** Whether the server sends the document version with its diagnostics. */
  readonly versionedDiagnostics: boolean;
}

export interface Published {
  readonly version?: number;
  readonly diagnostics: Diagnostic[];
  readonly at: number;
}

interface Waiter {
  readonly uri: string;
  readonly version?: number;
  readonly resolve: (p: Published) => void;
}

export class LspClient {
  readonly logs: string[] = [];
  /** When each log line arrived (performance.now()), for timelines. */
  readonly logTimes: number[] = [];
  configurationRequests = 0;
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly logWaiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  private readonly latest = new Map<string, Published>();

  private constructor(readonly spec: ServerSpec, readonly process: ChildProcess, readonly connection: ProtocolConnection) {}

  static async start(spec: ServerSpec, workspace: string): Promise<LspClient> {
    const child = spawn(process.execPath, spec.argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(spec, child, connection);
    child.stderr!.on('data', (d) => client.log(String(d)));
    client.listen();
    const folder = fileUri(workspace);
    await withTimeout(connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(workspace) }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: spec.initializationOptions ?? {},
    }), 60000, `${spec.name}: initialize`);
    await connection.sendNotification('initialized', {});
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.published(p));
    c.onNotification('window/logMessage', (p: { message: string }) => this.log(p.message));
    c.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((i) => this.spec.configuration(i.section));
    });
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.listen();
  }

  private log(message: string): void {
    this.logs.push(message);
    this.logTimes.push(performance.now());
    for (let i = 0; i < this.logWaiters.length; i++) {
      if (this.logWaiters[i].re.test(message)) this.logWaiters.splice(i--, 1)[0].resolve(message);
    }
  }

  private published(p: PublishDiagnosticsParams): void {
    const entry: Published = { version: p.version, diagnostics: p.diagnostics, at: performance.now() };
    this.latest.set(p.uri, entry);
    const list = this.waiters.get(p.uri);
    if (!list) return;
    const rest = list.filter((w) => {
      const match = !this.spec.versionedDiagnostics || w.version === undefined || w.version === p.version;
      if (match) w.resolve(entry);
      return !match;
    });
    if (rest.length) this.waiters.set(p.uri, rest);
    else this.waiters.delete(p.uri);
  }

  /** Resolves with the next diagnostics of `uri` (of `version` when the server sends versions). Register before acting. */
  nextDiagnostics(uri: string, version: number | undefined, timeoutMs: number): Promise<Published> {
    const p = new Promise<Published>((resolve) => {
      const list = this.waiters.get(uri) ?? [];
      list.push({ uri, version, resolve });
      this.waiters.set(uri, list);
    });
    return withTimeout(p, timeoutMs, `${this.spec.name}: diagnostics of ${uri}${version !== undefined ? ` v${version}` : ''}`);
  }

  lastDiagnostics(uri: string): Published | undefined {
    return this.latest.get(uri);
  }

  waitForLog(re: RegExp, timeoutMs: number): Promise<string> {
    const hit = this.logs.find((l) => re.test(l));
    if (hit) return Promise.resolve(hit);
    return withTimeout(new Promise<string>((resolve) => this.logWaiters.push({ re, resolve })), timeoutMs, `${this.spec.name}: log ${re}`);
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  configurationChanged(): void {
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async completion(uri: string, line: number, character: number): Promise<{ labels: string[]; millis: number }> {
    const t0 = performance.now();
    const result = await withTimeout(this.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } }), 30000, `${this.spec.name}: completion`);
    const millis = performance.now() - t0;
    const items = (Array.isArray(result) ? result : (result as { items?: unknown[] } | null)?.items ?? []) as { label: string }[];
    return { labels: items.map((i) => i.label), millis };
  }

  /** Resident set size of the server process in MiB, from /proc/<pid>/status. */
  rssMiB(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  }

  /** CPU time (user + system) the server process has used so far, in ms, from /proc/<pid>/stat (100 ticks/s). */
  cpuMillis(): number {
    const stat = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => (this.process.exitCode !== null ? r(null) : this.process.once('exit', r)));
    await withTimeout(this.connection.sendRequest('shutdown'), 10000, 'shutdown').catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    await withTimeout(exited, 10000, 'exit').catch(() => this.process.kill('SIGKILL'));
    this.connection.dispose();
  }
}

const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

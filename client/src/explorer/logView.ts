// The "Flux GitOps Logs" output channel: compact log lines (or raw JSON, `fluxGitops.logs.raw`, switched by
// Toggle Raw Log Lines, which redraws what is shown), and while logs follow, a status bar item that says whose
// and stops them on a click.
import * as vscode from 'vscode';
import type { StreamHandle } from '../cluster/http';
import { LogLineFormatter, type LogLineOptions } from '../cluster/logLines';
import type { LogEntry } from '../cluster/logs';

/** Entries kept for a redraw; older ones drop out (the channel itself keeps what it was given). */
const KEEP = 10_000;

interface Shown {
  readonly header: string;
  readonly options: Omit<LogLineOptions, 'raw'>;
  readonly entries: LogEntry[];
}

function rawSetting(): boolean {
  return vscode.workspace.getConfiguration('fluxGitops').get<boolean>('logs.raw', false) === true;
}

export class LogView implements vscode.Disposable {
  private channelValue: vscode.OutputChannel | undefined;
  private readonly status: vscode.StatusBarItem;
  private streams: StreamHandle[] = [];
  private shown: Shown | undefined;
  private formatter = new LogLineFormatter();
  private readonly sub: vscode.Disposable;

  constructor() {
    this.status = vscode.window.createStatusBarItem('fluxGitops.logs', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'Flux GitOps: following logs';
    this.status.command = 'fluxGitops.stopFollowingLogs';
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('fluxGitops.logs.raw') && this.redraw());
  }

  private channel(): vscode.OutputChannel {
    this.channelValue ??= vscode.window.createOutputChannel('Flux GitOps Logs');
    return this.channelValue;
  }

  /** Stops what was shown before, clears the channel and writes the header of a new log. */
  begin(header: string, options: Omit<LogLineOptions, 'raw'>): void {
    this.stop(false);
    this.shown = { header, options, entries: [] };
    this.redraw();
    this.channel().show(true);
  }

  append(entry: LogEntry): void {
    if (!this.shown) return;
    this.shown.entries.push(entry);
    if (this.shown.entries.length > KEEP) this.shown.entries.splice(0, this.shown.entries.length - KEEP);
    for (const line of this.formatter.format(entry)) this.channel().appendLine(line);
  }

  /** Whose logs stream now; when they follow, the status bar says so until they end or the user stops them. */
  following(streams: StreamHandle[], follow: boolean, what: string): void {
    this.streams = streams;
    if (!follow) return;
    this.status.text = `$(debug-stop) Following logs: ${what}`;
    this.status.tooltip = `Following the controller logs of ${what}. Click to stop.`;
    this.status.show();
    void Promise.all(streams.map((s) => s.done)).then(() => {
      if (this.streams !== streams) return;
      this.status.hide();
      this.channel().appendLine('# The log stream ended.');
    });
  }

  /** Ends the streams; `say` writes a line that following stopped. */
  stop(say = true): void {
    const streams = this.streams;
    this.streams = [];
    for (const h of streams) h.abort();
    this.status.hide();
    if (say && streams.length > 0) this.channel().appendLine('# Stopped following.');
  }

  async toggleRaw(): Promise<void> {
    await vscode.workspace.getConfiguration('fluxGitops').update('logs.raw', !rawSetting(), vscode.ConfigurationTarget.Global);
  }

  /** Writes the header and every kept entry again, in the format the setting asks for now. */
  private redraw(): void {
    if (!this.shown) return;
    const raw = rawSetting();
    this.formatter = new LogLineFormatter({ ...this.shown.options, raw });
    const lines = [this.shown.header, `# ${raw ? 'As the controller wrote them' : 'Compact lines'}; Flux GitOps: Toggle Raw Log Lines shows them ${raw ? 'compact' : 'as JSON'}.`];
    for (const e of this.shown.entries) lines.push(...this.formatter.format(e));
    this.channel().replace(`${lines.join('\n')}\n`);
  }

  dispose(): void {
    this.stop(false);
    this.sub.dispose();
    this.status.dispose();
    this.channelValue?.dispose();
  }
}

// The extension's context: owns the disposables and the one log channel of the client side.
import * as vscode from 'vscode';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Flux GitOps', { log: true });
    this.push(this.log);
  }

  push<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** Logs an error and reveals the channel, so a failure is never silent. */
  error(message: string, err?: unknown): void {
    this.log.error(err instanceof Error ? `${message}: ${err.stack ?? err.message}` : err ? `${message}: ${String(err)}` : message);
    this.log.show(true);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // Disposing must go on for the others.
      }
    }
  }
}

// What the service knows of each file besides its index entry: the hash of the text it was indexed from, its
// local diagnostics (cached by text hash under the current settings key) and its stamp on disk (for the
// on-disk index cache).
import type { Diagnostic } from 'vscode-languageserver-types';
import { localKey, type LocalResult } from './features/local';
import type { SchemaRegistry } from './schema/registry';
import type { Settings } from './settings';

export class FileStates {
  /** The hash of the text each file was indexed from. */
  readonly indexed = new Map<string, number>();
  /** Size and modification time each file had when it was indexed from disk. */
  readonly stamps = new Map<string, string>();
  private readonly local = new Map<string, LocalResult>();
  private currentKey: string;

  constructor(private readonly registry: SchemaRegistry, settings: Settings) {
    this.currentKey = localKey(registry.profile, settings.platform);
  }

  get key(): string {
    return this.currentKey;
  }

  settingsChanged(settings: Settings): void {
    this.currentKey = localKey(this.registry.profile, settings.platform);
  }

  /** The cached local diagnostics of a text, if they were computed under the current settings. */
  localOf(uri: string, hash: number): LocalResult | undefined {
    const cached = this.local.get(uri);
    return cached && cached.hash === hash && cached.key === this.currentKey ? cached : undefined;
  }

  setLocal(uri: string, hash: number, diagnostics: readonly Diagnostic[], suppressions?: boolean, key = this.currentKey): void {
    if (key === this.currentKey) this.local.set(uri, { hash, key, diagnostics, suppressions });
  }

  forget(uri: string): void {
    this.indexed.delete(uri);
    this.stamps.delete(uri);
    this.local.delete(uri);
  }
}

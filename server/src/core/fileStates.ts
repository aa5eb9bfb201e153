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
  /** Keys of the other profiles some files are checked with (their cluster's), under the current settings. */
  private readonly profileKeys = new Map<string, string>();
  private settings: Settings;

  constructor(private readonly registry: SchemaRegistry, settings: Settings) {
    this.settings = settings;
    this.currentKey = localKey(registry.profile, settings.platform);
  }

  /** The key of local diagnostics computed with a profile under the current settings. */
  keyFor(profile: string): string {
    if (profile === this.registry.profile) return this.currentKey;
    let key = this.profileKeys.get(profile);
    if (!key) this.profileKeys.set(profile, (key = localKey(profile, this.settings.platform)));
    return key;
  }

  get key(): string {
    return this.currentKey;
  }

  settingsChanged(settings: Settings): void {
    this.settings = settings;
    this.profileKeys.clear();
    this.currentKey = localKey(this.registry.profile, settings.platform);
  }

  /** The cached local diagnostics of a text, if they were computed under the current settings (and that profile). */
  localOf(uri: string, hash: number, key = this.currentKey): LocalResult | undefined {
    const cached = this.local.get(uri);
    return cached && cached.hash === hash && cached.key === key ? cached : undefined;
  }

  setLocal(uri: string, hash: number, diagnostics: readonly Diagnostic[], suppressions?: boolean, key = this.currentKey): void {
    if (key === this.currentKey || [...this.profileKeys.values()].includes(key)) this.local.set(uri, { hash, key, diagnostics, suppressions });
  }

  forget(uri: string): void {
    this.indexed.delete(uri);
    this.stamps.delete(uri);
    this.local.delete(uri);
  }
}

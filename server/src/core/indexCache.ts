// The index on disk: what each file yielded (its index entry and local diagnostics) keyed by the file's stamp
// (size and modification time), so that a restart scans only the files that changed. The store decides where
// it lives and when a cache is no longer valid (another build of the server).
import type { Diagnostic } from 'vscode-languageserver-types';
import type { PackedEntry } from './workspace/transfer';

export interface CachedFile {
  readonly stamp: string;
  readonly hash: number;
  readonly entry: PackedEntry;
  /** Local diagnostics and the settings key they were computed under. */
  readonly key?: string;
  readonly local?: readonly Diagnostic[];
  readonly suppressions?: boolean;
}

export type CachedFiles = Readonly<Record<string, CachedFile>>;

export interface IndexCacheStore {
  /** The cached files, or undefined when there is no valid cache. Never throws. */
  load(): CachedFiles | undefined;
  /** Replaces the cache. Never throws. */
  save(files: CachedFiles): void;
}

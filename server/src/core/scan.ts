// Scanning many files: what one file yields (its index entry, its local diagnostics, or both) and the queue
// of chunks that the worker threads and the main thread take files from, so that all of them finish together.
import type { Diagnostic } from 'vscode-languageserver-types';
import { localDiagnostics } from './features/local';
import type { SchemaRegistry } from './schema/registry';
import type { PlatformSettings } from './settings';
import { textHash } from './text';
import { entryOf, type FileEntry } from './workspace/index';
import { parseFile } from './yaml/parse';

/** What a scan is asked for: index entries, local diagnostics, or both. */
export interface ScanJob {
  readonly maxBytes: number;
  readonly index: boolean;
  readonly check?: { readonly profile: string; readonly platform: PlatformSettings };
}

export interface ScanItem {
  readonly uri: string;
  readonly hash: number;
  readonly entry?: FileEntry;
  readonly local?: readonly Diagnostic[];
}

/** Parses a text once and takes from it what the job asks for. */
export function scanText(uri: string, text: string, job: ScanJob, registry: SchemaRegistry | undefined): ScanItem {
  const file = parseFile(uri, 0, text, { maxBytes: job.maxBytes });
  return {
    uri,
    hash: textHash(text),
    entry: job.index ? entryOf(file) : undefined,
    local: registry && job.check ? localDiagnostics(registry, job.check.platform, file) : undefined,
  };
}

/** Files per chunk: small enough that the threads finish together, large enough to keep messages few. */
const CHUNK = 64;

export class ChunkQueue {
  private next = 0;

  constructor(private readonly uris: readonly string[], private readonly size = CHUNK) {}

  take(): readonly string[] | undefined {
    if (this.next >= this.uris.length) return undefined;
    const chunk = this.uris.slice(this.next, this.next + this.size);
    this.next += chunk.length;
    return chunk;
  }

  get length(): number {
    return this.uris.length;
  }
}

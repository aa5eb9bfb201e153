// Scanning many files: what one file yields (its index entry, its local diagnostics, or both) and the queue
// of chunks that the worker threads and the main thread take files from, so that all of them finish together.
import type { Diagnostic } from 'vscode-languageserver-types';
import { localDiagnostics } from './features/local';
import { hasSuppressions } from './suppress';
import type { SchemaRegistry } from './schema/registry';
import type { PlatformSettings } from './settings';
import { textHash } from './text';
import { entryOf, type FileEntry } from './workspace/index';
import { parseFile } from './yaml/parse';

/** What a scan is asked for: index entries, local diagnostics, or both. */
export type { JobCrds } from './schema/workspaceCrds';
import type { JobCrds } from './schema/workspaceCrds';

export interface ScanJob {
  readonly maxBytes: number;
  readonly index: boolean;
  /**
   * `crds`: the workspace CRD schemas a `+crds:` profile needs for the files of this job (a worker knows only the
   * pinned profiles); a worker keeps those of the profile's CRD set once sent.
   */
  readonly check?: { readonly profile: string; readonly platform: PlatformSettings; readonly crds?: JobCrds };
}

export interface ScanItem {
  readonly uri: string;
  readonly hash: number;
  readonly entry?: FileEntry;
  readonly local?: readonly Diagnostic[];
  /** Whether the text holds suppression comments (then its diagnostics need the text itself). */
  readonly suppressions?: boolean;
}

/** Parses a text once and takes from it what the job asks for. */
export function scanText(uri: string, text: string, job: ScanJob, registry: SchemaRegistry | undefined): ScanItem {
  const file = parseFile(uri, 0, text, { maxBytes: job.maxBytes });
  return {
    uri,
    hash: textHash(text),
    entry: job.index ? entryOf(file) : undefined,
    local: registry && job.check ? localDiagnostics(registry, job.check.platform, file) : undefined,
    suppressions: hasSuppressions(text),
  };
}

/** Files per chunk: small enough that the threads finish together, large enough to keep messages few. */
const CHUNK = 64;

/**
 * The files to scan, handed out in chunks. It may start empty and be filled later (the workers start while
 * the workspace is still being listed); `take` answers undefined when nothing is there right now, and
 * `whenMore` tells when something is (or the queue is closed).
 */
export class ChunkQueue {
  private next = 0;
  private readonly uris: string[];
  private readonly size: number;
  private open: boolean;
  private waiters: (() => void)[] = [];

  constructor(uris: readonly string[] = [], options: { size?: number; open?: boolean } = {}) {
    this.uris = [...uris];
    this.size = options.size ?? CHUNK;
    this.open = options.open ?? false;
  }

  take(): readonly string[] | undefined {
    if (this.next >= this.uris.length) return undefined;
    const chunk = this.uris.slice(this.next, this.next + this.size);
    this.next += chunk.length;
    return chunk;
  }

  /** True while more files may still be added. */
  get filling(): boolean {
    return this.open;
  }

  /** True once no more files will come and every file was handed out. */
  get drained(): boolean {
    return !this.open && this.next >= this.uris.length;
  }

  /** Calls back when files are added or the queue is closed. */
  whenMore(fn: () => void): void {
    this.waiters.push(fn);
  }

  add(uris: readonly string[]): void {
    this.uris.push(...uris);
    this.wake();
  }

  close(): void {
    this.open = false;
    this.wake();
  }

  get length(): number {
    return this.uris.length;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

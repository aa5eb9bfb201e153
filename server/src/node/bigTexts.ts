// One large parse at a time across the worker threads. A YAML text of a megabyte or two (a long flow list, tens
// of thousands of keys) takes a few hundred megabytes of heap while it is parsed; the indexing workers and the
// open-document worker each parsing one at once is what took the server past 1 GiB under the fuzz workload.
// Smaller texts never wait. The lock is an Int32 in shared memory, so a worker blocks on it without the main
// thread's help; a holder that died (a worker terminated mid-parse) is not waited for longer than STEAL_MS.

/** Texts of at least this many characters take the lock. */
export const BIG_TEXT = 512 * 1024;
/** A worker waits this long at most, then parses anyway (and holds the lock itself). */
const STEAL_MS = 5000;

let shared: SharedArrayBuffer | undefined;

/** The lock every worker of this process shares (created on first use, in the main thread). */
export function bigTextLock(): SharedArrayBuffer {
  shared ??= new SharedArrayBuffer(4);
  return shared;
}

/** Runs `fn` (the parse of a text of `size` characters) holding the lock when the text is big. */
export function withBigText<T>(lock: SharedArrayBuffer | undefined, size: number, fn: () => T): T {
  if (!lock || size < BIG_TEXT) return fn();
  const cell = new Int32Array(lock);
  const deadline = Date.now() + STEAL_MS;
  while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) {
    const left = deadline - Date.now();
    if (left <= 0) {
      Atomics.store(cell, 0, 1);
      break;
    }
    Atomics.wait(cell, 0, 1, Math.min(left, 250));
  }
  try {
    return fn();
  } finally {
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0, 1);
  }
}

// Waiting on states, never on time: every wait names what it waits for, so a timeout says what did not happen.
export class TimeoutError extends Error {}

/** Re-evaluates `probe` (on every event-loop turn that a short timer gives) until it returns a value. */
export async function waitUntil<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    // A poll interval, not a sleep: the loop ends as soon as the state is reached.
    await new Promise((r) => setTimeout(r, 100));
  }
}

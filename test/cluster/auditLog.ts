// Reads the testbed API server's audit log (Metadata level, one JSON event per line, see
// test/testbed/scripts/apiserver-config.mjs). Files are read line by line, so a long run's log stays cheap.
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { testbedFile } from '../testbed/helper';

export interface AuditEvent {
  readonly stage: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { readonly username?: string; readonly groups?: string[] };
  readonly objectRef?: { readonly resource?: string; readonly subresource?: string; readonly namespace?: string; readonly name?: string; readonly apiGroup?: string };
  readonly responseStatus?: { readonly code?: number };
  readonly stageTimestamp: string;
}

function auditFiles(): string[] {
  const dir = testbedFile('audit');
  if (!existsSync(dir)) throw new Error(`no audit folder at ${dir}: the testbed's API server writes no audit log (restart it with npm run testbed:up)`);
  // The active file and any rotated backups (audit-<time>.log).
  return readdirSync(dir).filter((f) => /^audit.*\.log$/.test(f)).map((f) => join(dir, f));
}

/** Every event at or after `since` (by stageTimestamp) that `keep` accepts. */
export async function auditEvents(since: Date, keep: (e: AuditEvent) => boolean = () => true): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (const file of auditFiles()) {
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as AuditEvent;
      if (new Date(event.stageTimestamp) >= since && keep(event)) out.push(event);
    }
  }
  return out;
}

/** True when the event touched Secrets in any way: as its resource, or in its URL (a proxy or a typo'd path). */
export function touchesSecrets(e: AuditEvent): boolean {
  return e.objectRef?.resource === 'secrets' || /\/secrets(\/|\?|$)/.test(e.requestURI);
}

/** Polls the log (the API server writes an event just after answering) until `found` holds, or fails. */
export async function waitForAudit(since: Date, found: (events: AuditEvent[]) => boolean, timeoutMs: number, what: string): Promise<AuditEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await auditEvents(since);
    if (found(events)) return events;
    if (Date.now() > deadline) throw new Error(`audit log: ${what} not found within ${timeoutMs} ms (${events.length} events since ${since.toISOString()})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

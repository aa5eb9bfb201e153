// The CRDs read from each cluster (crds.ts), kept on disk in the extension's global storage: one file per
// context, holding its API server and every CRD at the resourceVersion it was read at. A folder checked with a
// cluster's schemas is checked the same way at the next start, before (or without) reaching the cluster.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrdSnapshot, CrdStore } from './crds';

export class CrdCache implements CrdStore {
  constructor(private readonly dir: string) {}

  private file(context: string): string {
    const key = createHash('sha256').update(context).digest('hex').slice(0, 20);
    return join(this.dir, `crds-${key}.json`);
  }

  /** The last snapshot of this context; undefined when there is none or it cannot be read. */
  load(context: string): CrdSnapshot | undefined {
    try {
      const data = JSON.parse(readFileSync(this.file(context), 'utf8')) as CrdSnapshot;
      return data.context === context && typeof data.server === 'string' && Array.isArray(data.crds) ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary file first, so a crash never leaves half a snapshot. */
  save(snapshot: CrdSnapshot): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(snapshot.context);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, file);
  }
}

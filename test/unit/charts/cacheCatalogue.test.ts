// The chart cache's catalogue when charts arrive at once (several releases resolve in parallel): every
// stored chart is found again, none overwrites the other's entry.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ChartCache } from '../../../server/src/node/charts/cache';
import { chartTgz } from './helpers';

test('charts stored at the same time are all in the catalogue', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-cache-catalogue-'));
  try {
    const cache = new ChartCache(dir);
    const names = ['a', 'b', 'c', 'd'];
    await Promise.all(names.map((n) => cache.store(`helm|http://127.0.0.1/charts|${n}`, '1.0.0', chartTgz(n, '1.0.0'))));
    for (const n of names) {
      const hit = await new ChartCache(dir).lookup(`helm|http://127.0.0.1/charts|${n}`, { range: '1.0.0' });
      assert.equal(hit?.entry.version, '1.0.0', `chart ${n} is in the catalogue`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

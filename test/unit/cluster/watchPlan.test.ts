// Which contexts are watched in full: all of a small setup, else those looked at, pinned, or in their quiet period.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher, watchPlan, type Looks, type WatchPlanSettings } from '../../../client/src/cluster/watchPlan';

const many = Array.from({ length: 30 }, (_, i) => `vc-${String(i).padStart(2, '0')}`);
const settings: WatchPlanSettings = { always: [], allUpTo: 10, quietMs: 120_000 };
const looks = (now: string[], lastSeen: [string, number][] = []): Looks => ({ now: new Set(now), lastSeen: new Map(lastSeen) });

describe('watch plan', () => {
  it('watches every context of a small setup, as before the plan', () => {
    const few = many.slice(0, 10);
    const plan = watchPlan(few, looks([]), settings, 0);
    assert.deepEqual([...plan.full], few);
    assert.equal(plan.nextChangeAt, undefined);
  });

  it('past the threshold watches only what is looked at or pinned', () => {
    const plan = watchPlan(many, looks(['vc-03', 'vc-17']), { ...settings, always: ['vc-2?'] }, 1000);
    assert.deepEqual([...plan.full].sort(), ['vc-03', 'vc-17', ...Array.from({ length: 10 }, (_, i) => `vc-2${i}`)]);
  });

  it('keeps a context for the quiet period after the last look, then drops it', () => {
    const l = looks([], [['vc-05', 10_000]]);
    const during = watchPlan(many, l, settings, 10_000 + 119_999);
    assert.deepEqual([...during.full], ['vc-05']);
    assert.equal(during.nextChangeAt, 130_000);
    const after = watchPlan(many, l, settings, 130_000);
    assert.equal(after.full.size, 0);
    assert.equal(after.nextChangeAt, undefined);
  });

  it('names the earliest end of a quiet period as the next change', () => {
    const plan = watchPlan(many, looks(['vc-00'], [['vc-01', 5000], ['vc-02', 1000]]), { ...settings, quietMs: 10_000 }, 6000);
    assert.deepEqual([...plan.full].sort(), ['vc-00', 'vc-01', 'vc-02']);
    assert.equal(plan.nextChangeAt, 11_000);
  });
});

describe('context globs', () => {
  it('match * and ? and nothing else', () => {
    assert.ok(globMatcher('admin@*-production')('admin@eu-central-production'));
    assert.ok(!globMatcher('admin@*-production')('admin@eu-central-staging'));
    assert.ok(globMatcher('vc-?1')('vc-01'));
    assert.ok(!globMatcher('vc-?1')('vc-001'));
    assert.ok(globMatcher('*')('anything'));
    assert.ok(globMatcher('a*b*c')('axxbyyc'));
    assert.ok(!globMatcher('a*b*c')('axxbyy'));
    assert.ok(globMatcher('exact')('exact'));
    assert.ok(!globMatcher('exact')('exactly'));
    assert.ok(!globMatcher('[a-z]+')('abc'), 'no regular expressions');
  });

  it('stay fast on hostile patterns', () => {
    const t0 = performance.now();
    const m = globMatcher('*a'.repeat(200));
    assert.ok(!m('a'.repeat(5000) + 'b'));
    assert.ok(performance.now() - t0 < 500);
  });
});

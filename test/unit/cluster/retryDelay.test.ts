// The pause between two attempts of a watch: doubling with jitter up to the configured maximum, and short
// while the server refuses connections, so the tree is current again soon after an API server restart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkError, statusError, timeoutError } from '../../../client/src/cluster/errors';
import { retryDelay, UNREACHABLE_RETRY_MS } from '../../../client/src/cluster/watch';

const middle = () => 0.5;
const refused = networkError('ctx', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:16443'), { code: 'ECONNREFUSED' }));

describe('watch retry delay', () => {
  it('doubles from the initial pause up to the maximum', () => {
    const delays = [1, 2, 3, 4, 10].map((n) => retryDelay(n, undefined, { backoffInitialMs: 500, backoffMaxMs: 30_000 }, middle));
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 30_000]);
  });

  it('keeps retries short while connections are refused', () => {
    const delays = [1, 5, 10, 30].map((n) => retryDelay(n, refused, {}, middle));
    assert.deepEqual(delays, [500, UNREACHABLE_RETRY_MS, UNREACHABLE_RETRY_MS, UNREACHABLE_RETRY_MS]);
    assert.equal(retryDelay(10, refused, {}, () => 1), UNREACHABLE_RETRY_MS * 1.2, 'jitter stays within 20 %');
    assert.equal(retryDelay(10, refused, { backoffMaxMs: 200 }, middle), 200, 'a smaller configured maximum still wins');
  });

  it('backs off fully when the server answers with an error or does not answer', () => {
    assert.equal(retryDelay(10, statusError('ctx', 500, '{}'), {}, middle), 30_000);
    assert.equal(retryDelay(10, timeoutError('ctx', 5000), {}, middle), 30_000);
  });
});

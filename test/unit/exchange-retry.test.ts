import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../core/exchange/errors.js';
import { backoffDelay, retryRead, type RetryPolicy } from '../../core/exchange/retry.js';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

/** An operation that fails with the given errors in turn, then succeeds. */
function scripted(errors: ExchangeError[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    run: async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return 'ok';
    },
  };
}

describe('retryRead', () => {
  it('retries temporary, rate-limited and unavailable failures, then returns the result', async () => {
    const waits: number[] = [];
    const op = scripted([new ExchangeError('temporary', 'reset'), new ExchangeError('rate_limited', '429'), new ExchangeError('unavailable', '503')]);
    await expect(retryRead(op.run, policy, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 })).resolves.toBe('ok');
    expect(op.calls).toBe(4);
    // Exponential caps 100, 200, 400 with half-fixed jitter at 0.5: 75, 150, 300.
    expect(waits).toEqual([75, 150, 300]);
  });

  it('never waits less than the venue asked in Retry-After', async () => {
    const waits: number[] = [];
    const op = scripted([new ExchangeError('rate_limited', '429', 2_500)]);
    await retryRead(op.run, policy, { sleep: async (ms) => void waits.push(ms), random: () => 0 });
    expect(waits).toEqual([2_500]);
  });

  it('does not retry errors that a retry cannot fix, nor ambiguous writes', async () => {
    for (const kind of ['invalid_order', 'insufficient_funds', 'auth', 'order_not_found', 'unknown_outcome'] as const) {
      const op = scripted([new ExchangeError(kind, kind)]);
      await expect(retryRead(op.run, policy, { sleep: async () => undefined })).rejects.toMatchObject({ kind });
      expect(op.calls).toBe(1);
    }
  });

  it('gives up after the last attempt with the last error', async () => {
    const op = scripted([1, 2, 3, 4, 5].map((n) => new ExchangeError('temporary', `failure ${n}`)));
    await expect(retryRead(op.run, policy, { sleep: async () => undefined })).rejects.toThrow('failure 4');
    expect(op.calls).toBe(4);
  });

  it('spreads delays between half and all of an exponential cap that stops at the maximum', () => {
    for (const attempt of [1, 2, 3, 4, 5, 6]) {
      const cap = Math.min(1_000, 100 * 2 ** (attempt - 1));
      expect(backoffDelay(policy, attempt, 0)).toBe(cap / 2);
      expect(backoffDelay(policy, attempt, 0.999999)).toBe(cap);
    }
  });
});

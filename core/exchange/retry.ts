import { isExchangeError } from './errors.js';
import { realSleep } from './rate-budget.js';

/**
 * The one retrier for venue READS (markets, balances, candles, order lookups). It retries only
 * temporary, rate-limited and unavailable failures, with exponential back-off and full jitter,
 * and never waits less than the venue's Retry-After. Writes (createOrder) never come through
 * here: an ambiguous write is settled by a lookup, not by resending.
 */
export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_READ_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 15_000 };

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
  /** Called before each wait with the attempt that failed (1-based), the delay and the error. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Delay before retry number `attempt` (1-based): full jitter on an exponential cap, floored by Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half random: spreads concurrent retriers without ever retrying immediately.
  const jittered = Math.round(cap / 2 + (cap / 2) * random);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export async function retryRead<T>(operation: () => Promise<T>, policy: RetryPolicy = DEFAULT_READ_RETRY, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? realSleep;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const retryable = isExchangeError(error) && error.retryable;
      if (!retryable || attempt >= policy.attempts) throw error;
      const delayMs = backoffDelay(policy, attempt, random(), error.retryAfterMs);
      hooks.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

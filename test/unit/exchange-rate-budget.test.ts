import { describe, expect, it } from 'vitest';
import { inBackgroundLane, RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';

/** A clock that only moves when someone sleeps: waits are measured, never timed. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

describe('RateBudget (one request-weight budget per account)', () => {
  it('lets background polling spend only above the reserve, and never while a trader request waits', async () => {
    const clock = fakeClock();
    // Kraken as Halyard budgets it: 39 units, 1 a second, 9 kept for the trader.
    const budget = new RateBudget({ refillPerMs: 1 / 1000, capacity: 39, reserve: 9, now: clock.now, sleep: clock.sleep });
    const order: string[] = [];
    for (let i = 0; i < 10; i++) await inBackgroundLane(() => budget.acquire(3));
    expect(clock.sleeps).toEqual([]); // 30 units of the burst: level 9, the reserve
    const polled = inBackgroundLane(() => budget.acquire(3).then(() => order.push('poll')));
    // The trader's three counted calls go from the reserve, ahead of the waiting poll.
    await Promise.all([1, 2, 3].map(() => budget.acquire(3).then(() => order.push('trader'))));
    await polled;
    expect(order).toEqual(['trader', 'trader', 'trader', 'poll']);
    // The poll went once the level was back above reserve + its cost: 12 units from 0, at 1 a second.
    expect(clock.now() - 1_000_000).toBeGreaterThanOrEqual(12_000);
    expect(budget.stats()).toMatchObject({ requests: 14, spent: 42 });
  });

  it('spends ccxt-style costs and makes the next caller wait for the refill', async () => {
    const clock = fakeClock();
    // Binance in ccxt: 1 cost unit per 50 ms.
    const budget = new RateBudget({ refillPerMs: 1 / 50, now: clock.now, sleep: clock.sleep });
    await budget.acquire(1);
    await budget.acquire(20); // level 0 ≥ 0: goes, level → −20
    await budget.acquire(1); // must wait until the level is back to 0: 20 units × 50 ms
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(budget.stats()).toMatchObject({ requests: 3, spent: 22, waitedMs: 1_000 });
  });

  it('is shared: two users of one account cannot double the request rate', async () => {
    const clock = fakeClock();
    const budgets = new RateBudgets();
    const create = () => new RateBudget({ refillPerMs: 1 / 100, now: clock.now, sleep: clock.sleep });
    const strategy = budgets.forAccount('binance:abc123:live', create);
    const ui = budgets.forAccount('binance:abc123:live', create);
    expect(ui).toBe(strategy);
    expect(budgets.forAccount('kraken:zzz:live', create)).not.toBe(strategy);
    const start = clock.now();
    await Promise.all([1, 2, 3, 4, 5].map((i) => (i % 2 ? strategy : ui).acquire(1)));
    // Capacity 1: two go at once, then one per 100 ms, whoever asks.
    expect(clock.now() - start).toBe(300);
  });

  it('honours a pause (Retry-After) for every caller of the account', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ refillPerMs: 1, now: clock.now, sleep: clock.sleep });
    budget.pauseFor(2_000);
    const start = clock.now();
    await budget.acquire(1);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2_000);
    expect(budget.stats().pausedUntil).toBe(start + 2_000);
  });

  it("lets a call that costs nothing (Kraken's AddOrder and CancelOrder, off its REST counter) go at once, past counted calls waiting", async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ refillPerMs: 1 / 1000, capacity: 39, now: clock.now, sleep: clock.sleep });
    const order: string[] = [];
    await budget.acquire(39);
    await budget.acquire(3); // level −3: the next counted call waits 3 s
    const counted = budget.acquire(3).then(() => order.push('counted'));
    const free = budget.acquire(0).then(() => order.push('order'));
    await Promise.all([counted, free]);
    expect(order).toEqual(['order', 'counted']);
    expect(clock.sleeps).toEqual([3_000]);
    // A pause (Retry-After) still holds it.
    budget.pauseFor(2_000);
    const start = clock.now();
    await budget.acquire(0);
    expect(clock.now() - start).toBe(2_000);
  });

  it('serves callers in order', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ refillPerMs: 1 / 10, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => budget.acquire(5).then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3, 4]);
  });
});

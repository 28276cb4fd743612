import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../../renderer/src/features/backtests/time-left.js';

describe('the Sweep progress bar\'s time left', () => {
  it('counts down from the last estimate between progress events, and says nothing before the first', () => {
    // The core estimated 60 s left when its event arrived at t = 1,000 ms; a batch of slow variants (a strategy
    // file in its sandbox) can keep the next event away for minutes, so the bar must not show 60 s all along.
    const running = { total: 40, etaMs: 60_000, etaAt: 1_000 };
    expect(timeLeft(running, 1_000)).toBe(60_000);
    expect(timeLeft(running, 31_000)).toBe(30_000);
    expect(timeLeft(running, 90_000)).toBe(0);
    expect(timeLeft({ total: 0, etaMs: null, etaAt: 1_000 }, 5_000)).toBeNull();
    expect(timeLeft({ total: 40, etaMs: null, etaAt: 1_000 }, 5_000)).toBeNull();
  });
});

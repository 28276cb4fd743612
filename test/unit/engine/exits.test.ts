import { describe, expect, it } from 'vitest';
import { advanceTrailing, exitStateFrom, nextExit } from '../../../core/engine/exits.js';
import type { Candle } from '../../../core/market/candle.js';

const bar = (open: number, high: number, low: number, close: number): Candle => ({ time: 0, open, high, low, close, volume: 1 });

describe('intrabar exits', () => {
  it('fills a stop at the stop price when the low touches it', () => {
    const state = exitStateFrom({ stopLoss: 95 }, 0, 1, 100);
    expect(nextExit(state, bar(99, 100, 94, 96), 60_000)).toEqual({ reason: 'stop_loss', price: 95, liquidity: 'taker', portion: 'all' });
  });

  it('fills a stop at the open when the bar gapped through it', () => {
    const state = exitStateFrom({ stopLoss: 95 }, 0, 1, 100);
    expect(nextExit(state, bar(90, 92, 88, 91), 60_000)).toMatchObject({ reason: 'stop_loss', price: 90 });
  });

  it('assumes the stop came first when one bar spans both stop and target', () => {
    const state = exitStateFrom({ stopLoss: 95, takeProfits: [{ price: 110, fraction: 1 }] }, 0, 1, 100);
    expect(nextExit(state, bar(100, 111, 94, 105), 60_000)).toMatchObject({ reason: 'stop_loss', price: 95 });
  });

  it('takes profit at the level when the bar trades through it, level by level', () => {
    const state = exitStateFrom({ takeProfits: [{ price: 120, fraction: 0.5 }, { price: 110, fraction: 0.5 }] }, 0, 4, 100);
    expect(nextExit(state, bar(100, 110, 99, 109), 60_000)).toBeNull(); // touching is not trading through
    expect(nextExit(state, bar(100, 115, 99, 112), 60_000)).toEqual({ reason: 'take_profit', price: 110, liquidity: 'maker', portion: 0.5 });
    state.takeProfits.shift();
    expect(nextExit(state, bar(112, 125, 111, 121), 120_000)).toMatchObject({ reason: 'take_profit', price: 120, portion: 'all' });
  });

  it('reports trailing_stop only once the trailing stop is active and above the stop loss', () => {
    const state = exitStateFrom({ stopLoss: 90, trailing: { activationPrice: 110, distancePct: 5 } }, 0, 1, 100);
    // Not active yet: a fall to the stop loss is a stop_loss.
    expect(nextExit(state, bar(100, 105, 89, 95), 60_000)).toMatchObject({ reason: 'stop_loss', price: 90 });
    advanceTrailing(state, 105);
    expect(state.trailing?.active).toBe(false);
    advanceTrailing(state, 120); // armed at 110; trails 5 % under 120 = 114
    expect(state.trailing).toMatchObject({ active: true, stop: 114 });
    expect(nextExit(state, bar(118, 119, 113, 115), 60_000)).toEqual({ reason: 'trailing_stop', price: 114, liquidity: 'taker', portion: 'all' });
    advanceTrailing(state, 116); // never moves down
    expect(state.trailing?.stop).toBe(114);
  });

  it('closes at the bar close once the maximum holding time has passed', () => {
    const state = exitStateFrom({ maxHoldMs: 3 * 60_000 }, 0, 1, 100);
    expect(nextExit(state, bar(100, 101, 99, 100), 120_000)).toBeNull();
    expect(nextExit(state, bar(100, 101, 99, 100.5), 180_000)).toEqual({ reason: 'time_exit', price: 100.5, liquidity: 'taker', portion: 'all' });
  });
});

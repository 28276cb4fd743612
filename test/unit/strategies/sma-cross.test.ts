import { describe, expect, it } from 'vitest';
import type { Intent, PositionView, StrategyContext } from '../../../core/strategies/contract.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

function runCloses(closes: number[], params: { fast: number; slow: number; stake?: number }, holdAfterEntry = true) {
  const instance = smaCrossStrategy.create(smaCrossParamsSchema.parse({ stake: 2, ...params }), 'BTC/USDT');
  let position: PositionView | null = null;
  const decisions: (Intent['kind'] | null)[] = [];
  closes.forEach((close, i) => {
    const ctx: StrategyContext = {
      symbol: 'BTC/USDT',
      time: (i + 1) * 60_000,
      timeframe: '1m',
      candle: { time: i * 60_000, open: close, high: close, low: close, close, volume: 1 },
      windows: {},
      position,
      tier: 'large',
      openEntryOrders: 0,
    };
    const intents = instance.onCandle(ctx);
    decisions.push(intents[0]?.kind ?? null);
    if (intents[0]?.kind === 'enter' && holdAfterEntry) position = { symbol: 'BTC/USDT', quantity: 2, averageEntry: close, openedAt: 0, tranches: 1, highestPrice: close };
    if (intents[0]?.kind === 'exit_all') position = null;
  });
  return decisions;
}

describe('sma-cross strategy', () => {
  it('enters on the close where the fast SMA crosses above the slow one and exits on the cross below', () => {
    const decisions = runCloses([10, 10, 9, 8, 9, 12, 13, 11, 8, 7], { fast: 2, slow: 3 });
    // bar 3 seeds (8.5 vs 9); bar 4 (8.5 vs 8.67) below; bar 5 (10.5 vs 9.67) crosses up;
    // bar 8 (9.5 vs 10.67) crosses down.
    expect(decisions).toEqual([null, null, null, null, null, 'enter', null, null, 'exit_all', null]);
  });

  it('buys the fixed stake with a market order and exits with reason signal', () => {
    const instance = smaCrossStrategy.create(smaCrossParamsSchema.parse({ fast: 1, slow: 2, stake: 1000 }), 'FIL/USDT');
    const ctx = (close: number, position: PositionView | null): StrategyContext => ({
      symbol: 'FIL/USDT', time: 0, timeframe: '1m', candle: { time: 0, open: close, high: close, low: close, close, volume: 1 }, windows: {}, position, tier: 'mid', openEntryOrders: 0,
    });
    instance.onCandle(ctx(5, null));
    instance.onCandle(ctx(4, null));
    expect(instance.onCandle(ctx(6, null))).toEqual([expect.objectContaining({ kind: 'enter', size: { kind: 'quantity', quantity: 1000 }, orderType: 'market' })]);
    const held = { symbol: 'FIL/USDT', quantity: 1000, averageEntry: 6, openedAt: 0, tranches: 1, highestPrice: 6 };
    expect(instance.onCandle(ctx(3, held))).toEqual([expect.objectContaining({ kind: 'exit_all', reason: 'signal' })]);
  });

  it('is not crossed by averages that only touch', () => {
    // fast 2 / slow 4: bar 3 is below (7 vs 8.5), bar 4 touches (7.5 = 7.5), bar 5 is below again
    // (3.5 vs 5.25): no cross. Bar 6 (10.5 vs 9) really crosses up.
    expect(runCloses([10, 10, 5, 9, 6, 1, 20], { fast: 2, slow: 4 })).toEqual([null, null, null, null, null, null, 'enter']);
  });

  it('resolves a near-tie with a correctly rounded sum, not the float noise of running sums', () => {
    // At bar 4 the windows are [2.9, 3.7, 0.7, 5.9]: (0.7 + 5.9) / 2 equals the 4-bar mean exactly in
    // decimal; plain float summation says fast − slow = +4.4e-16 ("cross up"), fsum says 0 (a tie).
    const decisions = runCloses([5, 2.9, 3.7, 0.7, 5.9, 9], { fast: 2, slow: 4 });
    expect(decisions).toEqual([null, null, null, null, null, 'enter']);
  });

  it('rejects a fast period that is not shorter than the slow one', () => {
    expect(smaCrossParamsSchema.safeParse({ fast: 60, slow: 20 }).success).toBe(false);
  });
});

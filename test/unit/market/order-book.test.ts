import { describe, expect, it } from 'vitest';
import { estimateMarketFill, groupLevels } from '../../../core/market/order-book.js';
import { syntheticBook, syntheticTrades } from '../../../core/market/synthetic-book.js';

const book = {
  bids: [
    { price: 100.0, amount: 1 },
    { price: 99.99, amount: 2 },
    { price: 99.9, amount: 3 },
  ],
  asks: [
    { price: 100.02, amount: 1 },
    { price: 100.05, amount: 2 },
    { price: 100.11, amount: 4 },
  ],
};

describe('order book arithmetic', () => {
  it('groups levels by tick multiples: bids down, asks up, with running totals', () => {
    expect(groupLevels(book.bids, 'bids', 0.1, 10)).toEqual([
      { price: 100, amount: 1, total: 1 },
      { price: 99.9, amount: 5, total: 6 },
    ]);
    expect(groupLevels(book.asks, 'asks', 0.1, 10)).toEqual([
      { price: 100.1, amount: 3, total: 3 },
      { price: 100.2, amount: 4, total: 7 },
    ]);
    expect(groupLevels(book.asks, 'asks', 0.01, 2)).toEqual([
      { price: 100.02, amount: 1, total: 1 },
      { price: 100.05, amount: 2, total: 3 },
    ]);
  });

  it('estimates a market order level by level: average, worst, spread and slippage against the last price', () => {
    // 2.5 bought: 1 @ 100.02 + 1.5 @ 100.05 = 250.095 → 100.038 on average.
    const buy = estimateMarketFill(book, 'buy', 2.5, 100);
    expect(buy.filled).toBe(2.5);
    expect(buy.averagePrice).toBeCloseTo(100.038, 9);
    expect(buy.worstPrice).toBe(100.05);
    expect(buy.spreadPct).toBeCloseTo((0.02 / 100.01) * 100, 9);
    expect(buy.slippagePct).toBeCloseTo(0.038, 9);
    const sell = estimateMarketFill(book, 'sell', 10, 100);
    expect(sell.filled).toBe(6);
    expect(sell.worstPrice).toBe(99.9);
  });
});

describe('the simulated book and tape', () => {
  const input = { symbol: 'BTC/USDT', seed: 42, minute: 1_700_000_040_000, last: 64_123.45, priceStep: 0.01, scale: 0.3 };

  it('is the same for the same seed, minute and price, and different for another seed', () => {
    expect(syntheticBook(input)).toEqual(syntheticBook(input));
    expect(syntheticBook({ ...input, seed: 43 }).bids.map((l) => l.amount)).not.toEqual(syntheticBook(input).bids.map((l) => l.amount));
  });

  it('straddles the last price, on the tick, best prices first, and grows away from the top', () => {
    const { bids, asks } = syntheticBook(input);
    expect(bids[0]!.price).toBeLessThanOrEqual(input.last);
    expect(asks[0]!.price).toBeGreaterThanOrEqual(input.last);
    for (const levels of [bids, asks]) {
      for (const level of levels) expect(Math.abs(level.price * 100 - Math.round(level.price * 100))).toBeLessThan(1e-6);
      expect(levels.at(-1)!.amount).toBeGreaterThan(levels[0]!.amount);
    }
    expect(bids.every((level, i) => i === 0 || level.price < bids[i - 1]!.price)).toBe(true);
    expect(asks.every((level, i) => i === 0 || level.price > asks[i - 1]!.price)).toBe(true);
    // A small order barely moves the price; a big one walks far into the book.
    expect(estimateMarketFill({ bids, asks }, 'buy', 0.05, input.last).slippagePct!).toBeLessThan(0.02);
    expect(estimateMarketFill({ bids, asks }, 'buy', 50, input.last).slippagePct!).toBeGreaterThan(0.5);
  });

  it('prints the minute’s new volume at the new price, on the side the price moved to', () => {
    const up = syntheticTrades({ symbol: 'BTC/USDT', seed: 1, minute: 0, time: 10, from: 100, to: 101, volume: 2.5, seenVolume: 1, amountDecimals: 4 });
    expect(up.every((t) => t.side === 'buy' && t.price === 101)).toBe(true);
    expect(up.reduce((sum, t) => sum + t.amount, 0)).toBeCloseTo(2.5, 4);
    const down = syntheticTrades({ symbol: 'BTC/USDT', seed: 1, minute: 0, time: 10, from: 101, to: 100, volume: 1, seenVolume: 3.5, amountDecimals: 4 });
    expect(down.every((t) => t.side === 'sell')).toBe(true);
    expect(syntheticTrades({ symbol: 'BTC/USDT', seed: 1, minute: 0, time: 10, from: 101, to: 100, volume: 0, seenVolume: 3.5, amountDecimals: 4 })).toEqual([]);
  });
});

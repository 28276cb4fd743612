import { describe, expect, it } from 'vitest';
import { FillTape } from '../../../core/backtest/fill-tape.js';
import { runBacktest } from '../../../core/backtest/runner.js';
import type { EngineFill } from '../../../core/engine/events.js';
import { candlesToColumns } from '../../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

const NUMBERS = [0, -0, Number.NaN, 5e-324, 1e-12, 0.1 + 0.2, 64_123.45, 1.7e12, Number.MAX_VALUE, -3.25];
const SIDES = ['buy', 'sell'] as const;
const LIQUIDITY = ['maker', 'taker'] as const;
const PURPOSES = ['enter', 'add', 'exit'] as const;

function fill(i: number): EngineFill {
  return {
    id: `paper-${i}-${i + 1}`,
    orderId: `o${i}`,
    tradeId: `t${i >> 1}`,
    symbol: i % 7 === 0 ? 'ETH/USDT' : 'BTC/USDT',
    side: SIDES[i % 2]!,
    time: 1_700_000_000_000 + i * 60_000,
    price: NUMBERS[i % NUMBERS.length]!,
    qty: NUMBERS[(i * 3) % NUMBERS.length]!,
    fee: NUMBERS[(i * 7) % NUMBERS.length]!,
    liquidity: LIQUIDITY[(i >> 1) % 2]!,
    purpose: PURPOSES[i % 3]!,
    reason: i % 5 === 0 ? 'signal' : `SMA ${i} crossed`,
  };
}

describe('FillTape (a backtest keeps its fills column by column)', () => {
  it('gives back every fill as it was added, field for field and in the same key order, past its first growth', () => {
    const tape = new FillTape();
    const added = Array.from({ length: 1_000 }, (_, i) => fill(i));
    for (const f of added) tape.add(f);
    const back = tape.toArray();
    expect(tape.length).toBe(1_000);
    expect(back).toHaveLength(1_000);
    back.forEach((f, i) => {
      const original = added[i]!;
      expect(Object.keys(f), `fill ${i}`).toEqual(Object.keys(original));
      for (const key of Object.keys(original) as (keyof EngineFill)[]) expect(Object.is(f[key], original[key]), `fill ${i} ${key}`).toBe(true);
    });
    expect(JSON.stringify(back)).toBe(JSON.stringify(added));
  });

  it('is empty until something is added', () => {
    expect(new FillTape().toArray()).toEqual([]);
  });

  it("a backtest's fills: made once when read, each exit's trade id and price as its trade says, fees summing to the metric", () => {
    const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 9, Date.UTC(2024, 0, 1), 20_000);
    const options = { strategy: smaCrossStrategy, params: smaCrossParamsSchema.parse({ fast: 5, slow: 20, stake: 0.5 }), candles: candlesToColumns(candles), timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001 } as const;
    const result = runBacktest(options);
    const fills = result.fills;
    expect(result.fills).toBe(fills);
    expect(result.trades.length).toBeGreaterThan(10);
    const exits = fills.filter((f) => f.side === 'sell');
    expect(exits.map((f) => [f.tradeId, f.price, f.qty, f.time, f.purpose])).toEqual(result.trades.map((t) => [t.id, t.exitPrice, t.qty, t.exitTime, 'exit']));
    expect(fills.reduce((sum, f) => sum + f.fee, 0)).toBe(result.metrics.fees);
    expect(runBacktest({ ...options, keepFills: false }).fills).toEqual([]);
  });
});

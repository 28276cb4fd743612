import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../core/backtest/runner.js';
import type { Candle } from '../../../core/market/candle.js';
import { STRATEGY_API_VERSION, type Intent, type StrategyContext, type StrategyDefinition } from '../../../core/strategies/contract.js';

const T0 = Date.UTC(2024, 0, 1);
const BARS: Candle[] = Array.from({ length: 40 }, (_, i) => {
  const price = 100 + (i % 7) - (i % 3);
  return { time: T0 + i * 60_000, open: price, high: price + 1, low: price - 1, close: price + 0.5, volume: 10 };
});

interface Seen {
  readonly ctx: StrategyContext;
  readonly candle: Candle;
  /** As handed, at the time of the call. */
  readonly timeframe: string;
  readonly close: number;
  /** The position view's numbers at the time of the call (null: flat). */
  readonly position: readonly number[] | null;
}

/**
 * A strategy that keeps every context and candle it is handed and scribbles on them; it buys on bar 5
 * and sells on bar 20 (on 5m bars too, when asked). `streaming` is the declaration under test.
 */
function keeper(streaming: boolean, seen: Seen[]): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: 'keeper',
    description: 'keeps what it is handed',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes: ['1m', '5m'],
    warmupBars: 3,
    streaming,
    create: (_params, symbol) => {
      let bar = 0;
      return {
        onCandle: (ctx): readonly Intent[] => {
          const p = ctx.position;
          seen.push({ ctx, candle: ctx.candle, timeframe: ctx.timeframe, close: ctx.candle.close, position: p && [p.quantity, p.averageEntry, p.openedAt, p.tranches, p.highestPrice] });
          (ctx.candle as { close: number }).close = -1; // what a careless strategy does to its copy
          // …and to its position view, where it is not frozen (a streaming strategy's reused copy).
          if (p !== null && !Object.isFrozen(p)) Object.assign(p, { quantity: -1, averageEntry: -1, highestPrice: -1, tranches: -1 });
          if (ctx.timeframe !== '1m') return [];
          bar++;
          if (bar === 5) return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: 1 }, orderType: 'market', reason: 'bar 5' }];
          if (bar === 20) return [{ kind: 'exit_all', symbol, reason: 'signal' }];
          return [];
        },
        readiness: () => 0,
      };
    },
  };
}

function run(streaming: boolean) {
  const seen: Seen[] = [];
  const result = runBacktest({ strategy: keeper(streaming, seen), params: {}, candles: BARS, timeframe: '1m', symbol: 'BTC/USDT', cash: 10_000, fee: 0.001, slippage: 0 });
  return { seen, result };
}

describe('what a strategy is handed on each bar', () => {
  it('a streaming strategy gets one reused context, its own candle copy, and no windows; the results are the same', () => {
    const streaming = run(true);
    const fresh = run(false);
    expect(streaming.result.fills).toEqual(fresh.result.fills);
    expect(streaming.result.metrics).toEqual(fresh.result.metrics);
    // Scribbling on the candle changed nothing the engine or the next bar sees: every call saw its bar's close.
    expect(streaming.seen.map((s) => s.close)).toEqual(fresh.seen.map((s) => s.close));
    expect(streaming.seen.filter((s) => s.timeframe === '1m').map((s) => s.close)).toEqual(BARS.map((b) => b.close));
    // The position view too: a copy rewritten for each call, holding the position's numbers of that bar.
    expect(streaming.seen.map((s) => s.position)).toEqual(fresh.seen.map((s) => s.position));
    expect(streaming.seen.filter((s) => s.position !== null).length).toBeGreaterThan(10);
    expect(new Set(streaming.seen.map((s) => s.ctx)).size).toBe(1);
    expect(() => streaming.seen[0]!.ctx.windows).toThrow(/streaming/);
  });

  it('any other strategy gets a fresh context and candle per call, which stay as they were handed, and its windows', () => {
    const { seen } = run(false);
    expect(new Set(seen.map((s) => s.ctx)).size).toBe(seen.length);
    expect(new Set(seen.map((s) => s.candle)).size).toBe(seen.length);
    const last1m = seen.filter((s) => s.timeframe === '1m').at(-1)!;
    expect(last1m.ctx.windows['1m']?.length).toBe(3);
    expect(last1m.ctx.windows['5m']?.length).toBe(3);
  });
});

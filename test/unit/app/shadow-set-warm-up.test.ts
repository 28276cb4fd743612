import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CHAMPION, LiveShadowSet } from '../../../core/app/shadow-set.js';
import { backtestMarketRules } from '../../../core/backtest/runner.js';
import { TradingEngine } from '../../../core/engine/engine.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { Candle, Timeframe } from '../../../core/market/candle.js';
import { rollupCandles } from '../../../core/market/rollup.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';

/**
 * Shadow lanes warm up like the runner (core/runner/warm-up.ts): a 4h strategy whose warm-up the feed's
 * 1m bars cannot cover gets the venue's own 4h and 1h bars for the rest, and sees exactly the bars a
 * replay of every 1m bar from the start would give it — a variant added later as well.
 */
const SYMBOL = 'BTC/USDT';
const START = Date.UTC(2024, 0, 1);
const HELD = 1_000; // 1m bars an exchange feed holds
const WARMUP_BARS = 50;

type Seen = { timeframe: Timeframe; bar: Candle }[];

function recorder(lanes: Seen[]): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: 'recorder',
    description: 'records the bars it is handed',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes: ['1h', '4h'],
    warmupBars: WARMUP_BARS,
    create: () => {
      const seen: Seen = [];
      lanes.push(seen);
      return {
        onCandle: (ctx) => {
          seen.push({ timeframe: ctx.timeframe, bar: { ...ctx.candle } });
          return [];
        },
        readiness: () => 50,
      };
    },
  };
}

const series = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 11, START, 16 * 1_440 + 333);

describe('shadow lanes warming up on higher-timeframe bars', () => {
  it('see the bars a replay from the start gives, the champion and a variant added later alike', async () => {
    let seenUpTo = series.length - 200; // index of the bar forming now
    const lanes: Seen[] = [];
    const set = new LiveShadowSet({
      name: 'rec',
      version: 1,
      strategy: recorder(lanes),
      builtin: true,
      markets: [backtestMarketRules({ symbol: SYMBOL, candles: series, fee: 0.001 })],
      cash: 10_000,
      riskGate: () => ({ check: () => ({ ok: true }) }),
      history: async (_symbol, minutes) => series.slice(Math.max(0, seenUpTo + 1 - Math.min(minutes, HELD)), seenUpTo + 1),
      bars: async (_symbol, timeframe, limit) => rollupCandles(series.slice(0, seenUpTo + 1), timeframe).candles.slice(-limit),
    });
    await set.add([{ id: CHAMPION, params: {} }]);
    for (let i = 0; i < 100; i++) set.onCandle(SYMBOL, series[seenUpTo++]!);
    await set.add([{ id: 'later', params: {} }]);

    const referenceLanes: Seen[] = [];
    const rules = backtestMarketRules({ symbol: SYMBOL, candles: series, fee: 0.001 });
    const engine = new TradingEngine({ strategy: recorder(referenceLanes), params: {}, symbols: [SYMBOL], exchange: new PaperExchange({ markets: [rules], balances: { USDT: 10_000 }, now: () => START }), budget: 10_000, driveExchange: false });
    for (const candle of series.slice(0, seenUpTo)) engine.onCandle(SYMBOL, candle);
    const full = referenceLanes[0]!;

    expect(lanes).toHaveLength(2);
    for (const seen of lanes) {
      expect(seen.filter((s) => s.timeframe === '4h').length).toBeGreaterThanOrEqual(WARMUP_BARS);
      expect(seen).toEqual(full.slice(-seen.length));
    }
    set.stop();
  });
});

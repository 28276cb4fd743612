import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TradingEngine } from '../../../core/engine/engine.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { Candle, MarketSymbol, Timeframe } from '../../../core/market/candle.js';
import type { MarketFeed } from '../../../core/market/feed.js';
import { rollupCandles } from '../../../core/market/rollup.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import type { Running } from '../../../core/runner/launch.js';
import type { StrategyConfigRecord } from '../../../core/runner/config-record.js';
import { warmUp } from '../../../core/runner/warm-up.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { testMarket } from '../../helpers/markets.js';

/**
 * The warm-up's seam: higher-timeframe bars fetched whole for the history the 1m window does not reach,
 * then the 1m window rolled up by the engine. The strategy must see exactly the bars (time, OHLCV, and
 * their order across timeframes) it would have seen had it been fed every 1m bar from the start.
 */
const SYMBOL: MarketSymbol = 'BTC/USDT';
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const WARMUP_BARS = 60;

interface Seen {
  readonly timeframe: Timeframe;
  readonly bar: Candle;
}

/** Records every bar it is handed; its requirement (60 bars of 4h: 14,880 minutes) is what the test asks of the warm-up. */
function recorder(seen: Seen[], timeframes: Timeframe[], warmupBars = WARMUP_BARS): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: 'recorder',
    description: 'records the bars it is handed',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes,
    warmupBars,
    create: () => ({
      onCandle: (ctx) => {
        seen.push({ timeframe: ctx.timeframe, bar: { ...ctx.candle } });
        return [];
      },
      readiness: () => 50,
    }),
  };
}

function engineFor(definition: StrategyDefinition<Record<string, never>>): TradingEngine {
  const rules = testMarket(SYMBOL, { minAmount: 0.0001 });
  const exchange = new PaperExchange({ markets: [rules], balances: { USDT: 10_000 }, config: { slippage: 0 }, now: () => START });
  return new TradingEngine({ strategy: definition, params: {}, symbols: [SYMBOL], exchange, budget: 10_000, driveExchange: false });
}

/**
 * A venue feed holding `window` 1m bars (as the exchange feed does) whose other timeframes are the venue's
 * own bars for all of `minutes` (the forming bucket last), like GET /api/v3/klines without startTime.
 */
function venueFeed(minutes: readonly Candle[], window: number, higher: 'answers' | 'fails'): Pick<MarketFeed, 'history'> {
  return {
    history: async (_symbol: MarketSymbol, timeframe: Timeframe, limit: number) => {
      if (timeframe === '1m') return minutes.slice(-Math.min(window, limit));
      if (higher === 'fails') throw new Error('klines: 503 Service Unavailable');
      return rollupCandles(minutes, timeframe).candles.slice(-limit);
    },
  };
}

async function warmedUp(minutes: readonly Candle[], window: number, higher: 'answers' | 'fails', timeframes: Timeframe[], warmupBars = WARMUP_BARS) {
  const seen: Seen[] = [];
  const definition = recorder(seen, timeframes, warmupBars);
  const engine = engineFor(definition);
  const run: Running = { record: { params: {} } as StrategyConfigRecord, engine, symbols: [SYMBOL], warming: true };
  await warmUp(run, definition, venueFeed(minutes, window, higher));
  return { seen, engine };
}

/** What the strategy sees fed every closed 1m bar from the start of the series. */
function fedFromTheStart(closed: readonly Candle[], timeframes: Timeframe[]): Seen[] {
  const seen: Seen[] = [];
  const engine = engineFor(recorder(seen, timeframes));
  for (const candle of closed) engine.onCandle(SYMBOL, candle);
  return seen;
}

// 20 days of 1m bars from a day boundary, the last one forming; its 1m window starts well inside that.
const series = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 7, START, 20 * (DAY / 60_000) + 97);
const closed = series.slice(0, -1);
const TIMEFRAMES: Timeframe[] = ['5m', '1h', '4h'];
const reference = fedFromTheStart(closed, TIMEFRAMES);

/** Window sizes (1m bars the feed holds, the forming one included) putting its first closed bar where the case says. */
function windowStartingAt(firstClosed: number): number {
  return series.length - series.findIndex((c) => c.time === firstClosed);
}

describe('warm-up with higher-timeframe bars fetched whole', () => {
  const lastTime = series.at(-1)!.time;
  const inside4h = Math.floor((lastTime - 3 * DAY) / (4 * HOUR)) * 4 * HOUR + 97 * 60_000; // mid 4h, mid 1h, mid 5m bucket
  const at4hEdge = Math.floor((lastTime - 2 * DAY) / (4 * HOUR)) * 4 * HOUR; // exactly on a 4h (so 1h, 5m) boundary
  const lastMinuteOf4h = at4hEdge - 60_000; // the last minute of a 4h bucket: nothing of it covered whole

  for (const [name, firstClosed] of [
    ['a boundary falling inside the 1m window', inside4h],
    ['the 1m window starting exactly on a boundary', at4hEdge],
    ['the 1m window starting on the last minute of a bucket', lastMinuteOf4h],
  ] as const) {
    it(`the strategy sees the bars a replay from the start gives it: ${name}`, async () => {
      const window = windowStartingAt(firstClosed);
      expect(window).toBeLessThan(20_000); // the 1m window alone is too short for 60 bars of 4h
      const { seen, engine } = await warmedUp(series, window, 'answers', TIMEFRAMES);
      // Exactly the tail of the full replay: same bars, same values, same order across timeframes.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual(reference.slice(-seen.length));
      // And of the venue's own bars: contiguous, nothing twice, nothing skipped at the seam.
      for (const timeframe of TIMEFRAMES) {
        const bars = seen.filter((s) => s.timeframe === timeframe).map((s) => s.bar);
        const rolled = rollupCandles(closed, timeframe);
        const whole = rolled.lastClosed ? rolled.candles : rolled.candles.slice(0, -1);
        expect(bars).toEqual(whole.slice(-bars.length));
        expect(bars.length).toBeGreaterThanOrEqual(WARMUP_BARS);
      }
      expect(engine.warmup(SYMBOL)).toBeNull();
    });
  }

  it('takes the closed days up to the forming one when the 1m window lies inside the day still forming (rolled up from its first minute on, as before)', async () => {
    const window = 50; // the last 49 closed minutes, all of them in the forming day
    const { seen, engine } = await warmedUp(series, window, 'answers', ['1d'], 10);
    const days = rollupCandles(closed, '1d').candles.slice(0, -1);
    expect(seen.map((s) => s.bar)).toEqual(days.slice(-12)); // warmupBars + 2 of them, up to the forming day
    expect(seen).toEqual(fedFromTheStart(closed, ['1d']).slice(-seen.length));
    expect(engine.warmup(SYMBOL)).toBeNull();
  });

  it('falls back to the 1m window alone when the venue cannot give the bars, and says how far it got', async () => {
    const window = windowStartingAt(at4hEdge);
    const { seen, engine } = await warmedUp(series, window, 'fails', TIMEFRAMES);
    const fourHours = seen.filter((s) => s.timeframe === '4h').length;
    expect(fourHours).toBe(Math.floor((window - 1) / 240));
    expect(engine.warmup(SYMBOL)).toEqual({ have: fourHours, need: WARMUP_BARS, timeframe: '4h' });
    expect(seen).toEqual(reference.slice(-seen.length));
  });
});

import { describe, expect, it } from 'vitest';
import { LiveShadowSet, CHAMPION } from '../../../core/app/shadow-set.js';
import { backtestMarketRules } from '../../../core/backtest/runner.js';
import type { Candle } from '../../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

/**
 * A feed that has streamed `seen + 1` bars: history answers the last `minutes` of them plus the bar
 * still forming (deliberately different from how it will close), as an exchange or the simulator does.
 */
function feed(symbols: readonly string[]) {
  const series = new Map(symbols.map((symbol, i) => [symbol, simulateCandles(DEFAULT_SIMULATED_SYMBOLS[i]!, 5 + i, Date.UTC(2024, 0, 1), 1_500)]));
  const state = { seen: -1, gate: null as Promise<void> | null };
  return {
    series,
    state,
    history: async (symbol: string, minutes: number): Promise<readonly Candle[]> => {
      const candles = series.get(symbol)!;
      const upTo = state.seen;
      if (state.gate) await state.gate;
      const forming = candles[upTo + 1]!;
      return [...candles.slice(Math.max(0, upTo + 1 - minutes), upTo + 1), { ...forming, close: forming.close * 1.5, high: forming.high * 1.5 }];
    },
  };
}

function shadowSet(history: (symbol: string, minutes: number) => Promise<readonly Candle[]>, series: Map<string, Candle[]>) {
  return new LiveShadowSet({
    name: 'grid',
    version: 1,
    strategy: smaCrossStrategy,
    builtin: true,
    markets: [...series].map(([symbol, candles]) => backtestMarketRules({ symbol, candles, fee: 0.001 })),
    cash: 100_000,
    riskGate: () => ({ check: () => ({ ok: true }) }),
    history,
  });
}

const params = (fast: number, slow: number) => smaCrossParamsSchema.parse({ fast, slow, stake: 1 });

describe('live shadow set', () => {
  it('gives a variant added later, while bars keep closing, exactly the bars and figures of one there from the start', async () => {
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const market = feed(symbols);
    const live = (from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        for (const symbol of symbols) set.onCandle(symbol, market.series.get(symbol)![i]!);
        market.state.seen = i;
      }
    };
    market.state.seen = 200;
    const set = shadowSet(market.history, market.series);
    await set.add([
      { id: CHAMPION, params: params(30, 90) },
      { id: 'quick', params: params(3, 8) },
    ]);
    expect(set.state).toBe('running');
    live(201, 700);

    // The late variant's history is answered only after 50 more bars closed: they wait in its queue.
    let release!: () => void;
    market.state.gate = new Promise<void>((resolve) => (release = resolve));
    const joining = set.add([{ id: 'late', params: params(3, 8) }]);
    await new Promise((resolve) => setTimeout(resolve, 0)); // its history request is out
    live(701, 750);
    release();
    await joining;
    market.state.gate = null;
    live(751, 900);

    const rows = set.rows();
    expect(rows.map((r) => r.id)).toEqual([CHAMPION, 'quick', 'late']);
    const quick = rows.find((r) => r.id === 'quick')!;
    const late = rows.find((r) => r.id === 'late')!;
    expect(quick.metrics.trades).toBeGreaterThan(5);
    expect(new Set(quick.trades.map((t) => t.symbol))).toEqual(new Set(symbols));
    // Trade ids carry the lane's name; everything else is the same.
    const unnamed = (row: typeof quick) => row.trades.map(({ id, ...trade }) => ({ ...trade, n: id.split('-t')[1] }));
    expect(unnamed(late)).toEqual(unnamed(quick));
    expect(late.metrics).toEqual(quick.metrics);
    expect(late.since).toBe(quick.since);
    // Counting starts at the first live bar (bar 201); the warm-up bars only prime the averages.
    expect(quick.since).toBe(market.series.get('BTC/USDT')![201]!.time + 60_000);
    expect(quick.trades.every((t) => t.entryTime >= market.series.get('BTC/USDT')![201]!.time)).toBe(true);
    // Different parameters, different figures, on the same bars.
    expect(rows[0]!.metrics.trades).not.toBe(quick.metrics.trades);
  });

  it('drops a bar it already has and removes a variant for good', async () => {
    const market = feed(['BTC/USDT']);
    market.state.seen = 100;
    const set = shadowSet(market.history, market.series);
    await set.add([{ id: CHAMPION, params: params(3, 8) }, { id: 'other', params: params(4, 12) }]);
    const bar = market.series.get('BTC/USDT')![101]!;
    expect(set.onCandle('BTC/USDT', bar)).toBe(true);
    expect(set.onCandle('BTC/USDT', bar)).toBe(false);
    expect(set.onCandle('SOL/USDT', bar)).toBe(false);
    set.remove('other');
    expect(set.rows().map((r) => r.id)).toEqual([CHAMPION]);
  });
});

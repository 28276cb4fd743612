import { describe, expect, it } from 'vitest';
import { createBacktestHandlers } from '../../../core/app/handlers/backtest.js';

/**
 * Shadow variants run behind the same risk gate as `backtest.run`, each with its own gate state, so a
 * champion/variant comparison shows what the trader would get from each variant's own backtest.
 */
describe('shadow variants behind the risk gate', () => {
  const api = createBacktestHandlers({ dataDir: null, emitProgress: () => undefined });
  const settings = { strategy: 'sma-cross', fee: 0.001, cash: 100_000, source: { kind: 'simulated', seed: 3, bars: 6_000 } } as const;
  // A 1 BTC stake is far above the default 20 % exposure per symbol of 100 000 USDT; 0.1 BTC fits.
  const oversized = { fast: 5, slow: 20, stake: 1 };
  const fitting = { fast: 5, slow: 20, stake: 0.1 };
  const tradeKeys = (trades: readonly { entryTime: number; exitTime: number; pnl: number }[]) => trades.map((t) => [t.entryTime, t.exitTime, t.pnl]);

  it('gives each variant the trades and metrics of its own backtest, entries blocked where the gate blocks them', async () => {
    const { rows } = await api['backtest.shadow']({ ...settings, champion: oversized, variants: [{ id: 'fitting', params: fitting }] });
    const [champion, variant] = rows;
    const championAlone = await api['backtest.run']({ ...settings, params: oversized });
    const variantAlone = await api['backtest.run']({ ...settings, params: fitting });

    // The gate bites on the oversized stake: its backtest has blocked entries and no trades.
    expect(championAlone.riskEvents.some((event) => event.kind === 'entry_blocked')).toBe(true);
    expect(championAlone.trades).toHaveLength(0);
    expect(variantAlone.trades.length).toBeGreaterThan(10);

    for (const [row, alone] of [
      [champion!, championAlone],
      [variant!, variantAlone],
    ] as const) {
      expect(tradeKeys(row.trades)).toEqual(tradeKeys(alone.trades));
      expect(row.metrics.finalValue).toBeCloseTo(alone.metrics.finalValue, 6);
      expect(row.metrics.maxDrawdown).toBeCloseTo(alone.metrics.maxDrawdown, 9);
    }
  }, 60_000);

  it('runs ungated only when the request says risk: false, like backtest.run', async () => {
    const { rows } = await api['backtest.shadow']({ ...settings, risk: false, champion: oversized, variants: [{ id: 'fitting', params: fitting }] });
    const ungated = await api['backtest.run']({ ...settings, risk: false, params: oversized });
    expect(ungated.trades.length).toBeGreaterThan(10);
    expect(tradeKeys(rows[0]!.trades)).toEqual(tradeKeys(ungated.trades));
  }, 60_000);
});

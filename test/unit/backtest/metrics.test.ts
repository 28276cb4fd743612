import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../core/backtest/metrics.js';
import type { ClosedTrade } from '../../../core/engine/positions.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2024, 0, 1);

function trade(id: string, qty: number, entryPrice: number, exitPrice: number, fees: number): ClosedTrade {
  return { id, symbol: 'BTC/USDT', side: 'long', entryTime: D0, exitTime: D0 + 1, qty, entryPrice, exitPrice, fees, pnl: (exitPrice - entryPrice) * qty - fees, reason: 'signal' };
}

describe('backtest metrics on a hand-computed fixture', () => {
  // t1 closes in two parts (+10 and +20 net), t2 loses 15, t3 wins 5.
  const trades = [trade('t1', 1, 100, 111, 1), trade('t1', 1, 100, 121, 1), trade('t2', 2, 50, 43, 1), trade('t3', 1, 200, 206, 1)];
  // Equity at bar closes over three UTC days, starting from 1000 cash.
  const equity = Float64Array.from([1010, 990, 1020, 969, 1030]);
  const times = Float64Array.from([D0 + DAY, D0 + DAY + 3_600_000, D0 + 2 * DAY, D0 + 2 * DAY + 60_000, D0 + 3 * DAY]);
  const metrics = computeMetrics({ trades, totalFees: 4, initialCash: 1000, finalValue: 1030, equity, times, barsInPosition: 2 });

  it('counts positions, not exit records, and nets fees of both sides into every trade', () => {
    expect(metrics.trades).toBe(3);
    expect(metrics.exits).toBe(4);
    expect(metrics.winRate).toBeCloseTo(2 / 3, 12);
    expect(metrics.profitFactor).toBeCloseTo((10 + 20 + 5) / 15, 12);
    expect(metrics.netProfit).toBeCloseTo(20, 12);
    expect(metrics.fees).toBe(4);
  });

  it('weights P&L % by trade size', () => {
    // Σ net P&L / Σ entry notional = 20 / (100 + 100 + 100 + 200)
    expect(metrics.weightedReturn).toBeCloseTo(20 / 500, 12);
  });

  it('measures drawdown on the marked-to-market equity curve, from its peak', () => {
    expect(metrics.maxDrawdown).toBeCloseTo((1020 - 969) / 1020, 12);
    expect(metrics.totalReturn).toBeCloseTo(0.03, 12);
    expect(metrics.exposure).toBeCloseTo(2 / 5, 12);
  });

  it('computes Sharpe from daily equity returns, population deviation, annualised by √365, risk-free 0', () => {
    const daily = [1000, 1010, 1020, 1030];
    const returns = daily.slice(1).map((v, i) => v / daily[i]! - 1);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
    expect(metrics.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 6);
  });

  it('reports no profit factor without a losing trade, and Sharpe 0 when it is undefined', () => {
    const winning = computeMetrics({
      trades: [trade('t1', 1, 100, 110, 0)],
      totalFees: 0,
      initialCash: 1000,
      finalValue: 1010,
      equity: Float64Array.from([1010]),
      times: Float64Array.from([D0 + 60_000]),
      barsInPosition: 0,
    });
    expect(winning.profitFactor).toBeNull();
    expect(winning.sharpe).toBe(0);
    expect(winning.winRate).toBe(1);
  });
});

describe('Sharpe of a run too short to annualise', () => {
  /** `days` UTC days, one bar each, equity moving +2 %, −1 % by turns: a smooth run whose Sharpe ×√365 reads huge. */
  function run(days: number) {
    const equity = Float64Array.from({ length: days }, (_, i) => 1000 * 1.02 ** Math.ceil(i / 2) * 0.99 ** Math.floor(i / 2 + 0.5));
    const times = Float64Array.from({ length: days }, (_, i) => D0 + i * DAY + 3_600_000);
    return computeMetrics({ trades: [], totalFees: 0, initialCash: 1000, finalValue: equity[days - 1]!, equity, times, barsInPosition: 0 });
  }

  it('keeps the figure but says why it is not shown, with fewer than 30 daily returns', () => {
    const twoDays = run(2);
    expect(twoDays.sharpe).toBeGreaterThan(10);
    expect(twoDays.sharpeNote).toBe('not annualised from 2 daily returns: needs 30 (a month of days)');
    expect(run(29).sharpeNote).toBe('not annualised from 29 daily returns: needs 30 (a month of days)');
  });

  it('has no note from 30 daily returns on, its metrics the same keys as before', () => {
    const month = run(30);
    expect(month.sharpeNote).toBeUndefined();
    expect(Object.keys(month)).toEqual(['trades', 'winRate', 'profitFactor', 'totalReturn', 'maxDrawdown', 'sharpe', 'fees', 'finalValue', 'netProfit', 'weightedReturn', 'exits', 'exposure']);
  });
});

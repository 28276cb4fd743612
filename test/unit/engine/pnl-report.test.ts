import { describe, expect, it } from 'vitest';
import type { PnlFill } from '../../../core/engine/pnl-ledger.js';
import { pnlReport } from '../../../core/engine/pnl-report.js';

const DAY = 86_400_000;
/** Noon UTC on some day: "today" starts 12 h earlier. */
const NOW = Date.UTC(2026, 2, 15, 12);
const START = 10_000;

let seq = 0;
function fill(side: 'buy' | 'sell', amount: number, price: number, fee: number, time: number, source = 'manual', symbol = 'BTC/USDT'): PnlFill {
  return { clientOrderId: `o${++seq}`, symbol, side, price, amount, fee, time, source };
}

const noMarks = () => null;

describe('P&L report', () => {
  it('realizes gross P&L, shows the fees of both sides separately and nets them out', () => {
    const report = pnlReport({
      fills: [fill('buy', 1, 100, 0.1, NOW - 3_600_000), fill('sell', 1, 110, 0.11, NOW - 1_800_000)],
      mark: () => 120,
      now: NOW,
      startingBalance: START,
    });
    const all = report.periods.all;
    expect(all.realizedGross).toBeCloseTo(10, 10);
    expect(all.realizedFees).toBeCloseTo(0.21, 10);
    expect(all.realizedNet).toBeCloseTo(9.79, 10);
    expect(all.unrealized).toBe(0);
    expect(all.fees).toBeCloseTo(0.21, 10);
    expect(all.net).toBeCloseTo(9.79, 10);
    expect(all.costBasis).toBeCloseTo(100, 10);
    expect(all.returnPct).toBeCloseTo(9.79, 10);
    expect(all.exits).toBe(1);
    expect(report.periods.today).toEqual(all);
    // A flat account: the curve starts at the balance and ends at balance + realized net.
    expect(report.equity.value[0]).toBe(START);
    expect(report.equity.value.at(-1)).toBeCloseTo(START + 9.79, 10);
  });

  it('a partial exit consumes the oldest tranche first (FIFO) and the rest stays open at the mark', () => {
    const fills = [fill('buy', 1, 100, 0.1, NOW - 3 * 3_600_000), fill('buy', 1, 120, 0.12, NOW - 2 * 3_600_000), fill('sell', 1.5, 130, 0.195, NOW - 3_600_000)];
    const report = pnlReport({ fills, mark: () => 125, now: NOW, startingBalance: START });
    const all = report.periods.all;
    // Sold 1 @100 and 0.5 @120 (cost 160) for 195; entry fees 0.1 + 0.06, exit fee 0.195.
    expect(all.realizedGross).toBeCloseTo(35, 10);
    expect(all.realizedFees).toBeCloseTo(0.355, 10);
    expect(all.realizedNet).toBeCloseTo(34.645, 10);
    // Left: 0.5 @120 (entry fee 0.06), marked at 125.
    expect(all.unrealized).toBeCloseTo(2.5, 10);
    expect(all.openFees).toBeCloseTo(0.06, 10);
    expect(all.fees).toBeCloseTo(0.415, 10);
    expect(all.net).toBeCloseTo(37.085, 10);
    expect(all.costBasis).toBeCloseTo(220, 10);
    expect(all.returnPct).toBeCloseTo((37.085 / 220) * 100, 10);
    // The last point is what the account is worth now: cash + holdings at the mark.
    const cash = START - 100 - 0.1 - 120 - 0.12 + 195 - 0.195;
    expect(report.equity.value.at(-1)).toBeCloseTo(cash + 0.5 * 125, 10);
    expect(report.equity.time.at(-1)).toBe(NOW);
  });

  it('weights returns by position size: +10 % on 1,000 and −10 % on 9,000 is −8 %, not 0 %', () => {
    const fills = [
      fill('buy', 10, 100, 0, NOW - 4_000_000, 'breakout', 'ETH/USDT'),
      fill('buy', 90, 100, 0, NOW - 3_900_000, 'dca', 'SOL/USDT'),
      fill('sell', 10, 110, 0, NOW - 3_000_000, 'breakout', 'ETH/USDT'),
      fill('sell', 90, 90, 0, NOW - 2_000_000, 'dca', 'SOL/USDT'),
    ];
    const report = pnlReport({ fills, mark: noMarks, now: NOW, startingBalance: START });
    expect(report.periods.all.net).toBeCloseTo(-800, 10);
    expect(report.periods.all.returnPct).toBeCloseTo(-8, 10);
    expect(report.bySource.map((s) => [s.source, s.periods.all.returnPct])).toEqual([
      ['breakout', expect.closeTo(10, 10)],
      ['dca', expect.closeTo(-10, 10)],
    ]);
    expect(report.bySymbol.map((s) => [s.symbol, s.periods.all.net])).toEqual([
      ['ETH/USDT', expect.closeTo(100, 10)],
      ['SOL/USDT', expect.closeTo(-900, 10)],
    ]);
    // Drawdown after the loss: 900 below the peak of 10,100.
    expect(report.equity.drawdown.at(-1)).toBeCloseTo(900 / 10_100, 10);
  });

  it('gives the same P&L and equity curve whether the symbols\' fills come interleaved or one symbol after the other', () => {
    const eth = [fill('buy', 1, 100, 0.1, NOW - 5_000, 'manual', 'ETH/USDT'), fill('sell', 1, 104, 0.1, NOW - 3_000, 'manual', 'ETH/USDT')];
    const sol = [fill('buy', 2, 50, 0.1, NOW - 4_000, 'manual', 'SOL/USDT'), fill('sell', 2, 49, 0.1, NOW - 2_000, 'manual', 'SOL/USDT')];
    const bySymbol = pnlReport({ fills: [...eth, ...sol], mark: noMarks, now: NOW, startingBalance: START });
    const interleaved = pnlReport({ fills: [eth[0]!, sol[0]!, eth[1]!, sol[1]!], mark: noMarks, now: NOW, startingBalance: START });
    expect(bySymbol).toEqual(interleaved);
    // +4 − 0.2 at NOW−3s, then −2 − 0.2 at NOW−2s.
    expect(bySymbol.equity.time).toEqual([NOW - 5_000, NOW - 3_000, NOW - 2_000, NOW]);
    expect(bySymbol.equity.value.slice(1, 3)).toEqual([expect.closeTo(START + 3.8, 10), expect.closeTo(START + 1.6, 10)]);
  });

  it('puts exits in the period they happened and open tranches in the period they were bought', () => {
    const fills = [
      fill('buy', 1, 100, 0, NOW - 12 * DAY),
      fill('sell', 1, 105, 0, NOW - 10 * DAY), // +5, only in all time
      fill('buy', 1, 100, 0, NOW - 4 * DAY),
      fill('sell', 1, 103, 0, NOW - 3 * DAY), // +3, in 7 days
      fill('buy', 1, 100, 0, NOW - 2 * DAY), // open, marked +10: in 7 days
      fill('buy', 1, 100, 0, NOW - 3_600_000),
      fill('sell', 0.5, 102, 0, NOW - 1_800_000), // FIFO: sells half of the 2-day-old tranche today, +1
    ];
    const report = pnlReport({ fills, mark: () => 110, now: NOW, startingBalance: START });
    expect(report.periodStarts.today).toBe(Date.UTC(2026, 2, 15));
    expect(report.periodStarts.week).toBe(Date.UTC(2026, 2, 9));
    expect(report.periods.today.realizedGross).toBeCloseTo(1, 10);
    expect(report.periods.today.unrealized).toBeCloseTo(10, 10); // the 1 bought an hour ago
    expect(report.periods.week.realizedGross).toBeCloseTo(4, 10);
    expect(report.periods.week.unrealized).toBeCloseTo(15, 10); // + the 0.5 left from 2 days ago
    expect(report.periods.all.realizedGross).toBeCloseTo(9, 10);
    expect(report.periods.all.exits).toBe(3);
  });

  it('gives an emergency flatten (a manual sell of a strategy holding) to the strategy that opened it', () => {
    const fills = [fill('buy', 2, 100, 0.2, NOW - 7_200_000, 'ema-trend'), fill('buy', 1, 100, 0.1, NOW - 7_000_000), fill('sell', 3, 90, 0.27, NOW - 3_600_000)];
    const report = pnlReport({ fills, mark: () => 95, now: NOW, startingBalance: START });
    const bySource = Object.fromEntries(report.bySource.map((s) => [s.source, s.periods.all]));
    // The manual position goes first, then the strategy's; the exit fee is shared by size.
    expect(bySource['manual']!.realizedNet).toBeCloseTo(-10 - 0.1 - 0.09, 10);
    expect(bySource['ema-trend']!.realizedNet).toBeCloseTo(-20 - 0.2 - 0.18, 10);
    expect(report.periods.all.unrealized).toBe(0);
    expect(report.periods.all.fees).toBeCloseTo(0.57, 10);
  });

  it('leaves a held symbol without a price out of unrealized P&L and names it', () => {
    const report = pnlReport({ fills: [fill('buy', 1, 100, 0.1, NOW - 60_000)], mark: noMarks, now: NOW, startingBalance: START });
    expect(report.unpriced).toEqual(['BTC/USDT']);
    expect(report.periods.all.unrealized).toBe(0);
    expect(report.periods.all.openFees).toBeCloseTo(0.1, 10);
    expect(report.periods.all.returnPct).toBeNull();
  });

  it('reports nothing traded as zeros, no return and a one-point curve at the starting balance', () => {
    const report = pnlReport({ fills: [], mark: noMarks, now: NOW, startingBalance: START });
    expect(report.periods.all).toMatchObject({ net: 0, fees: 0, exits: 0, returnPct: null });
    expect(report.bySource).toEqual([]);
    expect(report.equity).toEqual({ time: [NOW], value: [START], drawdown: [0] });
  });
});

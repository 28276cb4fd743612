import { describe, expect, it } from 'vitest';
import type { PnlFill } from '../../../core/engine/pnl-ledger.js';
import { RealizedBySource } from '../../../core/engine/pnl-realized.js';
import { pnlReport } from '../../../core/engine/pnl-report.js';
import { seeded } from '../../helpers/seeded.js';

const SOURCES = ['manual', 'alpha', 'beta', 'gamma'];
const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const T0 = Date.UTC(2026, 2, 15, 12);

interface Sequence {
  readonly fills: PnlFill[];
  /** Where the core restarts: the running figures are built again from the fills before it. */
  readonly restartAt: number;
}

/**
 * An account's fills as strategies and the trader make them: several sources per symbol, orders filled
 * in several pieces (one order id), fees with many digits, sells of part of a position, of all of it,
 * and beyond it (a manual flatten closing the strategies' positions; coins never seen bought).
 */
function sequence(seed: number): Sequence {
  const { next, pick } = seeded(seed);
  const held = new Map<string, number>();
  const fills: PnlFill[] = [];
  let time = T0 - 9 * 86_400_000;
  let orders = 0;
  const count = 30 + Math.floor(next() * 50);
  while (fills.length < count) {
    const symbol = pick(SYMBOLS);
    const source = pick(SOURCES);
    const key = `${source} ${symbol}`;
    const holding = held.get(key) ?? 0;
    const side = holding > 0 && next() < 0.5 ? 'sell' : 'buy';
    const price = Number((100 + next() * 20).toFixed(next() < 0.5 ? 2 : 5));
    const amount =
      side === 'buy'
        ? Number((0.001 + next() * 2).toFixed(6))
        : // part, all, or more than it holds (the rest closes other sources' positions, or was never seen bought)
          Number((holding * pick([0.3, 0.5, 1, 1, 1.7, 3])).toFixed(6)) || 0.001;
    const pieces = next() < 0.3 ? 2 + Math.floor(next() * 3) : 1;
    const clientOrderId = `o${++orders}`;
    let left = amount;
    for (let i = 0; i < pieces && left > 0; i++) {
      const piece = i === pieces - 1 ? left : Number((left * next()).toFixed(6));
      if (!(piece > 0)) continue;
      left = Number((left - piece).toFixed(6));
      const fee = pick([0, (piece * price * 0.001) / 3, piece * price * 0.00075]);
      // Market time may stand still or repeat (a replayed market): the ledger goes by order, not time.
      time += pick([0, 1, 60_000, 3_600_000, 86_400_000]);
      fills.push({ clientOrderId, symbol, side, price, amount: piece, fee, time, source });
    }
    held.set(key, side === 'buy' ? holding + amount : Math.max(0, holding - amount));
  }
  return { fills, restartAt: Math.floor(next() * fills.length) };
}

/** What the P&L tab's "P&L by strategy" shows per source, all time: a full replay of the fills. */
function replayed(fills: readonly PnlFill[]): Map<string, string> {
  const report = pnlReport({ fills, mark: () => 110, now: T0, startingBalance: 10_000 });
  return new Map(report.bySource.map(({ source, periods }) => [source, String(periods.all.realizedNet)]));
}

function running(figures: RealizedBySource): Map<string, string> {
  return new Map(SOURCES.map((source) => [source, String(figures.net(source))]));
}

describe('running realized P&L by source', () => {
  it('equals the P&L report’s full replay after every fill, to the last digit, across a restart (300 random accounts)', () => {
    let beyondOwn = 0;
    let exits = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { fills, restartAt } = sequence(seed);
      let figures = new RealizedBySource();
      for (let i = 0; i < fills.length; i++) {
        if (i === restartAt) {
          // A restart: the figures are built again from the history the account reports.
          figures = new RealizedBySource();
          for (const earlier of fills.slice(0, i)) figures.apply(earlier);
        }
        const moved = figures.apply(fills[i]!);
        const expected = replayed(fills.slice(0, i + 1));
        const shown = running(figures);
        for (const source of SOURCES) expect(shown.get(source), `seed ${seed}, fill ${i}, ${source}`).toBe(expected.get(source) ?? '0');
        if (moved.some((source) => source !== fills[i]!.source)) beyondOwn++;
        if (moved.length > 0) exits++;
      }
    }
    // The sequences did what they are for: many exits, some closing other sources' positions.
    expect(exits).toBeGreaterThan(1_000);
    expect(beyondOwn).toBeGreaterThan(20);
  }, 60_000);

  it('tells which sources moved: none for a buy, the seller’s own and the ones whose positions it closed', () => {
    const figures = new RealizedBySource();
    const fill = (source: string, side: 'buy' | 'sell', amount: number, price: number): PnlFill => ({ clientOrderId: `${source}-${side}-${price}`, symbol: 'BTC/USDT', side, price, amount, fee: 0.1, time: T0, source });
    expect(figures.apply(fill('alpha', 'buy', 1, 100))).toEqual([]);
    expect(figures.apply(fill('manual', 'buy', 1, 100))).toEqual([]);
    // The trader flattens the symbol: their own position first, then alpha's.
    expect(figures.apply(fill('manual', 'sell', 2, 110))).toEqual(['manual', 'alpha']);
    // alpha's 1 @100 sold at 110: +10, less its entry fee and half the exit's fee (shared by size).
    expect(figures.net('alpha')).toBeCloseTo(9.85, 10);
    expect(figures.net('nobody')).toBe(0);
  });
});

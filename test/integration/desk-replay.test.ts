import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * Issue 15 through the public API on a replayed market (real encrypted store and keychain: run under
 * test/with-keyring.sh): the replayed market has a book and a tape that agree with the candles it plays
 * (item 1), and a strategy trade that had a stop is reviewed with its R multiple (item 4).
 */
const terminals = restartableTerminal();
const START = Date.UTC(2024, 4, 1);

interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** A rising 1m BTC/USDT replay: each bar 0.05 above the last, 0.2 either side of its body; prices in cents. */
function risingReplay(dir: string, bars: number): { file: string; candles: Bar[] } {
  const candles = Array.from({ length: bars }, (_, i) => {
    const open = 100 + i * 0.05;
    return { time: START + i * 60_000, open, close: open + 0.05, high: open + 0.25, low: open - 0.2 };
  });
  const cents = (value: number) => value.toFixed(2);
  const rows = candles.map((c) => `${c.time},${cents(c.open)},${cents(c.high)},${cents(c.low)},${cents(c.close)},1000`);
  const file = join(dir, 'BTCUSDT-1m-rising.csv');
  writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  return { file, candles };
}

/** A trader's strategy file: buys on its first live bar with a stop 2 under the close, sells it all three bars later. */
const STOPPED_ROUND_TRIP = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'stopped-round-trip',
  description: 'Test strategy: one market round trip with a stop.',
  params: z.object({ stake: z.number().positive().default(10) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    let bars = 0;
    let done = false;
    return {
      onCandle(ctx) {
        if (done) return [];
        if (ctx.position === null) {
          return ctx.openEntryOrders > 0 ? [] : [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.stake }, orderType: 'market', exits: { stopLoss: ctx.candle.close - 2 }, reason: 'round trip' }];
        }
        bars += 1;
        if (bars < 3) return [];
        done = true;
        return [{ kind: 'exit_all', symbol, reason: 'signal' }];
      },
      readiness() { return 0; },
    };
  },
};
`;

describe('the replayed market’s depth and the review of a stopped trade', () => {
  it('books and prints the replayed prices: bids under the last, asks over it, trades inside the bars played', { timeout: 120_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-replay-depth-');
    const { file, candles } = risingReplay(dataDir, 1_200);
    const api = await terminals.start({ dataDir, market: { kind: 'replay', file }, speed: 120, tickMs: 50 });

    const view = await until(() => api.call('market.depth', { symbol: 'BTC/USDT', levels: 10 }), (v) => v.trades.length > 3 && v.last !== null, 'the replayed tape');
    expect(view).toMatchObject({ transport: 'simulated', problem: null, priceDecimals: 2, grouping: 1 });
    const last = view.last!;
    // The last price is one the file played (a bar's range) and the book straddles it on the cent.
    const playing = candles.filter((c) => c.low - 1e-9 <= last && last <= c.high + 1e-9);
    expect(playing.length).toBeGreaterThan(0);
    expect(view.bids[0]!.price).toBeLessThan(last);
    expect(view.asks[0]!.price).toBeGreaterThanOrEqual(last);
    for (const level of [...view.bids, ...view.asks]) expect(Math.abs(level.price * 100 - Math.round(level.price * 100))).toBeLessThan(1e-6);
    expect(view.spread).toBeCloseTo(view.asks[0]!.price - view.bids[0]!.price, 9);
    // Every trade on the tape is at a price the replay went through, in the minutes it played.
    const played = candles.filter((c) => c.time <= view.trades[0]!.time);
    const low = Math.min(...played.map((c) => c.low));
    const high = Math.max(...played.map((c) => c.high));
    for (const trade of view.trades) {
      expect(trade.price).toBeGreaterThanOrEqual(low - 1e-9);
      expect(trade.price).toBeLessThanOrEqual(high + 1e-9);
      expect(trade.amount).toBeGreaterThan(0);
    }
    // A market order's estimate is read from that book.
    const estimate = await api.call('market.fillEstimate', { symbol: 'BTC/USDT', side: 'buy', amount: '0.5' });
    expect(estimate.filled).toBeCloseTo(0.5, 9);
    expect(estimate.expectedPrice!).toBeGreaterThanOrEqual(estimate.last! - 0.01);
    expect(estimate.allowed).toBe(true);
  });

  it('reviews a strategy’s closed trade with its first stop and its R multiple', { timeout: 120_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-replay-r-');
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'stopped-round-trip.js'), STOPPED_ROUND_TRIP);
    const { file } = risingReplay(dataDir, 1_200);
    const api = await terminals.start({ dataDir, market: { kind: 'replay', file }, speed: 120, tickMs: 50 });
    await api.call('strategies.save', { name: 'stopped', strategy: 'stopped-round-trip', params: { stake: 10 }, symbols: ['BTC/USDT'], enabled: true });

    const [trade] = await until(() => api.call('trades.list', { symbol: 'BTC/USDT' }), (list) => list[0]?.status === 'closed', 'the strategy’s trade to close', 90_000);
    const fills = (await api.call('fills.list', {})).filter((f) => f.tradeId === trade!.id);
    const buy = fills.find((f) => f.side === 'buy')!;
    const sell = fills.find((f) => f.side === 'sell')!;
    expect(trade).toMatchObject({ source: 'stopped', status: 'closed', closedPct: 100, entries: 1, exits: 1, exitReasons: ['signal'] });
    // 1 R is what the first stop risked: 2 under the entry bar's close, a little less than 2 under the filled price.
    expect(trade!.initialStop).not.toBeNull();
    const riskPerUnit = buy.price - trade!.initialStop!;
    expect(riskPerUnit).toBeGreaterThan(1.5);
    expect(riskPerUnit).toBeLessThan(2.5);
    // The fills' own numbers: proceeds − cost − every fee, over the risk of the quantity sold.
    const pnl = sell.price * sell.amount - buy.price * buy.amount - buy.fee - sell.fee;
    expect(trade!.pnl).toBeCloseTo(pnl, 6);
    expect(trade!.rMultiple).toBeCloseTo(pnl / (riskPerUnit * sell.amount), 6);
  });
});

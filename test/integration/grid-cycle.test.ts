import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FillView, OrderView } from '../../core/api/contract/trading.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { removeDir, tempDir } from './store-helpers.js';

/**
 * The way a trader sees a DCA grid's cycle end on the paper account, through the public API: the take
 * profit fills and, in the same moment, the grid's other buy orders are gone from Open Orders — not an
 * hour later on the strategy's next bar — so the dip that follows buys nothing.
 */
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);
/**
 * The grid's hourly bar that sets it up closes here (12:00): the replay's 500 minutes of history end at 08:20, which
 * leaves the configuration over 5 s (at this speed) to start and warm up before it.
 */
const SETUP_END = 720;
const LAST_PRICE = 95.55;

/**
 * 1m BTC/USDT: calm near 100; 11:00–12:00 falls 2 % on triple volume (the grid: 98, 97.02, 96.04; take profit
 * 98.49); 98 fills at once, the price rises through the take profit by 12:12, then falls to 95.5 through both
 * other levels by 12:45 — well before the strategy's next bar at 13:00 — and stays there.
 */
function writeMarket(dir: string): string {
  const closes: number[] = [];
  const volumes: number[] = [];
  const push = (close: number, volume = 1_000) => (closes.push(close), volumes.push(volume));
  for (let m = 0; m < SETUP_END - 60; m++) push(100 + 0.02 * Math.sin(m / 3));
  for (let m = 1; m <= 60; m++) push(100 - (2 * m) / 60, 3_000);
  for (let m = 0; m < 5; m++) push(97.9);
  for (let m = 1; m <= 10; m++) push(97.9 + (1.1 * m) / 10);
  for (let m = 0; m < 10; m++) push(99);
  for (let m = 1; m <= 20; m++) push(99 - (3.5 * m) / 20);
  for (let m = 0; m < 60; m++) push(95.5 + 0.02 * Math.sin(m / 3));
  push(LAST_PRICE);
  const rows = ['timestamp,open,high,low,close,volume'];
  closes.forEach((raw, i) => {
    const close = Number(raw.toFixed(2));
    const open = i === 0 ? close : Number(closes[i - 1]!.toFixed(2));
    rows.push(`${T0 + i * MINUTE},${open},${Math.max(open, close)},${Math.min(open, close)},${close},${volumes[i]}`);
  });
  const file = join(dir, 'BTCUSDT-1m.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

const dirs: string[] = [];
let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

afterEach(async () => {
  await current?.close();
  current = null;
});
afterAll(() => dirs.forEach(removeDir));

describe('a DCA grid cycle seen from the desk', () => {
  it('the take profit fills and the open orders list is empty at once; the dip through the old levels buys nothing', async () => {
    const dir = tempDir('halyard-grid-cycle-');
    dirs.push(dir);
    // 40 market minutes a second: the exit comes about a second before the strategy's next bar would cancel the grid.
    current = await apiTerminal({ market: { kind: 'replay', file: writeMarket(dir) }, speed: 2_400, tickMs: 20 });
    const { api } = current;
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    const fills: FillView[] = [];
    const openWhenExitFilled: Promise<OrderView[]> = new Promise((resolve) => {
      api.on('fills.new', ({ fill }) => {
        fills.push(fill);
        if (fill.source === 'grid' && fill.exitReason === 'take_profit') void api.call('orders.list', { status: 'open' }).then(resolve);
      });
    });
    await api.call('strategies.save', {
      name: 'grid',
      strategy: 'dca-grid',
      params: { timeframe: '1h', highWindowHours: 1, volumeLookback: 2, volumeFactor: 1, dropPct: 1, levels: 3, spacingPct: 1, budgetFraction: 0.15, takeProfitPct: 0.5 },
      symbols: ['BTC/USDT'],
      enabled: true,
    });
    const placed = await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.filter((o) => o.source === 'grid').length === 3, 'the grid of three limit buys');
    expect(placed.map((o) => [o.side, o.type, o.price]).sort()).toEqual([['buy', 'limit', 96.04], ['buy', 'limit', 97.02], ['buy', 'limit', 98]]);

    const open = await openWhenExitFilled;
    expect(open.filter((o) => o.source === 'grid')).toEqual([]);
    const orders = (await api.call('orders.list', { status: 'all' })).filter((o) => o.source === 'grid');
    expect(orders.filter((o) => o.side === 'buy').map((o) => [o.price, o.status]).sort()).toEqual([[96.04, 'canceled'], [97.02, 'canceled'], [98, 'filled']]);

    // The replay runs on through the dip to its last minute (past the strategy's next bar): nothing more is bought.
    await until(() => api.call('market.watchlist', {}), (rows) => rows.some((r) => r.symbol === 'BTC/USDT' && r.last === LAST_PRICE), 'the end of the replay', 20_000);
    const grid = (await api.call('fills.list', {})).filter((f) => f.source === 'grid');
    expect(grid.map((f) => [f.side, f.exitReason])).toEqual([['buy', null], ['sell', 'take_profit']]);
    expect(fills.filter((f) => f.source === 'grid')).toHaveLength(2);
    expect((await api.call('positions.list', {})).filter((p) => p.source === 'grid')).toEqual([]);
    await expect(api.call('orders.list', { status: 'open' })).resolves.toEqual([]);
    const signals = await api.call('strategies.signals', { name: 'grid', limit: 100 });
    expect(signals.filter((s) => /rejected|blocked|error/.test(s.kind))).toEqual([]);
  }, 40_000);
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * What must hold across a restart, through the public API on the real encrypted store and keychain (run
 * under test/with-keyring.sh), on replayed candles so that prices, fees and days are known: the daily
 * loss breaker counts the whole account (the trader's and a strategy's losses together), watches every
 * bar, and is still tripped after a restart the same day; and paper positions match balances after a
 * restart during which a resting order filled.
 */
const terminals = restartableTerminal();
const DAY = Date.UTC(2024, 2, 1);

/** A 1m BTC/USDT replay file: `prices[i]` is bar i's open = close (flat bars), starting at `start`. */
function replay(dir: string, name: string, prices: readonly number[], start = DAY): string {
  const file = join(dir, `BTCUSDT-1m-${name}.csv`);
  const rows = prices.map((price, i) => `${start + i * 60_000},${price},${price},${price},${price},1000`);
  writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  return file;
}

/** A trader's strategy file: buys `stake` at market on its first live bar, sells it all on the next. */
const ROUND_TRIP = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'round-trip',
  description: 'Test strategy: one market round trip.',
  params: z.object({ stake: z.number().positive().default(15) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    let done = false;
    return {
      onCandle(ctx) {
        if (done) return [];
        if (ctx.position === null) return ctx.openEntryOrders > 0 ? [] : [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.stake }, orderType: 'market', reason: 'round trip' }];
        done = true;
        return [{ kind: 'exit_all', symbol, reason: 'signal' }];
      },
      readiness() { return 0; },
    };
  },
};
`;

/** A trader's strategy file: one limit buy resting 5 % under the market, placed on its first live bar. */
const REST_BELOW = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'rest-below',
  description: 'Test strategy: one resting limit buy.',
  params: z.object({ qty: z.number().positive().default(1) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    return {
      onCandle(ctx) {
        if (ctx.position !== null || ctx.openEntryOrders > 0) return [];
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.qty }, orderType: 'limit', limitPrice: ctx.candle.close * 0.95, reason: 'rest below' }];
      },
      readiness() { return 0; },
    };
  },
};
`;

const lossPct = async (api: ApiClient) => (await api.call('risk.state', {})).breaker.lossPct;

describe('the account-wide daily loss breaker', () => {
  it("trips on the trader's and a strategy's losses together, on a bar, and is still tripped after a restart the same day", { timeout: 120_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-breaker-');
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'round-trip.js'), ROUND_TRIP);
    const market = replay(dataDir, 'flat', Array.from({ length: 1_400 }, () => 100));
    let api = await terminals.start({ dataDir, market: { kind: 'replay', file: market }, speed: 120, tickMs: 50 });

    // No trade cooldown: the refusal at the end is the breaker's, not the cooldown after the trader's close.
    await api.call('risk.config.set', { config: { tradeCooldownMinutes: 0 } });
    // The trader's round trip of 15 BTC at 100: fees and slippage are a small loss of the day.
    await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '15' });
    await until(() => api.call('positions.list', {}), (rows) => rows.some((p) => p.source === 'manual'), 'the manual buy to fill');
    await api.call('orders.place', { symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '15' });
    await until(() => api.call('positions.list', {}), (rows) => rows.length === 0, 'the manual sell to fill');
    const manualLoss = await until(() => lossPct(api), (pct) => pct < 0, 'the loss to show');
    // The limit sits between the trader's loss alone and twice it: neither owner alone trips it.
    const limit = Math.abs(manualLoss) * 1.5;
    await api.call('risk.config.set', { config: { breaker: { dailyLossPct: Number(limit.toFixed(6)) }, tradeCooldownMinutes: 0 } });
    expect((await api.call('risk.state', {})).breaker.tripped).toBe(false);

    // A strategy's own round trip of the same size: the account's loss now passes the limit, and the
    // breaker trips on a bar, with no order asking.
    await api.call('strategies.save', { name: 'rt', strategy: 'round-trip', params: { stake: 15 }, symbols: ['BTC/USDT'], enabled: true });
    const state = await until(() => api.call('risk.state', {}), (s) => s.breaker.tripped, 'the breaker to trip');
    expect(state.breaker.lossPct).toBeLessThanOrEqual(-limit);
    expect(state.locks).toContainEqual(expect.objectContaining({ rule: 'daily_loss_breaker', scope: 'account paper' }));
    const entry = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '1' }).catch((e: unknown) => e);
    expect(entry).toBeInstanceOf(ApiError);
    expect((entry as ApiError).message).toMatch(/daily loss breaker on paper/);

    // Restarted on the same (market) day: still tripped, entries still refused.
    await terminals.stop();
    api = await terminals.start({ dataDir, market: { kind: 'replay', file: market }, speed: 120, tickMs: 50 });
    expect((await api.call('risk.state', {})).breaker.tripped).toBe(true);
    await expect(api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '1' })).rejects.toThrow(/daily loss breaker/);
  });
});

describe('switching a strategy off', () => {
  it('cancels its working orders before it shows stopped', { timeout: 60_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-switch-off-');
    mkdirSync(join(dataDir, 'strategies'), { recursive: true });
    writeFileSync(join(dataDir, 'strategies', 'rest-below.js'), REST_BELOW);
    const api = await terminals.start({ dataDir, market: { kind: 'replay', file: replay(dataDir, 'flat', Array.from({ length: 1_400 }, () => 100)) }, speed: 120, tickMs: 50 });
    await api.call('strategies.save', { name: 'rest', strategy: 'rest-below', symbols: ['BTC/USDT'], enabled: true });
    const resting = await until(() => api.call('orders.list', { status: 'open' }), (orders) => orders.some((o) => o.source === 'rest'), 'its order resting at the venue');
    expect(resting.find((o) => o.source === 'rest')).toMatchObject({ side: 'buy', type: 'limit', price: 95 });
    const stopped = await api.call('strategies.setEnabled', { name: 'rest', enabled: false });
    expect(stopped.state).toBe('stopped');
    expect((await api.call('orders.list', { status: 'open' })).filter((o) => o.source === 'rest')).toEqual([]);
    expect((await api.call('orders.list', { status: 'all' })).filter((o) => o.source === 'rest').map((o) => o.status)).toEqual(['canceled']);
  });
});

describe('paper positions after a restart', () => {
  it('match the balances when a resting order filled as the account came back', { timeout: 120_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-paper-fill-');
    const before = replay(dataDir, 'before', Array.from({ length: 700 }, () => 100));
    let api = await terminals.start({ dataDir, market: { kind: 'replay', file: before }, speed: 1, tickMs: 50 });
    const resting = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '5', price: '95' });
    expect(resting.status).toBe('open');
    await terminals.stop();

    // While Halyard was away the market fell through the limit: the first candle the account sees fills it.
    const after = replay(dataDir, 'after', Array.from({ length: 700 }, () => 90), DAY + 700 * 60_000);
    api = await terminals.start({ dataDir, market: { kind: 'replay', file: after }, speed: 1, tickMs: 50 });
    const order = await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.clientOrderId === resting.clientOrderId && o.status === 'filled'), 'the restored order to fill');
    expect(order.find((o) => o.clientOrderId === resting.clientOrderId)?.averagePrice).toBe(95);
    const btc = (await api.call('balances.list', { account: 'paper' })).find((b) => b.currency === 'BTC');
    const positions = await until(() => api.call('positions.list', {}), (rows) => rows.length > 0, 'the position');
    expect(positions).toEqual([expect.objectContaining({ account: 'paper', source: 'manual', symbol: 'BTC/USDT', quantity: btc?.total, averageEntry: 95 })]);
    expect(btc?.total).toBe(5);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { armedOnStub } from '../helpers/venue-bars.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * Protective stops rest at the venue: a live position with a stop gets a STOP_LOSS_LIMIT at Binance
 * (the strict stub), which follows the trailing stop (cancel, then replace: never two live), is kept
 * through an emergency stop — and still sells when the price falls while Halyard is HALTED — and is
 * cancelled by Flatten before the position is sold. Every request Halyard sends is one the venue takes.
 * Real ccxt, keychain and encrypted store: run under test/with-keyring.sh.
 */
const STRATEGY = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'guarded',
  description: 'Test strategy: one market entry per symbol with a stop loss, and a trailing stop on BTC.',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    let done = false;
    const btc = symbol === 'BTC/USDT';
    return {
      onCandle(ctx) {
        if (done || ctx.position !== null || ctx.openEntryOrders > 0) return [];
        const exits = btc ? { stopLoss: 49000, trailing: { activationPrice: 50200, distancePct: 1 } } : { stopLoss: 2900 };
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: btc ? 0.01 : 0.1 }, orderType: 'market', reason: 'enter once', exits }];
      },
      onPositionClosed() { done = true; },
      readiness() { return 0; },
    };
  },
};
`;

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('protective stops at the venue', () => {
  const desk = binanceDesk({ prefix: 'halyard-protective-', empty: ['BTC', 'ETH'], strategies: { guarded: STRATEGY } });

  const openStops = (symbol: string) => desk.stub.book.open().filter((o) => o.symbol === symbol && o.type === 'STOP_LOSS_LIMIT' && o.side === 'SELL');
  const move = (symbol: 'BTCUSDT' | 'ETHUSDT', price: number) => {
    desk.pump.close[symbol] = price;
    desk.stub.book.setPrice(symbol, price);
  };

  it('places, trails, keeps through the emergency stop and cancels on flatten — with only requests the venue accepts', { timeout: 240_000 }, async () => {
    const { stub, pump } = desk;
    const { api } = await desk.open();
    await armedOnStub(api, stub);
    pump.start();
    await api.call('strategies.save', { name: 'guard', strategy: 'guarded', symbols: ['BTC/USDT', 'ETH/USDT'], account: 'binance:main', enabled: true });
    const btc = 'binance:main:guard:BTC/USDT';
    const eth = 'binance:main:guard:ETH/USDT';
    const row = async (id: string) => (await api.call('positions.list', {})).find((p) => p.id === id);

    // Both entries filled: each position has its stop resting at the venue, and its row says so.
    await waitFor(async () => expect(await row(btc)).toMatchObject({ quantity: 0.01, protection: 'protected at venue (stop 49000)' }));
    await waitFor(async () => expect(await row(eth)).toMatchObject({ quantity: 0.1, protection: 'protected at venue (stop 2900)' }));
    expect(openStops('BTCUSDT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.price), fromUnits(o.origQty)])).toEqual([[49_000, 48_755, 0.01]]);
    expect(openStops('ETHUSDT').map((o) => [fromUnits(o.stopPrice), fromUnits(o.price), fromUnits(o.origQty)])).toEqual([[2_900, 2_885.5, 0.1]]);

    // BTC rises past the trailing stop's activation: the stop trails to 1% under the bar's high (50 505).
    move('BTCUSDT', 50_500);
    await waitFor(async () => expect((await row(btc))?.protection).toBe('protected at venue (stop 49999.95)'));
    expect(openStops('BTCUSDT').map((o) => fromUnits(o.stopPrice))).toEqual([49_999.95]);
    expect(stub.book.orders.filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), o.status])).toEqual([
      [49_000, 'CANCELED'],
      [49_999.95, 'NEW'],
    ]);
    // Cancel, then replace: in the order the venue heard them, never two BTC stops live at once.
    let live = 0;
    let most = 0;
    for (const request of stub.requests.filter((r) => r.params['symbol'] === 'BTCUSDT' && r.status === 200)) {
      if (request.method === 'POST' && request.path === '/api/v3/order' && request.params['type'] === 'STOP_LOSS_LIMIT') live++;
      if (request.method === 'DELETE' && request.path === '/api/v3/order') live--;
      most = Math.max(most, live);
    }
    expect(most).toBe(1);

    // The emergency stop keeps both protective stops at the venue and lists them as kept.
    const stopped = await api.call('risk.emergencyStop', { source: 'button' });
    const report = stopped.stop ?? (await api.call('risk.lastStop', {}))!;
    expect(report.orders.filter((o) => o.outcome === 'kept').map((o) => o.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(report.orders.filter((o) => o.outcome !== 'kept')).toEqual([]);
    expect(openStops('BTCUSDT')).toHaveLength(1);
    expect(openStops('ETHUSDT')).toHaveLength(1);

    // HALTED, BTC falls through its stop: the venue sells, and the trade closes on the trailing stop.
    move('BTCUSDT', 49_900);
    await waitFor(async () => expect(await row(btc)).toBeUndefined());
    const btcFills = (await api.call('fills.list', {})).filter((f) => f.source === 'guard' && f.symbol === 'BTC/USDT');
    expect(btcFills.map((f) => [f.side, f.exitReason])).toEqual([
      ['buy', null],
      ['sell', 'trailing_stop'],
    ]);

    // Flatten: ETH's stop is cancelled first (its coins are needed), then ETH is sold at market.
    const flattened = await api.call('risk.flatten', { confirm: true });
    expect(flattened.positions.map((r) => [r.symbol, r.outcome])).toEqual([['ETH/USDT', 'closed']]);
    expect(flattened.verified).toBe(true);
    await waitFor(async () => expect(await row(eth)).toBeUndefined());
    expect(stub.book.open()).toEqual([]);
    expect(stub.book.orders.filter((o) => o.symbol === 'ETHUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => o.status)).toEqual(['CANCELED']);
    expect(stub.book.balanceOf('ETH')).toMatchObject({ free: '0.00000000', locked: '0.00000000' });

    // Everything Halyard sent on the way, the venue accepted.
    expect(stub.requests.filter((r) => r.status !== 200).map((r) => `${r.method} ${r.path} ${r.status} ${r.code}`)).toEqual([]);
  });

  it('with "Cancel protective stops on emergency stop" set, the stop cancels them too; re-arming places them again', { timeout: 240_000 }, async () => {
    const { stub } = desk;
    const { api } = desk.current;
    await api.call('risk.rearm', { confirm: true });
    const config = await api.call('risk.config.get', {});
    await api.call('risk.config.set', { config: { ...config, emergencyStop: { cancelProtectiveStops: true } } });
    move('ETHUSDT', 3_000);
    await api.call('strategies.save', { name: 'guard-2', strategy: 'guarded', symbols: ['ETH/USDT'], account: 'binance:main', enabled: true });
    const id = 'binance:main:guard-2:ETH/USDT';
    const row = async () => (await api.call('positions.list', {})).find((p) => p.id === id);
    await waitFor(async () => expect(await row()).toMatchObject({ quantity: 0.1, protection: 'protected at venue (stop 2900)' }));

    const stopped = await api.call('risk.emergencyStop', { source: 'button' });
    const report = stopped.stop ?? (await api.call('risk.lastStop', {}))!;
    expect(report.orders.map((o) => [o.symbol, o.outcome])).toEqual([['ETH/USDT', 'canceled']]);
    expect(openStops('ETHUSDT')).toEqual([]);
    await waitFor(async () => expect((await row())?.protection).toBe('stop held by Halyard only: HALTED — placed at the venue again once re-armed'));

    await api.call('risk.rearm', { confirm: true });
    await waitFor(async () => expect((await row())?.protection).toBe('protected at venue (stop 2900)'));
    expect(openStops('ETHUSDT').map((o) => fromUnits(o.stopPrice))).toEqual([2_900]);
    expect(stub.requests.filter((r) => r.status !== 200).map((r) => `${r.method} ${r.path} ${r.status} ${r.code}`)).toEqual([]);
  });
});

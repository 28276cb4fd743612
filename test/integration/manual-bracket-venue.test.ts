import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * The trader's own live position gets what a strategy's gets: its bracket's stop rests at Binance (the
 * strict stub) as a STOP_LOSS_LIMIT, its take profit sells it on the bar that reaches it (cancelling the
 * venue stop first); and a working live order is modified by cancel/replace at the venue. Real ccxt,
 * keychain and encrypted store: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('a manual bracket and a modify on a live account', () => {
  const desk = binanceDesk({ prefix: 'halyard-bracket-' });

  const stops = () => desk.stub.book.orders.filter((o) => o.symbol === 'BTCUSDT' && o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), o.status]);

  it('rests the bracket’s stop at the venue, sells at its take profit, and modifies a live order by cancel/replace', { timeout: 180_000 }, async () => {
    const { stub, pump } = desk;
    const { api } = await desk.openArmed();
    const id = 'binance:main:manual:BTC/USDT';
    const row = async () => (await api.call('positions.list', {})).find((p) => p.id === id);

    await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '49000', takeProfit: '50400' });
    await waitFor(async () => expect(await row()).toMatchObject({ quantity: 0.01, stopLoss: 49_000, takeProfits: [{ price: 50_400, fraction: 1 }], exitStatus: 'enforced', protection: 'protected at venue (stop 49000)' }));
    expect(stops()).toEqual([[49_000, 'NEW']]);

    // A working limit buy far under the market, moved by cancel/replace: the venue sees a cancel, then a new client id.
    const limit = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '45000' });
    const moved = await api.call('orders.modify', { clientOrderId: limit.clientOrderId, price: '45500' });
    expect(moved).toMatchObject({ account: 'binance:main', price: 45_500, status: 'open' });
    const venueOrders = stub.book.orders.filter((o) => o.type === 'LIMIT').map((o) => [o.clientOrderId, fromUnits(o.price), o.status]);
    expect(venueOrders).toEqual([
      [limit.clientOrderId, 45_000, 'CANCELED'],
      [moved.clientOrderId, 45_500, 'NEW'],
    ]);
    await api.call('orders.cancel', { clientOrderId: moved.clientOrderId });

    // The market reaches the take profit: the venue stop is cancelled first, then the position is sold.
    pump.close.BTCUSDT = 50_400;
    stub.book.setPrice('BTCUSDT', 50_400);
    await waitFor(async () => expect(await row()).toBeUndefined());
    expect(stops()).toEqual([[49_000, 'CANCELED']]);
    const fills = (await api.call('fills.list', {})).filter((f) => f.account === 'binance:main' && f.symbol === 'BTC/USDT');
    expect(fills.map((f) => [f.side, f.exitReason])).toEqual([
      ['buy', null],
      ['sell', 'take_profit'],
    ]);
  });
});

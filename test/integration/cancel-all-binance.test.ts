import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { armedOnStub } from '../helpers/venue-bars.js';
import { fromUnits } from '../stubs/binance-book.js';

/**
 * Through the public API on an armed Binance account (the strict stub, real ccxt, keychain and encrypted
 * store: run under test/with-keyring.sh):
 * - a stop-limit whose stop the market has already reached is refused by Binance (-2010 "Order would
 *   trigger immediately.") and the refusal names the ticket's stop price field;
 * - Cancel all (`orders.cancelAllPlan`, then `orders.cancelAll`) cancels the working orders of every account
 *   through the single Cancel's road, leaves the position's protective stop at the venue, and reports the
 *   order the venue would not cancel with the venue's own reason.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('stop-limit refusal and Cancel all on a live Binance account', () => {
  const desk = binanceDesk({ prefix: 'halyard-cancel-all-', empty: ['BTC', 'ETH'] });

  it('names the stop price when Binance refuses a stop that would trigger immediately', { timeout: 120_000 }, async () => {
    const { stub, pump } = desk;
    const { api } = await desk.open();
    await armedOnStub(api, stub);
    pump.start();
    await waitFor(async () => expect((await api.call('market.watchlist', {})).find((r) => r.symbol === 'BTC/USDT')?.last).toBe(50_000));

    // A buy stop-limit must trigger above the market: at 49,000 with the last trade at 50,000 Binance refuses it.
    const refused = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'stop_limit', amount: '0.001', price: '49100', stopPrice: '49000' }).then(
      () => null,
      (error: unknown) => error as { code: string; message: string; issues?: { path: string; message: string }[] },
    );
    expect(refused?.code).toBe('rejected');
    expect(refused?.issues).toEqual([{ path: 'stopPrice', message: expect.stringContaining('Order would trigger immediately.') }]);
    expect(refused?.message).toContain('the stop price has already been reached by the last price');
    const posted = stub.requestsTo('POST', '/api/v3/order');
    expect(posted.map((r) => [r.params.type, r.status, r.code])).toEqual([['STOP_LOSS_LIMIT', 400, -2010]]);
    expect(stub.book.open()).toHaveLength(0);
  });

  it('cancels every working order but the protective stop, and reports the one the venue would not cancel with its reason', { timeout: 180_000 }, async () => {
    const { stub } = desk;
    const { api } = desk.current;
    const row = async () => (await api.call('positions.list', {})).find((p) => p.id === 'binance:main:manual:BTC/USDT');
    await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '49000' });
    await waitFor(async () => expect((await row())?.protection).toBe('protected at venue (stop 49000)'));
    const protective = stub.book.open('BTCUSDT').find((o) => o.type === 'STOP_LOSS_LIMIT')!;

    const btc = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: '45000' });
    const eth = await api.call('orders.place', { account: 'binance:main', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '2500' });
    const paper = await api.call('orders.place', { account: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: '45000' });

    const plan = await api.call('orders.cancelAllPlan', {});
    expect(plan.cancel.map((o) => o.clientOrderId).sort()).toEqual([btc, eth, paper].map((o) => o.clientOrderId).sort());
    expect(plan.keep.map((k) => [k.order.exchangeOrderId, k.order.reason, k.why])).toEqual([[String(protective.orderId), 'protective stop', expect.stringMatching(/^protective stop of an open position/)]]);
    // Narrowed to an account and a symbol, the plan holds only what is shown there.
    expect((await api.call('orders.cancelAllPlan', { account: 'binance:main', symbol: 'ETH/USDT' })).cancel.map((o) => o.clientOrderId)).toEqual([eth.clientOrderId]);

    // The venue fails every attempt to cancel the first order (the adapter retries a cancel 4 times), then recovers.
    stub.fault({ method: 'DELETE', path: '/api/v3/order', kind: 'server_error', times: 4 });
    const report = await api.call('orders.cancelAll', { clientOrderIds: [btc.clientOrderId, eth.clientOrderId, paper.clientOrderId] });
    expect(report.cancelled.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([
      [eth.clientOrderId, 'canceled'],
      [paper.clientOrderId, 'canceled'],
    ].sort());
    expect(report.notCancelled).toEqual([
      { clientOrderId: btc.clientOrderId, order: expect.objectContaining({ status: 'open', account: 'binance:main' }), reason: expect.stringContaining('Internal error; unable to process your request.') },
    ]);
    const atVenue = (clientOrderId: string) => stub.book.orders.find((o) => o.clientOrderId === clientOrderId)?.status;
    expect([atVenue(btc.clientOrderId), atVenue(eth.clientOrderId)]).toEqual(['NEW', 'CANCELED']);
    expect(stub.book.open('BTCUSDT').filter((o) => o.type === 'STOP_LOSS_LIMIT').map((o) => [fromUnits(o.stopPrice), o.status])).toEqual([[49_000, 'NEW']]);
    expect((await row())?.protection).toBe('protected at venue (stop 49000)');

    // A protective stop named by a caller anyway is still left alone, and said so.
    const again = await api.call('orders.cancelAll', { clientOrderIds: [plan.keep[0]!.order.clientOrderId] });
    expect(again).toEqual({ cancelled: [], notCancelled: [{ clientOrderId: plan.keep[0]!.order.clientOrderId, order: expect.objectContaining({ status: 'open' }), reason: expect.stringMatching(/^left alone: protective stop/) }] });
    expect(stub.book.open('BTCUSDT').filter((o) => o.type === 'STOP_LOSS_LIMIT')).toHaveLength(1);
  });
});

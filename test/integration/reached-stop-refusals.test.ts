import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBybitStub } from '../stubs/bybit-stub.js';
import { startKrakenStub } from '../stubs/kraken-stub.js';
import { armedRoad, type Road } from './order-roads-helpers.js';

/**
 * A stop-limit whose stop the market has already reached, placed through the public API of a real Terminal
 * armed on a strict venue stub: refused with the field it concerns (`stopPrice`), so the ticket shows the
 * reason beside Stop price as it does for Binance's -2010 and the paper account. Bybit refuses it itself
 * (110092 / 110093, docs/v5/error.mdx); Kraken would take it and execute it at once, so Halyard refuses it
 * before sending anything.
 */
const ROAD_MS = 120_000;
const poll = { timeout: 60_000, interval: 100 };
interface Venue {
  readonly apiKey: string;
  readonly secret: string;
  readonly url: string;
  close(): Promise<void>;
}

/** A Terminal armed on a fresh venue stub for the describe block; read `stub` and `road` inside its tests. */
function armedOn<S extends Venue>(start: () => Promise<S>, exchange: string, permissions: 'checked' | 'unknown'): { stub: S; road: Road } {
  const held = {} as { stub: S; road: Road };
  beforeAll(async () => {
    held.stub = await start();
    held.road = await armedRoad({ venue: { exchange, label: 'stops', apiKey: held.stub.apiKey, secret: held.stub.secret, url: held.stub.url }, timeoutMs: 120_000, permissions });
  }, 30_000);
  afterAll(async () => {
    await held.road?.close();
    await held.stub?.close();
  });
  return held;
}

const isReachedRefusal = (pattern: RegExp) => ({ code: 'rejected', issues: [{ path: 'stopPrice', message: expect.stringMatching(pattern) }] });

describe('a reached stop on Bybit (USDT perpetuals)', () => {
  const ACCOUNT = 'bybit:stops';
  const PERP = 'BTC/USDT:USDT';
  const on = armedOn(startBybitStub, 'bybit', 'checked');
  const creates = () => on.stub.requestsTo('POST', '/v5/order/create');

  it('a buy stop at or below the last price: Bybit answers 110092, shown beside Stop price; a sell stop at or above it: 110093', async () => {
    // A buy stop triggers on a rise (triggerDirection 1): Bybit refuses one at or below the last price (50,000).
    const buy = await on.road.api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'buy', type: 'stop_limit', amount: '0.01', price: '49500', stopPrice: '49000' }).catch((error: unknown) => error);
    expect(buy).toMatchObject(isReachedRefusal(/expect Rising, but trigger_price\[49000\] <= current\[50000\].* — the stop price has already been reached by the last price/));
    expect(creates().at(-1)).toMatchObject({ retCode: 110092, params: expect.objectContaining({ side: 'Buy', orderType: 'Limit', triggerPrice: '49000', triggerDirection: 1 }) });

    // A sell stop of the long triggers on a fall (2): at or above the last price, 110093.
    await on.road.api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'buy', type: 'market', amount: '0.01' });
    await vi.waitFor(async () => expect(await on.road.manualRow(PERP)).toMatchObject({ quantity: 0.01 }), poll);
    const sell = await on.road.api.call('orders.place', { account: ACCOUNT, symbol: PERP, side: 'sell', type: 'stop_limit', amount: '0.01', price: '50500', stopPrice: '51000' }).catch((error: unknown) => error);
    expect(sell).toMatchObject(isReachedRefusal(/expect Falling, but trigger_price\[51000\] >= current\[50000\]/));
    expect(creates().at(-1)).toMatchObject({ retCode: 110093, params: expect.objectContaining({ side: 'Sell', triggerPrice: '51000', triggerDirection: 2 }) });
    expect(on.stub.book.open()).toEqual([]);
  }, ROAD_MS);
});

describe('a reached stop on Kraken (spot)', () => {
  const ACCOUNT = 'kraken:stops';
  const on = armedOn(async () => {
    const stub = await startKrakenStub();
    // An all-cash account: the risk gate's per-symbol exposure leaves room for the buy.
    for (const asset of ['XXBT', 'XETH']) stub.book.setBalance(asset, 0);
    return stub;
  }, 'kraken', 'unknown');
  const addOrders = () => on.stub.requestsTo('/0/private/AddOrder');

  it('a buy stop at or below the last price is refused beside Stop price and never sent; one above the market rests as a stop-loss-limit', async () => {
    const refused = await on.road.api.call('orders.place', { account: ACCOUNT, symbol: 'BTC/USDT', side: 'buy', type: 'stop_limit', amount: '0.001', price: '50500', stopPrice: '49000' }).catch((error: unknown) => error);
    expect(refused).toMatchObject(isReachedRefusal(/^Order would trigger immediately: the stop price 49000 is at or below the last price 50000 — a buy stop must be above the market \(Kraken would execute it at once; not sent\)$/));
    expect(addOrders()).toEqual([]);
    expect((await on.road.api.call('orders.list', { status: 'all' })).map((o) => [o.type, o.stopPrice, o.status])).toEqual([['stop_limit', 49_000, 'rejected']]);

    const resting = await on.road.api.call('orders.place', { account: ACCOUNT, symbol: 'BTC/USDT', side: 'buy', type: 'stop_limit', amount: '0.001', price: '51500', stopPrice: '51000' });
    expect(resting).toMatchObject({ status: 'open', type: 'stop_limit', stopPrice: 51_000, price: 51_500 });
    expect(addOrders().map((r) => [r.params['ordertype'], r.params['price'], r.params['price2'], r.error])).toEqual([['stop-loss-limit', '51000', '51500', null]]);
    await on.road.api.call('orders.cancel', { clientOrderId: resting.clientOrderId });
    expect(on.stub.book.open()).toEqual([]);
  }, ROAD_MS);

  it('when the last price cannot be read (Ticker down), a stop-limit is refused beside Stop price and never sent; it goes once the ticker answers', async () => {
    const sentBefore = addOrders().length;
    const order = { account: ACCOUNT, symbol: 'BTC/USDT', side: 'buy', type: 'stop_limit', amount: '0.001', price: '51500', stopPrice: '51000' } as const;
    on.stub.tickerDown = true;
    try {
      const refused = await on.road.api.call('orders.place', order).catch((error: unknown) => error);
      expect(refused).toMatchObject(isReachedRefusal(/^The last price of BTC\/USDT could not be read from Kraken, so the stop could not be checked against the market \(Kraken would execute a reached stop at once\); not sent — try again$/));
      expect(on.stub.requestsTo('/0/public/Ticker').at(-1)).toMatchObject({ status: 503, error: 'EService:Unavailable' });
      expect(addOrders()).toHaveLength(sentBefore);
      expect((await on.road.api.call('orders.list', { status: 'all' })).filter((o) => o.status === 'rejected' && o.stopPrice === 51_000)).toHaveLength(1);
    } finally {
      on.stub.tickerDown = false;
    }
    const resting = await on.road.api.call('orders.place', order);
    expect(resting).toMatchObject({ status: 'open', type: 'stop_limit', stopPrice: 51_000 });
    expect(addOrders()).toHaveLength(sentBefore + 1);
    await on.road.api.call('orders.cancel', { clientOrderId: resting.clientOrderId });
    expect(on.stub.book.open()).toEqual([]);
  }, ROAD_MS);
});

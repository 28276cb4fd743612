import { describe, expect, it } from 'vitest';
import { EntryOrders } from '../../../core/engine/entry-orders.js';
import { ExchangeFeed } from '../../../core/engine/exchange-feed.js';
import { OrderRouter } from '../../../core/engine/order-router.js';
import { passThroughRiskGate } from '../../../core/engine/risk-gate.js';
import type { MarketDrivenExchange } from '../../../core/exchange/port.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import { ReusableCandle, type Candle, type MarketSymbol } from '../../../core/market/candle.js';
import { testMarket } from '../../helpers/markets.js';

const T0 = Date.UTC(2024, 0, 1);

/** A paper exchange that also counts the bars it was fed. */
function countingVenue() {
  const venue = new PaperExchange({ markets: [testMarket('BTC/USDT')], balances: { USDT: 100_000 }, config: { slippage: 0 }, now: () => T0 });
  const fed: Candle[] = [];
  const onCandle = venue.onCandle.bind(venue);
  const exchange = Object.assign(venue, {
    onCandle: (symbol: MarketSymbol, candle: Candle) => {
      fed.push({ ...candle });
      onCandle(symbol, candle);
    },
  });
  const router = new OrderRouter({ exchange, gate: passThroughRiskGate, strategy: 'test', newOrderId: (() => { let n = 0; return () => `o${++n}`; })(), onAsyncFailure: () => {} });
  return { venue: exchange as PaperExchange & MarketDrivenExchange, router, fed };
}

function write(bar: ReusableCandle, minute: number, price: number): ReusableCandle {
  return bar.copy({ time: T0 + minute * 60_000, open: price, high: price + 1, low: price - 1, close: price, volume: 10 });
}

describe('ExchangeFeed', () => {
  it('feeds an owned venue only a new bar object or a bar with an order working, and the venue still sees every price', () => {
    const { venue, router, fed } = countingVenue();
    const feed = new ExchangeFeed(venue, true, router);
    const bar = new ReusableCandle();
    feed.bar('BTC/USDT', write(bar, 0, 100));
    feed.bar('BTC/USDT', write(bar, 1, 101));
    feed.bar('BTC/USDT', write(bar, 2, 102));
    expect(fed.map((c) => c.close)).toEqual([100]);
    // The venue holds the reused object, so its last price is the current bar's all the same.
    expect(venue.lastCandleClose('BTC/USDT')).toBe(102);

    // A limit buy below the market works for a while: every bar goes to the venue, which fills it when reached.
    const outcome = router.route({ tag: { symbol: 'BTC/USDT', tradeId: 't1', purpose: 'enter', reason: 'test', exitReason: null, exits: null, pendingExit: null, act: 'automatic' }, side: 'buy', type: 'limit', amount: 1, limitPrice: 99, referencePrice: 102, risk: {} as never });
    expect(outcome.ok).toBe(true);
    expect(router.hasOrders()).toBe(true);
    feed.bar('BTC/USDT', write(bar, 3, 103));
    feed.bar('BTC/USDT', write(bar, 4, 99.5));
    expect(fed.map((c) => c.close)).toEqual([100, 103, 99.5]);
    expect(venue.freeBalance('BTC')).toBe(1);
    router.forget(outcome.ok ? outcome.clientOrderId : '');
    expect(router.hasOrders()).toBe(false);
    feed.bar('BTC/USDT', write(bar, 5, 104));
    expect(fed).toHaveLength(3);

    // Another bar object (or another symbol) is always fed.
    feed.bar('BTC/USDT', write(new ReusableCandle(), 6, 105));
    expect(fed.map((c) => c.close)).toEqual([100, 103, 99.5, 105]);
  });

  it('feeds a venue it does not own every bar', () => {
    const { venue, router, fed } = countingVenue();
    const feed = new ExchangeFeed(venue, false, router);
    const bar = new ReusableCandle();
    for (let minute = 0; minute < 4; minute++) feed.bar('BTC/USDT', write(bar, minute, 100 + minute));
    expect(fed.map((c) => c.close)).toEqual([100, 101, 102, 103]);
  });
});

describe('EntryOrders', () => {
  it('counts each id once and forgets it once', () => {
    const orders = new EntryOrders();
    orders.add('a').add('b').add('a');
    expect(orders.size).toBe(2);
    expect(orders.has('a')).toBe(true);
    expect([...orders]).toEqual(['a', 'b']);
    expect(orders.delete('a')).toBe(true);
    expect(orders.delete('a')).toBe(false);
    expect(orders.delete('never')).toBe(false);
    expect(orders.size).toBe(1);
    expect([...orders]).toEqual(['b']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUnits } from '../stubs/kraken-book.js';
import { KRAKEN_PRIVATE } from '../stubs/kraken-rules.js';
import { startKrakenStub, type KrakenStub, type KrakenStubRequest } from '../stubs/kraken-stub.js';
import type { Road } from './order-roads-helpers.js';
import { armedStrategyRoad, strategyRoad, stubVenue, type Coin, type Heard } from './strategy-roads-helpers.js';

/**
 * The strategy roads on an armed Kraken spot account through a real Terminal, the way a trader goes:
 * the configuration runs on Kraken's own candles (GET /0/public/OHLC of the strict stub), its stops
 * rest at Kraken as `stop-loss-limit` sells (AddOrder `price` the trigger, `price2` the limit), trail by
 * cancel and replace, are released before every exit (on spot the stop holds the coins the exit sells),
 * and every private call is one Kraken documents and accepted — never `reduce_only` on spot.
 */
const ID: Readonly<Record<Coin, string>> = { btc: 'XBTUSDT', eth: 'ETHUSDT' };
let stub: KrakenStub;
let road: Road;

beforeAll(async () => {
  stub = await startKrakenStub();
  // An all-cash account: the risk gate's per-symbol exposure leaves room for the entries.
  stub.book.setBalance('XXBT', 0);
  stub.book.setBalance('XETH', 0);
  road = await armedStrategyRoad({ exchange: 'kraken', label: 'strategies', apiKey: stub.apiKey, secret: stub.secret, url: stub.url }, 'unknown');
}, 30_000);

afterAll(async () => {
  await road?.close();
  await stub.close();
});

const accepted = (path: string) => stub.requestsTo(`/0/private/${path}`).filter((r) => r.status === 200 && r.error === null);
const pairOfCancel = (r: KrakenStubRequest) => stub.book.orders.find((o) => o.clOrdId === r.params['cl_ord_id'] || o.txid === r.params['txid'])?.pair.id;
const venue = stubVenue(() => stub, ID, {
  exchange: 'kraken',
  stepMs: 90_000,
  symbols: { btc: 'BTC/USDT', eth: 'ETH/USDT' },
  stops: (coin) =>
    stub.book.orders
      .filter((o) => o.pair.id === ID[coin] && o.ordertype === 'stop-loss-limit')
      .map((o) => ({ trigger: fromUnits(o.price), limit: fromUnits(o.price2), amount: fromUnits(o.volume), open: o.status === 'open' })),
  heard: (coin) =>
    [...accepted('AddOrder'), ...accepted('CancelOrder')]
      .sort((a, b) => stub.requests.indexOf(a) - stub.requests.indexOf(b))
      .filter((r) => (r.path.endsWith('AddOrder') ? r.params['pair'] : pairOfCancel(r)) === ID[coin])
      .map((r): Heard => (r.path.endsWith('CancelOrder') ? 'cancel' : r.params['ordertype'] === 'stop-loss-limit' ? 'stop' : r.params['type'] === 'buy' ? 'entry' : 'exit')),
});

describe('the strategy roads on an armed Kraken spot account', () => {
  it('entry on Kraken candles, stops at Kraken (placed, trailed, kept, released), signal exit and leftover close — only calls Kraken accepts', { timeout: 300_000 }, async () => {
    await strategyRoad(road, venue);
    for (const stop of accepted('AddOrder').filter((r) => r.params['ordertype'] === 'stop-loss-limit')) {
      expect(Object.keys(stop.params).sort()).toEqual(['cl_ord_id', 'nonce', 'ordertype', 'pair', 'price', 'price2', 'type', 'volume']);
      expect(stop.params['type']).toBe('sell');
    }
    const outsideTheDocs = stub.requests.flatMap((r) => {
      const endpoint = r.path.startsWith('/0/private/') ? KRAKEN_PRIVATE[r.path.slice('/0/private/'.length)] : undefined;
      const unknown = endpoint ? Object.keys(r.params).filter((name) => name !== 'nonce' && !endpoint.params.includes(name)) : [];
      // ccxt.pro first asks for a websocket token (a documented call the stub does not serve); the stream then polls REST.
      const refused = r.error !== null && r.path !== '/0/private/GetWebSocketsToken';
      return refused || unknown.length > 0 || 'reduce_only' in r.params ? [`${r.method} ${r.path} ${r.error} ${unknown.join(',')}`] : [];
    });
    expect(outsideTheDocs).toEqual([]);
    expect(stub.book.open()).toEqual([]);
    expect(stub.book.balance('XXBT').balance).toBe(0);
    expect(stub.book.balance('XETH').balance).toBe(0);
  });
});

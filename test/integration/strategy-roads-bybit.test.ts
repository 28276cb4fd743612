import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUnits } from '../stubs/bybit-book.js';
import { BYBIT_ENDPOINTS } from '../stubs/bybit-rules.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import type { Road } from './order-roads-helpers.js';
import { armedStrategyRoad, strategyRoad, stubVenue, type Coin, type Heard } from './strategy-roads-helpers.js';

/**
 * The strategy roads on an armed Bybit USDT-perpetual account (v5, category=linear) through a real
 * Terminal, the way a trader goes: the configuration runs on Bybit's own candles (GET /v5/market/kline
 * of the strict stub), its stops rest at Bybit as conditional reduce-only orders (triggerPrice with
 * triggerDirection 2, "triggered when market price falls to triggerPrice"), trail by cancel and replace,
 * are released before every exit, and every request is one Bybit documents and accepted.
 */
const ID: Readonly<Record<Coin, string>> = { btc: 'BTCUSDT', eth: 'ETHUSDT' };
let stub: BybitStub;
let road: Road;

beforeAll(async () => {
  stub = await startBybitStub();
  road = await armedStrategyRoad({ exchange: 'bybit', label: 'strategies', apiKey: stub.apiKey, secret: stub.secret, url: stub.url }, 'checked');
}, 30_000);

afterAll(async () => {
  await road?.close();
  await stub.close();
});

const accepted = () => stub.requests.filter((r) => r.retCode === 0);
const venue = stubVenue(() => stub, ID, {
  exchange: 'bybit',
  stepMs: 20_000,
  symbols: { btc: 'BTC/USDT:USDT', eth: 'ETH/USDT:USDT' },
  stops: (coin) =>
    stub.book.orders
      .filter((o) => o.symbol === ID[coin] && o.stopOrderType === 'Stop')
      .map((o) => ({ trigger: fromUnits(o.triggerPrice), limit: fromUnits(o.price), amount: fromUnits(o.qty), open: o.orderStatus === 'Untriggered' })),
  heard: (coin) =>
    accepted()
      .filter((r) => r.method === 'POST' && r.params['symbol'] === ID[coin] && (r.path === '/v5/order/create' || r.path === '/v5/order/cancel'))
      .map((r): Heard => (r.path === '/v5/order/cancel' ? 'cancel' : r.params['triggerPrice'] !== undefined ? 'stop' : r.params['side'] === 'Buy' ? 'entry' : 'exit')),
});

describe('the strategy roads on an armed Bybit USDT-perpetual account', () => {
  it('entry on Bybit candles, stops at Bybit (placed, trailed, kept, released), signal exit and leftover close — only requests Bybit accepts', { timeout: 60_000 }, async () => {
    await strategyRoad(road, venue);
    const creates = accepted().filter((r) => r.path === '/v5/order/create');
    // Stops: conditional limit sells that only reduce, falling through the trigger, one-way mode.
    for (const stop of creates.filter((r) => r.params['triggerPrice'] !== undefined)) {
      expect(stop.params).toMatchObject({ category: 'linear', side: 'Sell', orderType: 'Limit', triggerDirection: 2, reduceOnly: true });
    }
    // Every exit on a contract carries reduceOnly; entries never do.
    expect(creates.filter((r) => r.params['side'] === 'Sell').every((r) => r.params['reduceOnly'] === true)).toBe(true);
    expect(creates.filter((r) => r.params['side'] === 'Buy').every((r) => r.params['reduceOnly'] === undefined)).toBe(true);
    const outsideTheDocs = stub.requests.flatMap((r) => {
      const endpoint = BYBIT_ENDPOINTS[`${r.method} ${r.path}`];
      const unknown = Object.keys(r.params).filter((name) => !endpoint?.params.includes(name));
      return r.retCode !== 0 || unknown.length > 0 ? [`${r.method} ${r.path} ${r.retCode} ${r.retMsg} ${unknown.join(',')}`] : [];
    });
    expect(outsideTheDocs).toEqual([]);
    expect(stub.book.open()).toEqual([]);
    expect(stub.book.position('BTCUSDT').size).toBe(0);
    expect(stub.book.position('ETHUSDT').size).toBe(0);
  });
});

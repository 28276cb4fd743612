import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { venueLastPrices } from '../../core/exchange/ccxt-last-prices.js';
import { binanceRaw } from '../stubs/binance-raw.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/**
 * The Binance stub refuses what Binance spot refuses, with Binance's codes and messages
 * (binance-spot-api-docs: errors.md, filters.md, rest-api.md). Driven through real ccxt where ccxt
 * lets the request through, and over raw signed HTTP where ccxt would round or fill in a field first.
 */
let stub: BinanceStub;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:strict', 1);
});
afterEach(async () => {
  await venue.close();
  await stub.close();
});

const rawOrder = (params: Record<string, string>) => binanceRaw(stub, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', ...params });

describe('the strict Binance spot stub', () => {
  it('refuses a parameter the endpoint does not read with -1104, counting what was sent (reduceOnly on spot)', async () => {
    // ccxt 4.5.84 forwards `reduceOnly` to the spot order endpoint: the venue does not read it.
    const refused = await venue.client.createOrder('BTC/USDT', 'market', 'sell', 0.001, undefined, { reduceOnly: true }).then(
      () => null,
      (error: unknown) => String(error),
    );
    const [post] = stub.requestsTo('POST', '/api/v3/order');
    expect(post).toMatchObject({ status: 400, code: -1104 });
    expect(post!.params['reduceOnly']).toBe('true');
    const sent = Object.keys(post!.params).length;
    expect(refused).toContain(`"msg":"Not all sent parameters were read; read '${sent - 1}' parameter(s) but was sent '${sent}'."`);
    expect(stub.book.orders).toHaveLength(0);
    // Any endpoint: GET /api/v3/openOrders reads symbol, timestamp and signature, not `foo`.
    const answer = await binanceRaw(stub, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT', foo: 'bar' });
    expect(answer.body).toEqual({ code: -1104, msg: "Not all sent parameters were read; read '3' parameter(s) but was sent '4'." });
  });

  it('refuses missing and misplaced order parameters by order type (-1102, -1106, -1114, -1116) too many decimals (-1111) and a client order id outside 36 legal characters (-1100)', async () => {
    expect((await rawOrder({ type: 'LIMIT', quantity: '0.01', price: '40000' })).body).toEqual({ code: -1102, msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed." });
    expect((await rawOrder({ type: 'MARKET', quantity: '0.01', price: '40000' })).body).toEqual({ code: -1106, msg: "Parameter 'price' sent when not required." });
    expect((await rawOrder({ type: 'MARKET', quantity: '0.01', timeInForce: 'GTC' })).body).toEqual({ code: -1114, msg: 'TimeInForce parameter sent when not required.' });
    expect((await rawOrder({ type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '40000', stopPrice: '39000' })).body).toEqual({ code: -1106, msg: "Parameter 'stopPrice' sent when not required." });
    expect((await rawOrder({ type: 'STOP', quantity: '0.01' })).body).toEqual({ code: -1116, msg: 'Invalid orderType.' });
    expect((await rawOrder({ type: 'MARKET', quantity: '0.010000001' })).body).toEqual({ code: -1111, msg: "Parameter 'quantity' has too much precision." });
    expect((await rawOrder({ type: 'MARKET', quantity: '0.01', newClientOrderId: 'x'.repeat(37) })).body).toMatchObject({ code: -1100, msg: expect.stringContaining("parameter 'newClientOrderId'") });
    expect((await rawOrder({ type: 'MARKET', quantity: '0.01', newClientOrderId: 'has space' })).body).toMatchObject({ code: -1100 });
    expect((await binanceRaw(stub, 'POST', '/api/v3/order', { side: 'BUY', type: 'MARKET', quantity: '0.01' })).body).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    });
    expect(stub.book.orders).toHaveLength(0);
  });

  it('applies PRICE_FILTER, LOT_SIZE, NOTIONAL, MIN_NOTIONAL and PERCENT_PRICE_BY_SIDE with -1013 "Filter failure: …"', async () => {
    const limit = { type: 'LIMIT', timeInForce: 'GTC' };
    expect((await rawOrder({ ...limit, quantity: '0.01', price: '40000.005' })).body).toEqual({ code: -1013, msg: 'Filter failure: PRICE_FILTER' });
    expect((await rawOrder({ ...limit, quantity: '0.000015', price: '40000' })).body).toEqual({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect((await rawOrder({ ...limit, quantity: '0.0001', price: '40000' })).body).toEqual({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    expect((await rawOrder({ symbol: 'BNBUSDT', ...limit, quantity: '0.005', price: '500' })).body).toEqual({ code: -1013, msg: 'Filter failure: MIN_NOTIONAL' });
    // 300,000 is 6× the last price: above bidMultiplierUp (5). ccxt does not check this one, the venue does.
    await expect(venue.placeOrder({ clientOrderId: 'hy0000000percent01', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price: 300_000 })).rejects.toMatchObject({
      kind: 'invalid_order',
      message: expect.stringContaining('Filter failure: PERCENT_PRICE_BY_SIDE'),
    });
    expect(stub.book.orders).toHaveLength(0);
  });

  it('refuses a client order id that an open order has (-2010 "Duplicate order sent."), and takes it again once that order is filled', async () => {
    const order = { type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '40000', newClientOrderId: 'same-id-1' };
    expect((await rawOrder(order)).status).toBe(200);
    expect((await rawOrder(order)).body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    stub.book.fill(stub.book.open('BTCUSDT')[0]!);
    expect((await rawOrder(order)).status).toBe(200);
    expect(stub.book.orders.filter((o) => o.clientOrderId === 'same-id-1')).toHaveLength(2);
  });

  it('refuses a timestamp outside recvWindow or more than 1 s ahead of the server (-1021), and a bad signature or key', async () => {
    const behind = await binanceRaw(stub, 'GET', '/api/v3/account', { recvWindow: '5000' }, { timestamp: Date.now() - 6_000 });
    expect(behind.body).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    const ahead = await binanceRaw(stub, 'GET', '/api/v3/account', {}, { timestamp: Date.now() + 2_000 });
    expect(ahead.body).toEqual({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    expect((await binanceRaw(stub, 'GET', '/api/v3/account', { recvWindow: '60001' })).body.code).toBe(-1102);
    expect((await binanceRaw(stub, 'GET', '/api/v3/account', {}, { secret: 'wrong' })).body).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
    // Through ccxt: a clock 20 s off is refused like the venue does, and Halyard sees a temporary (clock) error.
    const skewed = await startBinanceStub({ now: () => Date.now() + 20_000 });
    const late = await binanceVenue(skewed, 'binance:skewed', 1);
    try {
      await expect(late.fetchBalances()).rejects.toMatchObject({ kind: 'temporary', message: expect.stringContaining('-1021') });
    } finally {
      await late.close();
      await skewed.close();
    }
  });

  it('counts request weight per minute: over the limit it answers 429 with Retry-After, and bans with 418 when the client keeps going', async () => {
    // A venue clock that stands still inside one minute, so the window cannot roll over mid-test.
    const at = Date.parse('2024-06-01T00:00:10Z');
    const limited = await startBinanceStub({ now: () => at });
    try {
      limited.guard.weightLimit = 20;
      const statuses: number[] = [];
      const answers = [];
      for (let i = 0; i < 6; i++) {
        const answer = await binanceRaw(limited, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, { timestamp: at }); // weight 6
        statuses.push(answer.status);
        answers.push(answer);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 418]);
      expect(answers[3]!.body).toEqual({ code: -1003, msg: 'Too much request weight used; current limit is 20 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' });
      expect(answers[3]!.retryAfter).toBe('50'); // seconds until the minute ends
      const banned = await binanceRaw(limited, 'GET', '/api/v3/ping', {}, { signed: false });
      expect(banned.status).toBe(418);
      expect(banned.body).toEqual({ code: -1003, msg: `Way too much request weight used; IP banned until ${at + 120_000}. Please use WebSocket Streams for live updates to avoid bans.` });
      expect(banned.retryAfter).toBe('120');
    } finally {
      await limited.close();
    }
  });
});

describe('stop-loss-limit orders and OCO lists at the stub', () => {
  it('lists history as documented: 500 by default from startTime (the most recent without), orderId/fromId from that id, -1127 past 24 h, -1128 for a combination myTrades does not take', async () => {
    for (let i = 0; i < 600; i++) stub.book.place({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 100_000, price: 0, stopPrice: 0, clientOrderId: `history${i}` });
    const ids = (body: unknown) => (body as { id?: number; orderId?: number }[]).map((row) => row.id ?? row.orderId);
    const [first, last] = [stub.book.trades[0]!, stub.book.trades.at(-1)!];
    expect(ids((await binanceRaw(stub, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', startTime: String(first.time) })).body)).toEqual(stub.book.trades.slice(0, 500).map((t) => t.id));
    expect(ids((await binanceRaw(stub, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' })).body)).toEqual(stub.book.trades.slice(-500).map((t) => t.id));
    expect(ids((await binanceRaw(stub, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: String(last.id - 1), limit: '5' })).body)).toEqual([last.id - 1, last.id]);
    expect(ids((await binanceRaw(stub, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: String(last.orderId) })).body)).toEqual([last.id]);
    expect(ids((await binanceRaw(stub, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT', orderId: String(last.orderId - 2) })).body)).toEqual([last.orderId - 2, last.orderId - 1, last.orderId]);
    expect((await binanceRaw(stub, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT', limit: '2000' })).body).toHaveLength(600);
    expect((await binanceRaw(stub, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: String(last.orderId), startTime: '1' })).body).toEqual({ code: -1128, msg: 'Combination of optional parameters invalid.' });
    const tooLong = { symbol: 'BTCUSDT', startTime: '0', endTime: String(86_400_001) };
    for (const path of ['/api/v3/myTrades', '/api/v3/allOrders']) expect((await binanceRaw(stub, 'GET', path, tooLong)).body).toEqual({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' });
  });

  it('answers a cancel of an order it cannot find with -2011 "Unknown order sent.", a query with -2013, and checks origClientOrderId against the order found by orderId', async () => {
    const placed = await rawOrder({ type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '40000', newClientOrderId: 'hy00000000lookup01' });
    const orderId = String((placed.body as { orderId: number }).orderId);
    expect((await binanceRaw(stub, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId, origClientOrderId: 'hy00000000lookup01' })).body).toMatchObject({ status: 'NEW' });
    expect((await binanceRaw(stub, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId, origClientOrderId: 'someone-else' })).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await binanceRaw(stub, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId, origClientOrderId: 'someone-else' })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await binanceRaw(stub, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: '999999' })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await binanceRaw(stub, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId })).body).toMatchObject({ status: 'CANCELED' });
  });

  it('rests a STOP_LOSS_LIMIT until the price reaches its stop, then works it as a limit order', async () => {
    await expect(venue.placeOrder({ clientOrderId: 'hy000000stopnow001', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 50_500, stopPrice: 51_000 })).rejects.toMatchObject({
      kind: 'invalid_order',
      message: expect.stringContaining('Order would trigger immediately.'),
    });
    const stop = await venue.placeOrder({ clientOrderId: 'hy000000stoprest01', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 48_990, stopPrice: 49_000 });
    expect(stop).toMatchObject({ status: 'open', type: 'stop_limit', stopPrice: 49_000, price: 48_990 });
    expect(stub.book.open('BTCUSDT')[0]).toMatchObject({ type: 'STOP_LOSS_LIMIT', working: false });
    stub.book.setPrice('BTCUSDT', 49_500);
    expect(stub.book.open('BTCUSDT')[0]).toMatchObject({ working: false });
    stub.book.setPrice('BTCUSDT', 48_950); // through the stop: a SELL limit at 48,990 now rests in the book
    expect(stub.book.open('BTCUSDT')[0]).toMatchObject({ working: true, status: 'NEW' });
    stub.book.setPrice('BTCUSDT', 48_990);
    expect(await venue.fetchOrderByClientId('hy000000stoprest01', 'BTC/USDT')).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 48_990 });
  });

  it('places an OCO (take-profit LIMIT_MAKER above, STOP_LOSS_LIMIT below): one leg executes, the other expires', async () => {
    const oco = { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', aboveType: 'LIMIT_MAKER', abovePrice: '55000.00', belowType: 'STOP_LOSS_LIMIT', belowStopPrice: '48000.00', belowPrice: '47900.00', belowTimeInForce: 'GTC' };
    const wrong = await binanceRaw(stub, 'POST', '/api/v3/orderList/oco', { ...oco, abovePrice: '49000.00' });
    expect(wrong.body).toEqual({ code: -2010, msg: 'The relationship of the prices for the orders is not correct.' });
    const missing = await binanceRaw(stub, 'POST', '/api/v3/orderList/oco', { ...oco, belowTimeInForce: '' });
    expect(missing.body.code).toBe(-1102);
    // Through ccxt's implicit method for the documented endpoint (ccxt has no unified OCO for binance spot).
    const list = (await venue.client.privatePostOrderListOco({ ...oco, listClientOrderId: 'hy-oco-1' })) as { orderListId: number; orders: { orderId: number }[] };
    expect(list.orders).toHaveLength(2);
    expect(stub.book.open('BTCUSDT').map((o) => o.type).sort()).toEqual(['LIMIT_MAKER', 'STOP_LOSS_LIMIT']);
    // Both legs share one reservation: 0.01 BTC locked once.
    expect(stub.book.balanceOf('BTC')).toEqual({ asset: 'BTC', free: '0.99000000', locked: '0.01000000' });
    stub.book.setPrice('BTCUSDT', 55_000);
    const legs = stub.book.orders.filter((o) => o.orderListId === list.orderListId);
    expect(Object.fromEntries(legs.map((o) => [o.type, o.status]))).toEqual({ LIMIT_MAKER: 'FILLED', STOP_LOSS_LIMIT: 'EXPIRED' });
    const queried = (await venue.client.privateGetOrderList({ orderListId: String(list.orderListId) })) as { listOrderStatus: string };
    expect(queried.listOrderStatus).toBe('ALL_DONE');
    expect(stub.book.balanceOf('BTC')).toEqual({ asset: 'BTC', free: '0.99000000', locked: '0.00000000' });
  });
});

const publicGet = (path: string, params: Record<string, string>) => binanceRaw(stub, 'GET', path, params, { signed: false });

/**
 * The symbol tickers as Binance documents them (rest-api.md: "24hr ticker price change statistics",
 * "Symbol price ticker"; errors.md) and the venue prices Halyard values unwatched holdings at, read
 * through real ccxt.
 */
describe('Binance symbol tickers (stub) and the venue prices read from them', () => {
  it('prices held coins’ markets in one 24 h ticker request for the markets asked, weighing 2', async () => {
    stub.book.setPrice('SOLUSDT', 151.25);
    const prices = await venueLastPrices(venue, ['ETH/USDT', 'SOL/USDT', 'BTC/USDT']);
    expect(Object.fromEntries(prices)).toEqual({ 'ETH/USDT': 3_000, 'SOL/USDT': 151.25, 'BTC/USDT': 50_000 });
    const [request, ...more] = stub.requestsTo('GET', '/api/v3/ticker/24hr');
    expect(more).toEqual([]);
    expect(request).toMatchObject({ status: 200, signed: false });
    expect(Object.keys(request!.params)).toEqual(['symbols']);
    expect(JSON.parse(request!.params['symbols']!)).toEqual(['ETHUSDT', 'SOLUSDT', 'BTCUSDT']);
    // "symbols 1-20: weight 2" (every symbol omitted would cost 80).
    expect(stub.guard.usedWeight).toBe(20 + 2);
  });

  it('lists a coin against BTC only (BRDGBTC, as rest-api.md’s ETHBTC/BNBBTC examples): its price in BTC, no BRDGUSDT', async () => {
    const markets = await venue.loadMarkets();
    expect(markets.get('BRDG/BTC')).toMatchObject({ base: 'BRDG', quote: 'BTC', minAmount: 1, priceStep: 0.00000001 });
    expect(markets.has('BRDG/USDT')).toBe(false);
    const prices = await venueLastPrices(venue, ['BRDG/BTC', 'BTC/USDT']);
    expect(Object.fromEntries(prices)).toEqual({ 'BRDG/BTC': 0.0002, 'BTC/USDT': 50_000 });
    expect((await publicGet('/api/v3/ticker/24hr', { symbol: 'BRDGBTC' })).body).toMatchObject({ symbol: 'BRDGBTC', lastPrice: '0.00020000', quoteVolume: '150.00000000' });
    expect((await publicGet('/api/v3/ticker/price', { symbol: 'BRDGUSDT' })).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('answers one symbol with an object, several with an array, FULL or MINI', async () => {
    const one = await publicGet('/api/v3/ticker/24hr', { symbol: 'ETHUSDT' });
    expect(one.body).toMatchObject({ symbol: 'ETHUSDT', lastPrice: '3000.00000000', bidPrice: '3000.00000000', priceChangePercent: '0.000' });
    const mini = await publicGet('/api/v3/ticker/24hr', { symbols: '["ETHUSDT","BTCUSDT"]', type: 'MINI' });
    expect(mini.status).toBe(200);
    const rows = mini.body as unknown as Record<string, unknown>[];
    expect(rows.map((row) => row['symbol'])).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(Object.keys(rows[0]!)).toEqual(['symbol', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice', 'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count']);
    expect((await publicGet('/api/v3/ticker/price', { symbols: '["SOLUSDT"]' })).body).toEqual([{ symbol: 'SOLUSDT', price: '150.00000000' }]);
    // symbolStatus: a list leaves out what does not match; one symbol is refused.
    expect((await publicGet('/api/v3/ticker/price', { symbolStatus: 'HALT' })).body).toEqual([]);
    expect((await publicGet('/api/v3/ticker/price', { symbol: 'SOLUSDT', symbolStatus: 'HALT' })).body).toEqual({ code: -1220, msg: "The symbol's status does not match the requested symbolStatus." });
  });

  it('refuses what Binance refuses: both symbol and symbols, a malformed list, an unknown market, type or status, and unread parameters', async () => {
    expect((await publicGet('/api/v3/ticker/24hr', { symbol: 'ETHUSDT', symbols: '["BTCUSDT"]' })).body).toEqual({
      code: -1128,
      msg: "Combination of optional parameters invalid. Recommendation: 'symbol' and 'symbols' cannot both be sent.",
    });
    expect((await publicGet('/api/v3/ticker/24hr', { symbols: 'ETHUSDT,BTCUSDT' })).body).toEqual({
      code: -1100,
      msg: `Illegal characters found in parameter 'symbols'; legal range is '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$'.`,
    });
    expect((await publicGet('/api/v3/ticker/price', { symbols: '["ETHUSDT","XYZUSDT"]' })).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await publicGet('/api/v3/ticker/24hr', { symbol: 'ETHUSDT', type: 'FAST' })).body).toEqual({ code: -1139, msg: 'Invalid ticker type.' });
    expect((await publicGet('/api/v3/ticker/24hr', { symbolStatus: 'OPEN' })).body).toEqual({ code: -1122, msg: 'Invalid symbolStatus.' });
    expect((await publicGet('/api/v3/ticker/price', { symbol: 'ETHUSDT', type: 'MINI' })).body).toEqual({ code: -1104, msg: "Not all sent parameters were read; read '1' parameter(s) but was sent '2'." });
  });
});

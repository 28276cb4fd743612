import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { venueLastPrices } from '../../core/exchange/ccxt-last-prices.js';
import { binanceRaw } from '../stubs/binance-raw.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/**
 * The symbol tickers as Binance documents them (rest-api.md: "24hr ticker price change statistics",
 * "Symbol price ticker"; errors.md) and the venue prices Halyard values unwatched holdings at, read
 * through real ccxt from the stub.
 */
let stub: BinanceStub;
let venue: CcxtExchange;

beforeEach(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:tickers', 1);
});
afterEach(async () => {
  await venue.close();
  await stub.close();
});

const publicGet = (path: string, params: Record<string, string>) => binanceRaw(stub, 'GET', path, params, { signed: false });

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

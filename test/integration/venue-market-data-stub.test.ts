import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CcxtCandleSource } from '../../core/exchange/ccxt-candle-source.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { RateBudget, RateBudgets } from '../../core/exchange/rate-budget.js';
import type { Candle } from '../../core/market/candle.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import { bybitVenue } from '../stubs/bybit-venue.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';

/**
 * The public market data of the strict Kraken (GET /0/public/OHLC, /0/public/Depth) and Bybit
 * (GET /v5/market/kline, /v5/market/orderbook) stubs, through real ccxt the way Halyard's venue market
 * feed and its depth check read them, and raw where ccxt would never send the request: the documented
 * shapes, intervals and windows, and the venues' refusals.
 */
const MINUTE = 60_000;
const start = Math.floor(Date.now() / MINUTE) * MINUTE - 100 * MINUTE;
const bars = (count: number, from = 50_000): Candle[] => Array.from({ length: count }, (_, i) => ({ time: start + i * MINUTE, open: from + i, high: from + i + 5, low: from + i - 5, close: from + i + 1, volume: 2 }));

describe('Kraken GET /0/public/OHLC', () => {
  let stub: KrakenStub;
  let venue: CcxtExchange;
  beforeAll(async () => {
    stub = await startKrakenStub();
    const budgets = new RateBudgets();
    budgets.forAccount('kraken:ohlc', () => new RateBudget({ refillPerMs: 1, capacity: 100 }));
    venue = new CcxtExchange({ account: { exchange: 'kraken', baseUrl: stub.url, timeoutMs: 5_000 }, accountKey: 'kraken:ohlc', budgets, readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    stub.candles.set('XBTUSDT', bars(30));
  });
  afterAll(async () => {
    await venue.close();
    await stub.close();
  });
  const get = async (query: string) => (await (await fetch(`${stub.url}/0/public/OHLC?${query}`)).json()) as { error: string[]; result?: Record<string, unknown> };

  it('serves the feed through ccxt: history, then what came after `since` plus the current entry', async () => {
    const source = new CcxtCandleSource(venue);
    expect(source.maxCandlesPerRequest).toBe(720);
    const all = await source.fetchCandles('BTC/USDT', '1m', undefined, 720);
    expect(all).toHaveLength(30);
    expect(all[0]).toEqual({ time: start, open: 50_000, high: 50_005, low: 49_995, close: 50_001, volume: 2 });
    const since = await source.fetchCandles('BTC/USDT', '1m', start + 27 * MINUTE, 720);
    expect(since.map((c) => (c.time - start) / MINUTE)).toEqual([27, 28, 29]);
    expect(stub.requestsTo('/0/public/OHLC').at(-1)!.params).toEqual({ pair: 'XBTUSDT', interval: '1', since: String((start + 26 * MINUTE) / 1000) });
    const fives = await source.fetchCandles('BTC/USDT', '5m', undefined, 720);
    // Rolled up on 5-minute boundaries: every minute counted once, the last bucket closing where the minutes do.
    expect(fives.every((c) => c.time % (5 * MINUTE) === 0)).toBe(true);
    expect(fives.reduce((sum, c) => sum + c.volume, 0)).toBe(60);
    expect(fives.at(-1)!.close).toBe(50_030);
  });

  it('answers with `last` (the newest committed entry) and the current entry whatever `since` says', async () => {
    const { error, result } = await get(`pair=XBTUSDT&since=${(start + 40 * MINUTE) / 1000}`);
    expect(error).toEqual([]);
    expect(result).toEqual({ XBTUSDT: [[(start + 29 * MINUTE) / 1000, '50029.0', '50034.0', '50024.0', '50030.0', '50029.3', '2.00000000', 3]], last: (start + 28 * MINUTE) / 1000 });
  });

  it('refuses an unknown pair, an undocumented interval and parameters it does not take', async () => {
    expect(await get('pair=DOGEUSDT')).toEqual({ error: ['EQuery:Unknown asset pair'] });
    expect(await get('pair=XBTUSDT&interval=2')).toEqual({ error: ['EGeneral:Invalid arguments:interval'] });
    expect(await get('pair=XBTUSDT&limit=10')).toEqual({ error: ['EGeneral:Invalid arguments:limit'] });
    expect(await get('interval=1')).toEqual({ error: ['EGeneral:Invalid arguments:pair'] });
  });

  it('GET /0/public/Depth: the book around the last price through ccxt; a count over 500 refused', async () => {
    const book = await venue.client.fetchOrderBook('BTC/USDT', 100);
    expect([book.bids[0]!.slice(0, 2), book.asks[0]!.slice(0, 2)]).toEqual([[49_999.9, 5], [50_000.1, 5]]);
    expect(stub.requestsTo('/0/public/Depth').at(-1)!.params).toEqual({ pair: 'XBTUSDT', count: '100' });
    expect(await (await fetch(`${stub.url}/0/public/Depth?pair=XBTUSDT&count=501`)).json()).toEqual({ error: ['EGeneral:Invalid arguments:count'] });
  });
});

describe('Bybit GET /v5/market/kline', () => {
  let stub: BybitStub;
  let venue: CcxtExchange;
  beforeAll(async () => {
    stub = await startBybitStub();
    venue = await bybitVenue(stub, 'bybit:kline');
    stub.candles.set('BTCUSDT', bars(30));
  });
  afterAll(async () => {
    await venue.close();
    await stub.close();
  });
  const get = async (query: string) => (await (await fetch(`${stub.url}/v5/market/kline?${query}`)).json()) as { retCode: number; retMsg: string; result: Record<string, unknown> };

  it('serves the feed through ccxt: the newest bars, then those from `start`, oldest first once parsed', async () => {
    const source = new CcxtCandleSource(venue);
    const all = await source.fetchCandles('BTC/USDT:USDT', '1m', undefined, 1000);
    expect(all).toHaveLength(30);
    expect(all[29]).toEqual({ time: start + 29 * MINUTE, open: 50_029, high: 50_034, low: 50_024, close: 50_030, volume: 2 });
    const since = await source.fetchCandles('BTC/USDT:USDT', '1m', start + 27 * MINUTE, 1000);
    expect(since.map((c) => (c.time - start) / MINUTE)).toEqual([27, 28, 29]);
    expect(stub.requestsTo('GET', '/v5/market/kline').at(-1)!.params).toEqual({ symbol: 'BTCUSDT', start: String(start + 27 * MINUTE), limit: '1000', interval: '1', category: 'linear' });
  });

  it('lists newest first with strings, within start/end and limit', async () => {
    const { retCode, result } = await get(`category=linear&symbol=BTCUSDT&interval=1&start=${start}&end=${start + 2 * MINUTE}&limit=2`);
    expect(retCode).toBe(0);
    expect(result).toEqual({
      symbol: 'BTCUSDT',
      category: 'linear',
      list: [
        [String(start + 2 * MINUTE), '50002.00', '50007.00', '49997.00', '50003.00', '2', '100006.0000'],
        [String(start + MINUTE), '50001.00', '50006.00', '49996.00', '50002.00', '2', '100004.0000'],
      ],
    });
  });

  it('refuses an unknown symbol, an undocumented interval or limit, and parameters it does not take (10001)', async () => {
    expect(await get('category=linear&symbol=DOGEUSDT&interval=1')).toMatchObject({ retCode: 10001, retMsg: 'Request parameter error: symbol invalid' });
    expect(await get('category=linear&symbol=BTCUSDT&interval=2')).toMatchObject({ retCode: 10001 });
    expect(await get('category=linear&symbol=BTCUSDT&interval=1&limit=1001')).toMatchObject({ retCode: 10001, retMsg: 'Request parameter error: limit 1001 is not within [1, 1000]' });
    expect(await get('category=linear&symbol=BTCUSDT&interval=1&since=1')).toMatchObject({ retCode: 10001, retMsg: "Request parameter error: unknown parameter 'since'" });
    expect(await get('category=linear&interval=1')).toMatchObject({ retCode: 10001, retMsg: "Request parameter error: 'symbol' is required" });
  });

  it('GET /v5/market/orderbook: the book around the last price through ccxt; a linear limit over 500 refused', async () => {
    const book = await venue.client.fetchOrderBook('BTC/USDT:USDT', 100);
    expect([book.bids[0], book.asks[0]]).toEqual([[49_999.9, 5], [50_000.1, 5]]);
    expect(stub.requestsTo('GET', '/v5/market/orderbook').at(-1)!.params).toEqual({ symbol: 'BTCUSDT', category: 'linear', limit: '100' });
    const refused = (await (await fetch(`${stub.url}/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=501`)).json()) as { retCode: number };
    expect(refused.retCode).toBe(10001);
  });
});

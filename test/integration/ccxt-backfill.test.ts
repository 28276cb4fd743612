import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcxtCandleSource } from '../../core/exchange/ccxt-candle-source.js';
import { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { backfill, type BackfillProgress } from '../../core/market/backfill.js';
import type { Candle } from '../../core/market/candle.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

const M = 60_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');
const KEY = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
// Minutes with no trades: Binance simply has no kline for them.
const QUIET = new Set([10, 11, 1234, 2400]);

let stub: BinanceStub;
let store: HalyardStore;
let source: CcxtCandleSource;

beforeEach(async () => {
  stub = await startBinanceStub();
  const bars: Candle[] = [];
  for (let i = 0; i < 2600; i++) {
    if (QUIET.has(i)) continue;
    const open = 60_000 + Math.sin(i / 30) * 500;
    bars.push({ time: T0 + i * M, open, high: open + 20, low: open - 20, close: open + 5, volume: 1 + (i % 5) });
  }
  stub.setKlines('BTCUSDT', '1m', bars);
  store = openMemoryStore();
  source = new CcxtCandleSource(new CcxtExchange({ account: { exchange: 'binance', baseUrl: stub.url } }));
});

afterEach(async () => {
  await source.close();
  store.close();
  await stub.close();
});

describe('backfill from Binance through ccxt into the store', () => {
  it('paginates the real klines endpoint newest first, stores every bar and lists the minutes Binance lacks', async () => {
    const progress: BackfillProgress[] = [];
    const report = await backfill({ key: KEY, from: T0, to: T0 + 2600 * M, source, store: store.candles, onProgress: (p) => progress.push(p) });
    const klines = stub.requestsTo('GET', '/api/v3/klines');
    expect(klines.map((r) => (Number(r.params['startTime']) - T0) / M)).toEqual([1600, 600, 0]);
    expect(klines.map((r) => Number(r.params['limit']))).toEqual([1000, 1000, 600]);
    expect(report.stored).toBe(2600 - QUIET.size);
    expect(store.candles.bounds(KEY)).toEqual({ first: T0, last: T0 + 2599 * M, count: 2600 - QUIET.size });
    expect(report.unfillable.map((g) => [(g.from - T0) / M, g.bars])).toEqual([
      [2400, 1],
      [1234, 1],
      [10, 2],
    ]);
    expect(progress.at(-1)).toMatchObject({ totalBars: 2600, doneBars: 2600, pages: 3 });
  });

  it('changes nothing on a second run but retries only the minutes still missing', async () => {
    await backfill({ key: KEY, from: T0, to: T0 + 2600 * M, source, store: store.candles });
    const before = stub.requestsTo('GET', '/api/v3/klines').length;
    const again = await backfill({ key: KEY, from: T0, to: T0 + 2600 * M, source, store: store.candles });
    expect(again.alreadyStored).toBe(2600 - QUIET.size);
    expect(again.missingAtStart.reduce((n, g) => n + g.bars, 0)).toBe(QUIET.size);
    expect(stub.requestsTo('GET', '/api/v3/klines').length - before).toBe(3);
    expect(store.candles.bounds(KEY)!.count).toBe(2600 - QUIET.size);
  });
});

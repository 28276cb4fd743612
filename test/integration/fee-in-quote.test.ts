import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { venueFeeInQuote } from '../../core/exchange/fee-conversion.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/** Fees in the asset bought and in BNB, converted to the quote currency with Binance's own prices. */
let stub: BinanceStub;
let venue: CcxtExchange;

beforeAll(async () => {
  stub = await startBinanceStub();
  venue = await binanceVenue(stub, 'binance:fees', 1);
});
afterAll(async () => {
  await venue.close();
  await stub.close();
});

describe('a live fill’s fee in the quote currency', () => {
  it('prices a BNB fee at the BNB/USDT 1-minute close of the fill’s minute, and a BTC fee at the fill price', async () => {
    await venue.placeOrder({ clientOrderId: 'hy0000000feebase01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    stub.book.setBalance('BNB', 1);
    stub.book.feesInBnb = true;
    await venue.placeOrder({ clientOrderId: 'hy00000000feebnb01', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    const [inBase, inBnb] = await venue.fetchFills('BTC/USDT');
    const minute = Math.floor(inBnb!.time / 60_000) * 60_000;
    // The venue's BNB/USDT bar of the fill's minute closed at 600.
    stub.setKlines('BNBUSDT', '1m', [{ time: minute, open: 590, high: 605, low: 588, close: 600, volume: 1_000 }]);

    expect(inBase).toMatchObject({ fee: 0.00001, feeCurrency: 'BTC' });
    expect(await venueFeeInQuote(venue, inBase!)).toEqual({ amount: 0.00001, currency: 'BTC', quoteAmount: 0.5, rate: 50_000, how: 'fill price' });
    // 0.1% of 500 USDT = 0.5 USDT, charged as 0.00083333 BNB at 600.
    expect(inBnb).toMatchObject({ fee: 0.00083333, feeCurrency: 'BNB' });
    expect(await venueFeeInQuote(venue, inBnb!)).toEqual({ amount: 0.00083333, currency: 'BNB', quoteAmount: 0.499998, rate: 600, how: 'venue price' });
    expect(stub.requestsTo('GET', '/api/v3/klines').at(-1)!.params).toMatchObject({ symbol: 'BNBUSDT', interval: '1m', startTime: String(minute), limit: '1' });
  });
});

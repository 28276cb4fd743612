import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { isExchangeError } from '../../core/exchange/errors.js';
import { binanceRaw } from '../stubs/binance-raw.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';

/**
 * Post-only and time in force on Binance spot, against the strict stub of POST /api/v3/order
 * (developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints): post-only is the
 * LIMIT_MAKER type (no timeInForce: -1114 if sent), IOC/FOK are `timeInForce` of a LIMIT.
 */
let binance: BinanceStub;
let spot: CcxtExchange;

beforeAll(async () => {
  binance = await startBinanceStub();
  spot = await binanceVenue(binance, 'binance:options', 1);
});
afterAll(async () => {
  await spot.close();
  await binance.close();
});

const lastPost = () => binance.requestsTo('POST', '/api/v3/order').at(-1)!;

describe('Binance spot order options', () => {
  it('reads the market’s options from ccxt: post-only (LIMIT_MAKER is among its order types), GTC, IOC, FOK', () => {
    expect(spot.market('BTC/USDT').orderOptions).toEqual({ postOnly: true, timeInForce: ['GTC', 'IOC', 'FOK'] });
  });

  it('sends post-only as LIMIT_MAKER without timeInForce; the venue rests it below the market and refuses one that would take', async () => {
    const resting = await spot.placeOrder({ clientOrderId: 'hy00000postonly001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 49_000, postOnly: true });
    expect(resting).toMatchObject({ status: 'open' });
    expect(lastPost()).toMatchObject({ status: 200, params: expect.objectContaining({ type: 'LIMIT_MAKER', price: '49000' }) });
    expect(Object.keys(lastPost().params)).not.toContain('timeInForce');
    const error = await spot.placeOrder({ clientOrderId: 'hy00000postonly002', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 51_000, postOnly: true }).then(() => null, (e: unknown) => e);
    expect(isExchangeError(error, 'invalid_order')).toBe(true);
    expect(lastPost()).toMatchObject({ code: -2010 });
    expect(String((error as Error).message)).toMatch(/Order would immediately match and take/);
  });

  it('sends IOC and FOK as timeInForce of a LIMIT; one that does not cross expires unfilled', async () => {
    const ioc = await spot.placeOrder({ clientOrderId: 'hy00000ioc0000001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000, timeInForce: 'IOC' });
    expect(lastPost()).toMatchObject({ status: 200, params: expect.objectContaining({ type: 'LIMIT', timeInForce: 'IOC' }) });
    expect(ioc).toMatchObject({ status: 'expired', filled: 0 });
    const fok = await spot.placeOrder({ clientOrderId: 'hy00000fok0000001', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 50_100, timeInForce: 'FOK' });
    expect(lastPost()).toMatchObject({ status: 200, params: expect.objectContaining({ type: 'LIMIT', timeInForce: 'FOK' }) });
    expect(fok).toMatchObject({ status: 'filled', filled: 0.01 });
  });

  it('the strict stub refuses what the endpoint does not take: timeInForce on LIMIT_MAKER, an unknown timeInForce', async () => {
    const maker = await binanceRaw(binance, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.01', price: '49000', timeInForce: 'GTC' });
    expect(maker.body).toEqual({ code: -1114, msg: 'TimeInForce parameter sent when not required.' });
    const gtd = await binanceRaw(binance, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '49000', timeInForce: 'GTD' });
    expect(gtd.body).toEqual({ code: -1115, msg: 'Invalid timeInForce.' });
    const postOnlyFlag = await binanceRaw(binance, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '49000', timeInForce: 'GTC', postOnly: 'true' });
    expect(postOnlyFlag.body).toMatchObject({ code: -1104 });
  });
});

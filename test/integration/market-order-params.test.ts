import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../core/exchange/ccxt-exchange.js';
import { takesReduceOnly } from '../../core/exchange/port.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { binanceVenue } from '../stubs/binance-venue.js';
import { startBybitStub, type BybitStub } from '../stubs/bybit-stub.js';
import { bybitVenue } from '../stubs/bybit-venue.js';

/**
 * Order parameters follow the market, not the exchange: every engine exit and flatten asks for
 * reduce-only, and the adapter sends the flag only where the market's order endpoint takes it.
 */
let binance: BinanceStub;
let bybit: BybitStub;
let spot: CcxtExchange;
let perps: CcxtExchange;

beforeAll(async () => {
  [binance, bybit] = await Promise.all([startBinanceStub(), startBybitStub()]);
  [spot, perps] = await Promise.all([binanceVenue(binance, 'binance:params', 1), bybitVenue(bybit, 'bybit:params')]);
});
afterAll(async () => {
  await Promise.all([spot.close(), perps.close()]);
  await Promise.all([binance.close(), bybit.close()]);
});

describe('market-type-aware order parameters', () => {
  it('knows each market kind from ccxt’s market info: Binance BTC/USDT is spot, Bybit BTC/USDT:USDT a swap', () => {
    expect(spot.market('BTC/USDT').kind).toBe('spot');
    expect(perps.market('BTC/USDT:USDT').kind).toBe('swap');
    expect([takesReduceOnly(spot.market('BTC/USDT')), takesReduceOnly(perps.market('BTC/USDT:USDT'))]).toEqual([false, true]);
    // The exchange-wide flag says Binance has reduce-only orders (on its futures): not a per-market answer.
    expect(spot.capabilities.reduceOnly).toBe(true);
  });

  it('sends a reduce-only exit on Binance spot without reduceOnly, and the strict venue accepts it', async () => {
    const exit = await spot.placeOrder({ clientOrderId: 'hy00000spotexit001', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.01, reduceOnly: true });
    expect(exit).toMatchObject({ status: 'filled', filled: 0.01 });
    const [post] = binance.requestsTo('POST', '/api/v3/order');
    expect(post).toMatchObject({ status: 200, code: null });
    expect(Object.keys(post!.params)).not.toContain('reduceOnly');
    const stop = await spot.placeOrder({ clientOrderId: 'hy00000spotstop001', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 44_000, stopPrice: 45_000, reduceOnly: true });
    expect(stop).toMatchObject({ status: 'open', type: 'stop_limit' });
    expect(binance.requestsTo('POST', '/api/v3/order')[1]).toMatchObject({ status: 200, params: expect.objectContaining({ type: 'STOP_LOSS_LIMIT', stopPrice: '45000' }) });
  });

  it('sends the same reduce-only exit on a Bybit USDT perpetual with reduceOnly, and it only reduces', async () => {
    await perps.placeOrder({ clientOrderId: 'hy-perp-open-1', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: 0.02 });
    // Asks for more than the position: a reduce-only order closes what is there and no more.
    const exit = await perps.placeOrder({ clientOrderId: 'hy-perp-exit-1', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', amount: 0.03, reduceOnly: true });
    expect(bybit.requestsTo('POST', '/v5/order/create').at(-1)).toMatchObject({ retCode: 0, params: expect.objectContaining({ reduceOnly: true, qty: '0.03' }) });
    expect(exit).toMatchObject({ status: 'filled', filled: 0.02 });
    expect(bybit.book.position('BTCUSDT').size).toBe(0);
  });
});

import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ccxtOrderParams, stopFeaturesOf } from '../../../core/exchange/ccxt-order-params.js';

/**
 * A stop's trigger goes to ccxt in the form each market's ccxt `features` say its createOrder reads —
 * read from ccxt's own exchange classes, not from the venue's name.
 */
const features = (id: 'kraken' | 'bybit' | 'binance') => new ccxt[id]().features;
const stopSell = { clientOrderId: 'hy-stop-1', symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, price: 48_755, stopPrice: 49_000 } as const;

describe('stop parameters from ccxt market features', () => {
  it('Kraken spot reads no triggerPrice: the stop goes as stopLossPrice (AddOrder stop-loss-limit)', () => {
    const stops = stopFeaturesOf(features('kraken'), { type: 'spot' });
    expect(stops).toEqual({ triggerPrice: false, triggerDirection: false, stopLossPrice: true });
    expect(ccxtOrderParams(stops, 'spot', stopSell, 49_000)).toEqual({ clientOrderId: 'hy-stop-1', stopLossPrice: 49_000 });
  });

  it('Bybit linear contracts need the trigger direction: a sell stop triggers on a fall, and is reduce-only', () => {
    const stops = stopFeaturesOf(features('bybit'), { type: 'swap', inverse: false });
    expect(stops.triggerDirection).toBe(true);
    expect(ccxtOrderParams(stops, 'swap', { ...stopSell, reduceOnly: true }, 49_000)).toEqual({ clientOrderId: 'hy-stop-1', triggerPrice: 49_000, triggerDirection: 'descending', reduceOnly: true });
    // Bybit spot takes the unified trigger without a direction, and no reduce-only.
    expect(ccxtOrderParams(stopFeaturesOf(features('bybit'), { type: 'spot' }), 'spot', { ...stopSell, reduceOnly: true }, 49_000)).toEqual({ clientOrderId: 'hy-stop-1', triggerPrice: 49_000 });
  });

  it('Binance spot takes the unified trigger (STOP_LOSS_LIMIT stopPrice); a market with no stop form is refused by name', () => {
    expect(ccxtOrderParams(stopFeaturesOf(features('binance'), { type: 'spot' }), 'spot', stopSell, 49_000)).toEqual({ clientOrderId: 'hy-stop-1', triggerPrice: 49_000 });
    const none = stopFeaturesOf({ spot: { createOrder: null } }, { type: 'spot' });
    expect(() => ccxtOrderParams(none, 'spot', stopSell, 49_000)).toThrow('BTC/USDT takes no stop orders through ccxt');
  });
});

import { describe, expect, it } from 'vitest';
import { noRouteReason, routePrice, valuationRoute } from '../../../core/accounts/valuation-route.js';

const markets = new Set(['ETH/USDT', 'USDT/TRY', 'ABC/BTC', 'BTC/USDT', 'XYZ/ETH', 'USDC/ETH', 'DEF/EUR']);

describe('valuation route of a held coin in the valuation currency', () => {
  it('takes the direct market, else the inverse one', () => {
    expect(valuationRoute('ETH', 'USDT', markets)).toEqual({ asset: 'ETH', legs: [{ symbol: 'ETH/USDT', inverse: false }] });
    expect(valuationRoute('TRY', 'USDT', markets)).toEqual({ asset: 'TRY', legs: [{ symbol: 'USDT/TRY', inverse: true }] });
  });

  it('bridges through BTC first, then the other bridges, each leg either way round', () => {
    expect(valuationRoute('ABC', 'USDT', markets)?.legs).toEqual([
      { symbol: 'ABC/BTC', inverse: false },
      { symbol: 'BTC/USDT', inverse: false },
    ]);
    // XYZ is listed against ETH only; ETH → USDC exists only as USDC/ETH (inverse).
    expect(valuationRoute('XYZ', 'USDC', markets)?.legs).toEqual([
      { symbol: 'XYZ/ETH', inverse: false },
      { symbol: 'USDC/ETH', inverse: true },
    ]);
  });

  it('has no route where neither a market nor a bridge reaches the valuation currency', () => {
    expect(valuationRoute('DEF', 'USDT', markets)).toBeNull();
    expect(noRouteReason('DEF', 'USDT', 'binance')).toBe('binance lists no DEF market against USDT, directly or through BTC, ETH, USDC, BNB');
  });

  it('prices a route from the legs’ last prices, none while a leg has none', () => {
    const last = new Map([['ABC/BTC', 0.0002], ['BTC/USDT', 50_000], ['USDT/TRY', 40]]);
    // 0.0002 BTC × 50,000 USDT/BTC = 10 USDT; 1 / 40 TRY per USDT = 0.025 USDT.
    expect(routePrice(valuationRoute('ABC', 'USDT', markets)!, (s) => last.get(s))).toBeCloseTo(10, 12);
    expect(routePrice(valuationRoute('TRY', 'USDT', markets)!, (s) => last.get(s))).toBe(0.025);
    expect(routePrice(valuationRoute('ETH', 'USDT', markets)!, (s) => last.get(s))).toBeNull();
  });
});

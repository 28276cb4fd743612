import { describe, expect, it } from 'vitest';
import { checkMarketDepth } from '../../../core/orders/depth-check.js';

const book = {
  symbol: 'BTC/USDT',
  time: 0,
  bids: [{ price: 64_000, amount: 1 }],
  asks: [
    { price: 64_010, amount: 1 },
    { price: 64_200, amount: 1 },
    { price: 64_500, amount: 1 },
  ],
};
const base = { side: 'buy' as const, book, last: 64_000, maxSlippagePct: 0.5, base: 'BTC', quote: 'USDT', priceDecimals: 2 };

describe('the market-order depth check', () => {
  it('lets an order through whose expected fill is within the max slippage', () => {
    expect(checkMarketDepth({ ...base, amount: 1 })).toMatchObject({ allowed: true, message: null });
  });

  it('refuses one over the max slippage, with the expected fill, the slippage, the spread and the limit', () => {
    // 3 BTC: (64,010 + 64,200 + 64,500) / 3 = 64,236.67 → 0.37 % above 64,000.
    const refused = checkMarketDepth({ ...base, amount: 3, maxSlippagePct: 0.3 });
    expect(refused.allowed).toBe(false);
    expect(refused.message).toBe(
      'market buy 3 BTC would fill at about 64,236.67 USDT on average (worst 64,500.00 USDT): 0.37 % above the last price 64,000.00 USDT, spread 0.016 % — over your max slippage of 0.30 % (Risk tab → Risk limits); use a limit order or a smaller amount',
    );
  });

  it('refuses one the book cannot fill, saying how much it holds', () => {
    const refused = checkMarketDepth({ ...base, amount: 5 });
    expect(refused.allowed).toBe(false);
    expect(refused.message).toBe('market buy 5 BTC: the book holds only 3 BTC on the ask side down to 64,500.00 USDT — use a limit order or a smaller amount');
  });

  it('lets the order go (to the other checks) when there is no book to look at', () => {
    expect(checkMarketDepth({ ...base, book: null, amount: 100 })).toEqual({ allowed: true, estimate: null, message: null });
  });
});

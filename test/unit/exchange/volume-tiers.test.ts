import { describe, expect, it } from 'vitest';
import { marketsMoney, tierOf, tiersFromVolume } from '../../../core/exchange/volume-tiers.js';

const VOLUMES = { large: 500_000_000, mid: 50_000_000, small: 2_000_000 };
const market = (symbol: string) => {
  const [base, quote] = symbol.split('/') as [string, string];
  return { symbol, base, quote };
};

describe('liquidity tiers from 24 h volume', () => {
  it('puts each threshold in the tier it opens', () => {
    expect([500_000_000, 499_999_999, 50_000_000, 2_000_000, 1_999_999].map((v) => tierOf(v, VOLUMES))).toEqual(['large', 'mid', 'mid', 'small', 'meme']);
  });

  it('values a non-dollar quote at its own USD pair, falls back to base volume × last, and skips what it cannot value', () => {
    const markets = ['BTC/USDT', 'ETH/BTC', 'PEPE/USDC', 'DOGE/EUR', 'SOL/USDT'].map(market);
    const tiers = tiersFromVolume(markets, {
      'BTC/USDT': { last: 50_000, quoteVolume: 1_500_000_000 },
      // 2 000 BTC of ETH a day is 100 M USDT.
      'ETH/BTC': { last: 0.05, quoteVolume: 2_000 },
      'PEPE/USDC': { last: 0.00001, baseVolume: 100_000_000_000 },
      'DOGE/EUR': { last: 0.1, quoteVolume: 90_000_000 },
    }, VOLUMES);
    expect(Object.fromEntries([...tiers].map(([symbol, { tier }]) => [symbol, tier]))).toEqual({ 'BTC/USDT': 'large', 'ETH/BTC': 'mid', 'PEPE/USDC': 'meme' });
  });
});

describe('the quote and decimals of a configuration’s money', () => {
  it('reads BTC-quoted money in satoshis and names one quote, none when its markets mix quotes', () => {
    expect(marketsMoney(['ETH/BTC'])).toEqual({ quote: 'BTC', moneyDecimals: 8 });
    expect(marketsMoney(['BTC/USDT', 'ETH/USDT'])).toEqual({ quote: 'USDT', moneyDecimals: 2 });
    expect(marketsMoney(['BTC/USDT', 'ETH/BTC'])).toEqual({ moneyDecimals: 8 });
    expect(marketsMoney(['BTC/EUR'])).toEqual({ quote: 'EUR', moneyDecimals: 2 });
  });
});

import type { MarketRules } from '../../core/exchange/port.js';

/**
 * A spot market's rules as tests use them: amounts in 0.0001 steps, prices in cents, a large cap with
 * 0.1 % fees and no limits. Each test states the rules it depends on as overrides.
 */
export function testMarket(symbol: string, overrides: Partial<Omit<MarketRules, 'symbol' | 'base' | 'quote'>> = {}): MarketRules {
  const [base = '', quote = ''] = symbol.split('/');
  return {
    symbol,
    base,
    quote,
    amountStep: 0.0001,
    priceStep: 0.01,
    minAmount: null,
    maxAmount: null,
    minCost: null,
    maxCost: null,
    tier: 'large',
    makerFee: 0.001,
    takerFee: 0.001,
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import { paperMarketRules } from '../../../core/accounts/paper-markets.js';

describe('the paper exchange’s order rules per quote currency', () => {
  it('asks a few dollars’ worth in a coin quote, not 5 BTC, with an amount step of cents', () => {
    const ethBtc = paperMarketRules('ETH/BTC', 0.000001, 0.05);
    expect({ minCost: ethBtc.minCost, amountStep: ethBtc.amountStep, minAmount: ethBtc.minAmount }).toEqual({ minCost: 0.0001, amountStep: 0.00001, minAmount: 0.00001 });
    expect(paperMarketRules('SOL/ETH', 0.00001, 0.05).minCost).toBe(0.001);
  });

  it('keeps 5 of a dollar-like quote and its steps as before', () => {
    expect(paperMarketRules('BTC/USDT', 0.01, 97_000)).toMatchObject({ minCost: 5, amountStep: 0.000001 });
    expect(paperMarketRules('XRP/USDT', 0.0001, 0.613)).toMatchObject({ minCost: 5, amountStep: 0.1 });
    expect(paperMarketRules('BTC/EUR', 0.01, 90_000)).toMatchObject({ minCost: 5, amountStep: 0.000001 });
  });
});

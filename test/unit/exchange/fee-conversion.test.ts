import { describe, expect, it } from 'vitest';
import { convertFee, feeToQuote } from '../../../core/exchange/fee-conversion.js';
import type { Fill, MarketRules } from '../../../core/exchange/port.js';

const BTC_USDT = { base: 'BTC', quote: 'USDT' };
const fill = (fee: number, feeCurrency: string, extra: Partial<Fill> = {}): Fill => ({
  id: 't1', clientOrderId: 'hy1', exchangeOrderId: '1', symbol: 'BTC/USDT', side: 'buy', price: 50_000, amount: 0.01, fee, feeCurrency, liquidity: 'taker', time: 1_717_200_030_000, ...extra,
});
const rules = (symbol: string, base: string, quote: string) => [symbol, { symbol, base, quote } as MarketRules] as const;

describe('a fill’s fee in the quote currency', () => {
  it('keeps a quote fee, prices a base fee at the fill’s own price, and a third currency at the given rate', () => {
    expect(feeToQuote(fill(0.5, 'USDT'), BTC_USDT)).toEqual({ amount: 0.5, currency: 'USDT', quoteAmount: 0.5, rate: null, how: 'charged in quote' });
    // 0.00001 BTC × 50,000 = 0.5 USDT, without float noise.
    expect(feeToQuote(fill(0.00001, 'BTC'), BTC_USDT)).toEqual({ amount: 0.00001, currency: 'BTC', quoteAmount: 0.5, rate: 50_000, how: 'fill price' });
    expect(feeToQuote(fill(0.0007, 'BNB', { price: 0.1 }), BTC_USDT, 600.3)).toMatchObject({ quoteAmount: 0.42021, rate: 600.3, how: 'venue price' });
    expect(feeToQuote(fill(0.0007, 'BNB'), BTC_USDT, null)).toMatchObject({ quoteAmount: null, how: 'no venue price' });
  });

  it('asks the venue for FEE/QUOTE at the fill’s time, or QUOTE/FEE inverted, and says so when it has neither', async () => {
    const asked: [string, number][] = [];
    const markets = new Map([rules('BTC/USDT', 'BTC', 'USDT'), rules('BNB/USDT', 'BNB', 'USDT'), rules('BTC/EUR', 'BTC', 'EUR'), rules('EUR/KCS', 'EUR', 'KCS')]);
    const priceAt = async (symbol: string, time: number) => {
      asked.push([symbol, time]);
      return symbol === 'BNB/USDT' ? 600 : symbol === 'EUR/KCS' ? 4 : null;
    };
    expect(await convertFee(fill(0.001, 'BNB'), markets, priceAt)).toMatchObject({ quoteAmount: 0.6, rate: 600, how: 'venue price' });
    expect(asked).toEqual([['BNB/USDT', 1_717_200_030_000]]);
    expect(await convertFee(fill(2, 'KCS', { symbol: 'BTC/EUR' }), markets, priceAt)).toMatchObject({ quoteAmount: 0.5, rate: 0.25 });
    expect(await convertFee(fill(1, 'XYZ'), markets, priceAt)).toMatchObject({ quoteAmount: null, how: 'no venue price' });
  });
});

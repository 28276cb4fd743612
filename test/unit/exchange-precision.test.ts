import * as ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../core/exchange/errors.js';
import type { MarketRules } from '../../core/exchange/port.js';
import { applyOrderRules, checkOrderRules, fmt, noiseFree, type PrecisionPort } from '../../core/exchange/precision.js';

const { decimalToPrecision, TRUNCATE, ROUND, TICK_SIZE } = ccxt.functions;

const BTC: MarketRules = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  amountStep: 0.00001,
  priceStep: 0.01,
  minAmount: 0.0001,
  maxAmount: 9000,
  minCost: 5,
  maxCost: 9_000_000,
  tier: 'large',
  makerFee: 0.001,
  takerFee: 0.001,
};

/** Rounds exactly like ccxt does for a tick-size venue: amounts truncate, prices round. */
const port: PrecisionPort = {
  market: (symbol) => {
    if (symbol !== BTC.symbol) throw new ExchangeError('invalid_order', `no market ${symbol}`);
    return BTC;
  },
  roundAmount: (_symbol, amount) => Number(decimalToPrecision(amount, TRUNCATE, BTC.amountStep, TICK_SIZE)),
  roundPrice: (_symbol, price) => Number(decimalToPrecision(price, ROUND, BTC.priceStep, TICK_SIZE)),
};

describe('order rules (precision, limits, notional)', () => {
  it('truncates the amount and rounds the price to the market precision', () => {
    const result = checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.0012345, price: 40_000.125 });
    expect(result).toEqual({ ok: true, order: { amount: 0.00123, price: 40_000.13, stopPrice: null, notional: 0.00123 * 40_000.13 } });
  });

  it('names the rule and the numbers when the amount is below the minimum', () => {
    const result = checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.00001, price: 50_000 });
    expect(result).toEqual({ ok: false, rule: 'amount_min', message: 'amount 0.00001 BTC is below the minimum 0.0001' });
  });

  it('rejects an amount that truncates to zero at the step', () => {
    const result = checkOrderRules(port, { symbol: 'BTC/USDT', type: 'market', amount: 0.000004 });
    expect(result).toMatchObject({ ok: false, rule: 'amount_step', message: 'amount 0.000004 BTC rounds to 0 at the step 0.00001' });
  });

  it('checks min notional after rounding, which ccxt does not do', () => {
    // 0.00012 BTC × 40000 = 4.8 USDT < 5 USDT
    const result = checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.000129, price: 40_000 });
    expect(result).toEqual({ ok: false, rule: 'notional_min', message: 'notional 4.8 USDT (0.00012 BTC × 40000) is below the minimum 5 USDT' });
  });

  it('uses the reference price for a market order notional, and skips the check without one', () => {
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'market', amount: 0.0001, referencePrice: 30_000 })).toMatchObject({ ok: false, rule: 'notional_min' });
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'market', amount: 0.0001 })).toMatchObject({ ok: true, order: { amount: 0.0001, price: null, notional: null } });
  });

  it('rejects an amount above the maximum', () => {
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 9001, price: 1 })).toEqual({ ok: false, rule: 'amount_max', message: 'amount 9001 BTC is above the maximum 9000' });
  });

  it('requires a limit price, and a stop price for stop-limit orders', () => {
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.01 })).toMatchObject({ ok: false, rule: 'price_required' });
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'stop_limit', amount: 0.01, price: 49_000 })).toMatchObject({ ok: false, rule: 'stop_price_required' });
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'stop_limit', amount: 0.01, price: 49_000.004, stopPrice: 49_500.006 })).toMatchObject({
      ok: true,
      order: { price: 49_000, stopPrice: 49_500.01 },
    });
  });

  it('rejects non-positive or non-numeric input before rounding', () => {
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'market', amount: -1 })).toMatchObject({ ok: false, rule: 'amount_positive' });
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'market', amount: Number.NaN })).toMatchObject({ ok: false, rule: 'amount_positive' });
    expect(checkOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.01, price: 0 })).toMatchObject({ ok: false, rule: 'price_positive' });
  });

  it('applyOrderRules throws an invalid_order ExchangeError carrying the message', () => {
    expect(() => applyOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.00001, price: 50_000 })).toThrowError(
      new ExchangeError('invalid_order', 'BTC/USDT: amount 0.00001 BTC is below the minimum 0.0001'),
    );
    try {
      applyOrderRules(port, { symbol: 'BTC/USDT', type: 'limit', amount: 0.00001, price: 50_000 });
    } catch (error) {
      expect(error).toBeInstanceOf(ExchangeError);
      expect((error as ExchangeError).kind).toBe('invalid_order');
    }
  });

  it('formats numbers the way a trader writes them', () => {
    expect(fmt(0.1 + 0.2)).toBe('0.3');
    expect(fmt(0.00001)).toBe('0.00001');
    expect(fmt(9_000_000)).toBe('9000000');
  });
});

describe('noiseFree (figures a script reads)', () => {
  it('drops binary noise and keeps every digit a venue quotes', () => {
    expect(noiseFree(63597.590000000004, 63597.590000000004, 15)).toBe(63597.59);
    expect(noiseFree(0.1 + 0.2)).toBe(0.3);
    expect(noiseFree(644.7500193000011)).toBe(644.7500193);
    expect(noiseFree(-0.08943905018000009)).toBe(-0.08943905018);
    expect(noiseFree(0.00001234)).toBe(0.00001234);
    expect(noiseFree(123456789.12345678, 123456789.12345678, 15)).toBe(123456789.123457);
  });

  it('rounds a difference to the size of its operands, where its error lives', () => {
    // A P&L of a 636-quote trade: 648.04 − 635.97… − fees leaves noise near 1e-13.
    expect(noiseFree(-2.2896860000000907, 660)).toBe(-2.289686);
    expect(noiseFree(1e-14, 660)).toBe(0);
    expect(noiseFree(0.12345678, 100_000)).toBe(0.12345678);
  });

  it('passes zero, integers and non-finite values through', () => {
    expect(noiseFree(0)).toBe(0);
    expect(noiseFree(-0)).toBe(0);
    expect(noiseFree(42)).toBe(42);
    expect(noiseFree(Number.NaN)).toBeNaN();
    expect(noiseFree(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

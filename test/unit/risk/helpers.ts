import type { PrecisionPort } from '../../../core/exchange/precision.js';
import type { MarketRules } from '../../../core/exchange/port.js';
import { StepRounder } from '../../../core/exchange/paper-precision.js';
import type { Candle } from '../../../core/market/candle.js';
import type { GateOrder, GatePortfolio } from '../../../core/risk/guard.js';

export const T0 = Date.UTC(2024, 0, 10, 0, 0); // a Wednesday, 00:00 UTC
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** 1m candles from `start`, one per close, flat bars (open = high = low = close) unless given as [low, high, close]. */
export function bars(start: number, closes: readonly (number | readonly [number, number, number])[]): Candle[] {
  return closes.map((value, index) => {
    const [low, high, close] = typeof value === 'number' ? [value, value, value] : value;
    return { time: start + index * MIN, open: close, high, low, close, volume: 1 };
  });
}

/** Market rules as a venue would report them, rounded with the same step rounding as the exchange adapters. */
export function precisionFor(rules: Partial<MarketRules> & Pick<MarketRules, 'symbol'>): PrecisionPort {
  const [base = '', quote = ''] = rules.symbol.split('/');
  const full: MarketRules = {
    base,
    quote,
    amountStep: 0.0001,
    priceStep: 0.01,
    minAmount: 0.001,
    maxAmount: null,
    minCost: 10,
    maxCost: null,
    tier: 'large',
    makerFee: 0.001,
    takerFee: 0.001,
    ...rules,
  };
  const amounts = new StepRounder(full.amountStep);
  const prices = new StepRounder(full.priceStep);
  return { market: () => full, roundAmount: (_s, amount) => amounts.truncate(amount), roundPrice: (_s, price) => prices.round(price) };
}

export function portfolio(overrides: Partial<GatePortfolio> = {}): GatePortfolio {
  return { time: T0 + 10 * HOUR, equity: 10_000, freeCash: 10_000, dayStartEquity: 10_000, dailyPnl: 0, positions: [], openEntryOrders: [], ...overrides };
}

export function entry(overrides: Partial<GateOrder> = {}): GateOrder {
  return { strategy: 'breakout', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 50_000, purpose: 'enter', tier: 'large', ...overrides };
}

export function exit(overrides: Partial<GateOrder> = {}): GateOrder {
  return { strategy: 'breakout', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.01, price: 50_000, purpose: 'exit', reduceOnly: true, tier: 'large', ...overrides };
}

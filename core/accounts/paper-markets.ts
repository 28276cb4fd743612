import type { LiquidityTier, MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';

/** Tiers for well-known bases; everything else is `small` until the trader says otherwise. */
const TIER_BY_BASE: Readonly<Record<string, LiquidityTier>> = {
  BTC: 'large',
  ETH: 'large',
  SOL: 'mid',
  XRP: 'mid',
  BNB: 'mid',
  ADA: 'mid',
  AVAX: 'mid',
  LINK: 'mid',
  FIL: 'small',
  NEAR: 'small',
  ALGO: 'small',
  DOGE: 'meme',
  SHIB: 'meme',
  PEPE: 'meme',
};

/** Binance-like spot fees, the paper exchange's defaults. */
export const PAPER_FEES = { maker: 0.001, taker: 0.001 } as const;

/** Minimum order value on the paper exchange, in quote currency (Binance spot uses 5 USDT). */
export const PAPER_MIN_NOTIONAL = 5;

/**
 * Market rules for a paper market, derived from the feed's price step and a reference price:
 * amount steps of roughly one cent of value (like real venues), a minimum notional, and the tier.
 */
export function paperMarketRules(symbol: MarketSymbol, priceStep: number, referencePrice: number): MarketRules {
  const [base = symbol, quote = 'USDT'] = symbol.split(/[/:]/);
  const exponent = Math.floor(Math.log10(Math.max(referencePrice, 1e-12)));
  // 1 unit of the amount step is worth about 0.01–0.1 quote at this price.
  const amountStep = 10 ** Math.min(0, -(exponent + 2));
  return {
    symbol,
    base,
    quote,
    amountStep: Number(amountStep.toPrecision(1)),
    priceStep,
    minAmount: Number(amountStep.toPrecision(1)),
    maxAmount: null,
    minCost: PAPER_MIN_NOTIONAL,
    maxCost: null,
    tier: TIER_BY_BASE[base] ?? 'small',
    makerFee: PAPER_FEES.maker,
    takerFee: PAPER_FEES.taker,
  };
}

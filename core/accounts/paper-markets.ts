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

/** Quotes whose unit is about a dollar: the paper exchange's minimum is PAPER_MIN_NOTIONAL of them. */
const DOLLAR_LIKE_QUOTES: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC', 'FDUSD', 'TUSD', 'DAI', 'USDP', 'BUSD', 'EUR', 'GBP']);

/**
 * The paper exchange's minimum order in `quote`: 5 of a dollar-like quote; in a coin quote a few dollars' worth, as
 * the venue asks — Binance's BTC markets take 0.0001 BTC (binance-spot-api-docs rest-api.md, ETHBTC's NOTIONAL
 * filter in "Exchange information"; test/stubs/binance-fixtures.ts) — and 0.001 of any other coin. Was 5 of any
 * quote: 5 BTC for one paper order on ETH/BTC.
 */
export function paperMinNotional(quote: string): number {
  if (DOLLAR_LIKE_QUOTES.has(quote)) return PAPER_MIN_NOTIONAL;
  return quote === 'BTC' ? 0.0001 : 0.001;
}

/**
 * Market rules for a paper market, derived from the feed's price step and a reference price:
 * amount steps of roughly one cent of value (like real venues), a minimum notional, and the tier.
 */
export function paperMarketRules(symbol: MarketSymbol, priceStep: number, referencePrice: number): MarketRules {
  const [base = symbol, quote = 'USDT'] = symbol.split(/[/:]/);
  const minCost = paperMinNotional(quote);
  // The price in the quote's "dollars" (a coin quote's minimum order stands for 5 of them), so that
  // 1 unit of the amount step is worth about 0.01–0.1 dollar at this price (1e-5 ETH on ETH/BTC, not 1 ETH).
  const inDollars = minCost === PAPER_MIN_NOTIONAL ? referencePrice : (referencePrice * PAPER_MIN_NOTIONAL) / minCost;
  const exponent = Math.floor(Math.log10(Math.max(inDollars, 1e-12)));
  const amountStep = 10 ** Math.min(0, -(exponent + 2));
  return {
    symbol,
    base,
    quote,
    amountStep: Number(amountStep.toPrecision(1)),
    priceStep,
    minAmount: Number(amountStep.toPrecision(1)),
    maxAmount: null,
    minCost,
    maxCost: null,
    tier: TIER_BY_BASE[base] ?? 'small',
    makerFee: PAPER_FEES.maker,
    takerFee: PAPER_FEES.taker,
  };
}

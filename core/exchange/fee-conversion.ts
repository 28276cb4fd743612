import type { MarketSymbol } from '../market/candle.js';
import type { CcxtExchange } from './ccxt-exchange.js';
import type { Fill, MarketRules } from './port.js';

/**
 * A fill's fee in the market's quote currency. Venues charge in the quote, in the base (Binance
 * takes a buy's commission from what was bought), or in a third currency (BNB when "pay fees with
 * BNB" is on). The quote amount of a third-currency fee uses the venue's price of that currency at
 * the fill's time — the 1-minute bar containing the fill on the pair fee/quote, or quote/fee inverted.
 */
export interface FeeInQuote {
  /** The fee as charged. */
  readonly amount: number;
  readonly currency: string;
  /** In the market's quote currency; null when no venue price could be found. */
  readonly quoteAmount: number | null;
  /** Quote per unit of the fee currency used; null when none was needed or found. */
  readonly rate: number | null;
  readonly how: 'charged in quote' | 'fill price' | 'venue price' | 'no venue price';
}

/** The venue's price of `base` in `quote` at `time`, or null (no such market, no bar). */
export type PriceAt = (symbol: MarketSymbol, time: number) => Promise<number | null>;

/** Pure part: a fee and, for a third currency, the rate found for it. Rounded to 1e-10 so no float noise reaches a trader. */
export function feeToQuote(fill: Pick<Fill, 'fee' | 'feeCurrency' | 'price'>, market: Pick<MarketRules, 'base' | 'quote'>, thirdCurrencyRate: number | null = null): FeeInQuote {
  const base = { amount: fill.fee, currency: fill.feeCurrency };
  if (fill.fee === 0 || fill.feeCurrency === market.quote || fill.feeCurrency === '') return { ...base, quoteAmount: fill.fee, rate: null, how: 'charged in quote' };
  if (fill.feeCurrency === market.base) return { ...base, quoteAmount: tidy(fill.fee * fill.price), rate: fill.price, how: 'fill price' };
  if (thirdCurrencyRate === null || !(thirdCurrencyRate > 0)) return { ...base, quoteAmount: null, rate: null, how: 'no venue price' };
  return { ...base, quoteAmount: tidy(fill.fee * thirdCurrencyRate), rate: thirdCurrencyRate, how: 'venue price' };
}

/**
 * The fee of `fill` in quote, asking the venue for a third currency's price at the fill's time:
 * `markets` are the venue's loaded markets, `priceAt` its 1-minute close (see CcxtExchange.priceAt).
 */
export async function convertFee(fill: Fill, markets: ReadonlyMap<MarketSymbol, MarketRules>, priceAt: PriceAt): Promise<FeeInQuote> {
  const market = markets.get(fill.symbol);
  if (!market) return { amount: fill.fee, currency: fill.feeCurrency, quoteAmount: null, rate: null, how: 'no venue price' };
  if (fill.fee === 0 || fill.feeCurrency === market.quote || fill.feeCurrency === market.base || fill.feeCurrency === '') return feeToQuote(fill, market);
  const direct = `${fill.feeCurrency}/${market.quote}`;
  const inverse = `${market.quote}/${fill.feeCurrency}`;
  let rate: number | null = null;
  if (markets.has(direct)) rate = await priceAt(direct, fill.time);
  if (rate === null && markets.has(inverse)) {
    const price = await priceAt(inverse, fill.time);
    rate = price !== null && price > 0 ? 1 / price : null;
  }
  return feeToQuote(fill, market, rate);
}

/** A fee in quote on a real venue: its markets, and its own 1-minute bars for a third currency. */
export async function venueFeeInQuote(exchange: CcxtExchange, fill: Fill): Promise<FeeInQuote> {
  return convertFee(fill, await exchange.loadMarkets(), venuePriceAt(exchange));
}

/**
 * The venue's price of a pair at a moment: the close of the 1-minute bar that contains it (ccxt
 * fetchOHLCV), or the last trade price when that minute has no bar yet (a fill moments ago).
 */
export function venuePriceAt(exchange: CcxtExchange, now: () => number = Date.now): PriceAt {
  return async (symbol, time) => {
    const minute = Math.floor(time / 60_000) * 60_000;
    try {
      const bars = await exchange.read(() => exchange.client.fetchOHLCV(symbol, '1m', minute, 1));
      const bar = bars.find((b) => b[0] === minute);
      if (bar && typeof bar[4] === 'number' && bar[4] > 0) return bar[4];
      if (now() - time > 120_000) return null;
      const ticker = await exchange.read(() => exchange.client.fetchTicker(symbol));
      return typeof ticker.last === 'number' && ticker.last > 0 ? ticker.last : null;
    } catch {
      return null; // no price is an answer the caller shows ("no venue price"), not a failure of the fill
    }
  };
}

function tidy(value: number): number {
  return Number(value.toFixed(10));
}

/** Values fills' third-currency fees on a venue, remembering each found value (fills are fetched again on every update of their order). */
export class ThirdCurrencyFees {
  private readonly found = new Map<string, number>();

  constructor(private readonly exchange: CcxtExchange) {}

  /** The fill with `feeInQuote` when its fee is in neither base nor quote (null: no venue price found). */
  async value(fill: Fill): Promise<Fill> {
    const markets = await this.exchange.loadMarkets();
    const market = markets.get(fill.symbol);
    if (!market || fill.fee === 0 || fill.feeCurrency === '' || fill.feeCurrency === market.base || fill.feeCurrency === market.quote) return fill;
    const key = `${fill.symbol} ${fill.id}`;
    const known = this.found.get(key);
    if (known !== undefined) return { ...fill, feeInQuote: known };
    const valued = await convertFee(fill, markets, venuePriceAt(this.exchange));
    if (valued.quoteAmount !== null) this.found.set(key, valued.quoteAmount);
    return { ...fill, feeInQuote: valued.quoteAmount };
  }
}

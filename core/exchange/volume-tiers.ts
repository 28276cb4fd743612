import type { MarketSymbol } from '../market/candle.js';
import type { LiquidityTier, MarketRules } from './port.js';

/** The 24 h volume a market needs for each tier, in US dollars; below `small` is meme (risk config `tiers`). */
export interface TierVolumes {
  readonly large: number;
  readonly mid: number;
  readonly small: number;
}

/** What a venue's 24 h ticker says of one market (ccxt `fetchTickers`). */
export interface DayTicker {
  readonly last?: number | undefined;
  readonly baseVolume?: number | undefined;
  readonly quoteVolume?: number | undefined;
}

/** Quotes counted as US dollars one to one. */
export const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC', 'FDUSD', 'TUSD', 'DAI', 'USDP', 'BUSD']);

/**
 * Decimals of money (P&L, fees, a final value) in a market's quote currency when no venue's rules are at
 * hand (a backtest over a file): cents for the dollar, its stablecoins, the euro and the pound; 8 (a
 * satoshi) for a coin quote such as BTC or ETH, whose P&L in cents would read 0.00.
 */
export function quoteMoneyDecimals(symbol: string): number {
  return currencyMoneyDecimals(symbol.split('/')[1]?.split(':')[0] ?? '');
}

/** Decimals of money in `currency` by the same rule: cents for the dollar, its stablecoins, the euro and the pound; satoshis otherwise. */
export function currencyMoneyDecimals(currency: string): number {
  return USD_LIKE.has(currency) || currency === 'EUR' || currency === 'GBP' ? 2 : 8;
}

/**
 * The quote currency money over some markets is in (a configuration's, a symbol's row), and its decimals:
 * `quote` when they share one (absent when they mix quotes), `moneyDecimals` the finest of theirs.
 */
export function marketsMoney(symbols: readonly string[]): { quote?: string; moneyDecimals: number } {
  const quotes = new Set(symbols.map((symbol) => symbol.split('/')[1]?.split(':')[0] ?? ''));
  const moneyDecimals = Math.max(2, ...symbols.map(quoteMoneyDecimals));
  const [quote] = quotes;
  return quotes.size === 1 && quote ? { quote, moneyDecimals } : { moneyDecimals };
}

/**
 * Each market's tier from its 24 h volume in US dollars: the quote volume of a USD-stable pair, or the
 * quote volume converted at the quote currency's own USD pair (ETH/BTC through BTC/USDT). A market
 * with no volume or no way to value it gets no tier here (the caller keeps its default).
 */
export function tiersFromVolume(markets: Iterable<Pick<MarketRules, 'symbol' | 'base' | 'quote'>>, tickers: Readonly<Record<string, DayTicker>>, volumes: TierVolumes): Map<MarketSymbol, { tier: LiquidityTier; usdVolume: number }> {
  const list = [...markets];
  const usdPrice = (currency: string): number | null => {
    if (USD_LIKE.has(currency)) return 1;
    for (const market of list) {
      if (market.base !== currency || !USD_LIKE.has(market.quote)) continue;
      const last = tickers[market.symbol]?.last;
      if (typeof last === 'number' && last > 0) return last;
    }
    return null;
  };
  const tiers = new Map<MarketSymbol, { tier: LiquidityTier; usdVolume: number }>();
  for (const market of list) {
    const ticker = tickers[market.symbol];
    if (!ticker) continue;
    const quoteVolume = typeof ticker.quoteVolume === 'number' ? ticker.quoteVolume : typeof ticker.baseVolume === 'number' && typeof ticker.last === 'number' ? ticker.baseVolume * ticker.last : null;
    const rate = usdPrice(market.quote);
    if (quoteVolume === null || !(quoteVolume >= 0) || rate === null) continue;
    const usdVolume = quoteVolume * rate;
    tiers.set(market.symbol, { tier: tierOf(usdVolume, volumes), usdVolume });
  }
  return tiers;
}

export function tierOf(usdVolume: number, volumes: TierVolumes): LiquidityTier {
  if (usdVolume >= volumes.large) return 'large';
  if (usdVolume >= volumes.mid) return 'mid';
  if (usdVolume >= volumes.small) return 'small';
  return 'meme';
}

/** What refreshing needs of a venue adapter (CcxtExchange). */
export interface TierVenue {
  loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>>;
  fetchDayTickers(): Promise<Readonly<Record<string, DayTicker>>>;
  setVolumeTiers(tiers: ReadonlyMap<MarketSymbol, LiquidityTier>): void;
}

/** Asks the venue for every market's 24 h ticker and sets the tiers its volumes give; returns how many markets got one. */
export async function refreshVolumeTiers(venue: TierVenue, volumes: TierVolumes): Promise<number> {
  const markets = await venue.loadMarkets();
  const tickers = await venue.fetchDayTickers();
  const tiers = tiersFromVolume(markets.values(), tickers, volumes);
  venue.setVolumeTiers(new Map([...tiers].map(([symbol, { tier }]) => [symbol, tier])));
  return tiers.size;
}

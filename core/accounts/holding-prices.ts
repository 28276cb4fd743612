import type { Balance, MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import { noRouteReason, routePrice, valuationRoute, type ValuationRoute } from './valuation-route.js';

/** What a held currency is worth in the account's valuation currency, as far as the venue's prices tell. */
export type HoldingPrice =
  /** `stale`: its oldest price is older than STALE_AFTER_MS (refreshes keep failing); it is still the last price known. */
  | { readonly kind: 'priced'; readonly price: number; readonly at: number; readonly stale: boolean }
  /** Less than the venue's minimum order of its market: it needs no price and is left out. */
  | { readonly kind: 'dust' }
  /** `never`: the venue lists no market to value it by, so no price will come (it is left out of the day start too). */
  | { readonly kind: 'unvalued'; readonly reason: string; readonly never?: true };

export interface HoldingPricesOptions {
  /** The venue's name in messages (the ccxt exchange id). */
  readonly venue: string;
  /** The venue's markets (cached by the adapter). */
  readonly markets: () => Promise<ReadonlyMap<MarketSymbol, Pick<MarketRules, 'minAmount'>>>;
  /** The venue's last prices of these markets, batched and rate-budgeted (core/exchange/ccxt-last-prices.ts). */
  readonly lastPrices: (symbols: readonly MarketSymbol[]) => Promise<ReadonlyMap<MarketSymbol, number>>;
  readonly balances: () => readonly Balance[] | null;
  readonly quote: () => string;
  readonly now: () => number;
  /** How often prices are asked for again; default REFRESH_MS. */
  readonly refreshMs?: number;
  /** A refresh failed (the first of a series only); the last prices are kept meanwhile. */
  readonly onProblem?: (message: string) => void;
  /** The prices in use became older than STALE_AFTER_MS (once per stale spell); `since`: the oldest price's time. */
  readonly onStale?: (message: string, since: number) => void;
  /** A refresh succeeded after a stale spell. */
  readonly onFresh?: (message: string) => void;
}

/**
 * Once a minute: Binance answers up to 20 markets for a weight of 2 (of 6000 a minute), so this costs
 * next to nothing, and an unwatched holding's value is at most a minute old.
 */
export const REFRESH_MS = 60_000;
/**
 * Prices older than five refresh periods are stale: one or two failed refreshes are noise, five in a row
 * (five minutes) are an outage the trader should see beside equity. The last price is still used
 * (dropping the holding to zero would trip the daily-loss breaker on a network problem).
 */
export const STALE_AFTER_MS = 5 * REFRESH_MS;
/** A currency that appears between refreshes (a deposit, a fill) is priced this soon, not sooner. */
const EARLY_REFRESH_MS = 5_000;
/** Amounts below this are nothing (float noise), not holdings. */
const NOTHING = 1e-12;

/**
 * The venue's prices of every currency a live account holds, for its equity: each currency valued by
 * its route (valuation-route.ts) from the markets' last prices, asked for in one batched request per
 * refresh. Prices of markets Halyard streams are asked for too, so that a market leaving the watchlist
 * never drops out of equity (the feed's mark, fresher, still wins where there is one). A failed
 * refresh keeps the last prices: equity must not fall because a request did.
 */
export class HoldingPrices {
  private readonly last = new Map<MarketSymbol, { readonly price: number; readonly at: number }>();
  /** Route per `asset quote`, as planned at the last refresh (null: the venue has none). */
  private readonly routes = new Map<string, ValuationRoute | null>();
  private readonly minAmounts = new Map<MarketSymbol, number | null>();
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private problem: string | null = null;
  private earlyAt = Number.NEGATIVE_INFINITY;
  /** Whether the prices in use were last seen stale (told once per spell). */
  private stale = false;
  /** Currencies asked for since the last refresh that the account does not hold (the day start waits to price a coin sold meanwhile). */
  private readonly askedUnheld = new Set<string>();

  constructor(private readonly options: HoldingPricesOptions) {}

  /** Asks the venue for the prices of every held currency now (one refresh at a time); never throws. */
  refresh(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Refreshes every `refreshMs` until stopped. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? REFRESH_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The price of `asset` (holding `total`) in the valuation currency now; an asset not seen yet is asked for soon. */
  price(asset: string, total: number): HoldingPrice {
    const quote = this.options.quote();
    const key = `${asset} ${quote}`;
    if (!(total > NOTHING) && asset !== quote) this.askedUnheld.add(asset);
    if (!this.routes.has(key)) {
      this.soon();
      return { kind: 'unvalued', reason: this.problem ? `no ${this.options.venue} price of ${asset}: ${this.problem}` : `waiting for ${this.options.venue}'s price of ${asset}` };
    }
    const route = this.routes.get(key) ?? null;
    if (route === null) return { kind: 'unvalued', reason: noRouteReason(asset, quote, this.options.venue), never: true };
    const price = routePrice(route, (symbol) => this.last.get(symbol)?.price);
    if (price !== null) {
      const at = Math.min(...route.legs.map((leg) => this.last.get(leg.symbol)!.at));
      const stale = this.options.now() - at > STALE_AFTER_MS;
      // A stale price is asked for again sooner than the minute (at most every EARLY_REFRESH_MS while read).
      if (stale) this.soon();
      this.noteStaleness();
      return { kind: 'priced', price, at, stale };
    }
    const [first] = route.legs;
    const minAmount = !first.inverse ? this.minAmounts.get(first.symbol) : null;
    if (route.legs.length === 1 && minAmount != null && total < minAmount) return { kind: 'dust' };
    const markets = route.legs.map((leg) => leg.symbol).join(' and ');
    return { kind: 'unvalued', reason: this.problem ? `no ${this.options.venue} price of ${markets}: ${this.problem}` : `${this.options.venue} gave no price of ${markets}` };
  }

  private soon(): void {
    const now = this.options.now();
    if (this.running || now - this.earlyAt < EARLY_REFRESH_MS) return;
    this.earlyAt = now;
    void this.refresh();
  }

  private async run(): Promise<void> {
    const quote = this.options.quote();
    const held = (this.options.balances() ?? []).filter((balance) => balance.currency !== quote && balance.total > NOTHING).map((balance) => balance.currency);
    const assets = [...new Set([...held, ...this.askedUnheld])];
    this.askedUnheld.clear();
    try {
      const markets = await this.options.markets();
      const listed = new Set(markets.keys());
      const symbols = new Set<MarketSymbol>();
      const planned = new Map<string, ValuationRoute | null>();
      for (const asset of assets) {
        const route = valuationRoute(asset, quote, listed);
        planned.set(`${asset} ${quote}`, route);
        for (const leg of route?.legs ?? []) {
          symbols.add(leg.symbol);
          this.minAmounts.set(leg.symbol, markets.get(leg.symbol)?.minAmount ?? null);
        }
      }
      const prices = symbols.size > 0 ? await this.options.lastPrices([...symbols]) : new Map<MarketSymbol, number>();
      const at = this.options.now();
      for (const [symbol, price] of prices) this.last.set(symbol, { price, at });
      for (const [key, route] of planned) this.routes.set(key, route);
      this.problem = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.problem === null) this.options.onProblem?.(`could not read ${this.options.venue}'s prices of the account's holdings: ${message}`);
      this.problem = message;
    }
    this.noteStaleness();
  }

  /** The oldest price behind the held currencies' values; null while none is priced. */
  private oldestPriceAt(): number | null {
    let oldest: number | null = null;
    for (const route of this.routes.values()) {
      for (const leg of route?.legs ?? []) {
        const at = this.last.get(leg.symbol)?.at;
        if (at !== undefined && (oldest === null || at < oldest)) oldest = at;
      }
    }
    return oldest;
  }

  /** Tells once when the prices in use become stale and once when they are fresh again. */
  private noteStaleness(): void {
    const oldest = this.oldestPriceAt();
    const stale = oldest !== null && this.options.now() - oldest > STALE_AFTER_MS;
    if (stale === this.stale) return;
    this.stale = stale;
    const venue = this.options.venue;
    if (stale) this.options.onStale?.(`${venue}'s prices of the account's holdings are stale (last read ${new Date(oldest).toISOString()}): equity keeps the last prices${this.problem ? `; ${this.problem}` : ''}`, oldest);
    else this.options.onFresh?.(`${venue}'s prices of the account's holdings are fresh again`);
  }
}

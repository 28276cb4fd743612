import type { MarketSymbol } from '../market/candle.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { PositionLedger } from '../positions/ledger.js';
import type { DayStartProvisional, DayStarts, HeldAmount, UnpricedSale } from '../risk/day-start.js';
import type { ExposureItem, GatePortfolio, UnvaluedHolding } from '../risk/guard.js';
import type { TradingAccount } from './trading-account.js';

export interface AccountPortfoliosOptions {
  readonly ledger: Pick<PositionLedger, 'entries'>;
  /** The journal's working orders of an account. */
  readonly workingOrders: (account: string) => readonly OrderRecord[];
  readonly dayStarts: DayStarts;
  readonly now: () => number;
  /** The account's fills in `symbol` since `since` (a coin the day start has not priced yet: what its trades brought). */
  readonly trades?: (account: string, symbol: MarketSymbol, since: number) => readonly { readonly side: 'buy' | 'sell'; readonly amount: number; readonly price: number }[];
}

/** Holdings smaller than this (in base) are dust, not exposure. */
const DUST = 1e-12;

/**
 * An account as the risk gate sees it — the whole account, not one strategy's view of it: equity (cash
 * plus every holding at its mark: the feed's, else the venue's own price for coins Halyard does not watch;
 * a coin with neither is listed as not valued), every owner's position from the ledger plus coins the account holds
 * that no position explains, every resting entry order of every owner (from the journal), free cash, and
 * the day's P&L against the equity at the start of the trading day (kept across restarts).
 */
export class AccountPortfolios {
  constructor(private readonly options: AccountPortfoliosOptions) {}

  /**
   * `hint`: a price to value `symbol` at when the account has no mark for it (the order's own price).
   * `without`: a working order left out, its reserved cash counted as free (a modify about to cancel it).
   */
  of(account: TradingAccount, hint?: { readonly symbol: MarketSymbol; readonly price: number }, without?: string): GatePortfolio | null {
    const balances = account.balanceSnapshot();
    if (balances === null) return null;
    const time = this.options.now();
    const quote = account.quote;
    const entries = this.options.ledger.entries(account.id);
    const averageEntry = new Map<string, number>();
    for (const entry of entries) averageEntry.set(entry.symbol, entry.position.averageEntry);
    const totals = new Map(balances.map((balance) => [balance.currency, balance.total]));
    let venuePrices: { at: number; stale: boolean } | undefined;
    const noteVenuePrice = (at: number, stale: boolean) => {
      venuePrices = { at: Math.min(at, venuePrices?.at ?? at), stale: stale || (venuePrices?.stale ?? false) };
    };
    const marketMark = (symbol: string): number | null => account.markPrice(symbol) ?? venueMark(account, symbol, totals, noteVenuePrice);
    const fallbackMark = (symbol: string): number | null => (hint?.symbol === symbol ? hint.price : null) ?? averageEntry.get(symbol) ?? null;
    const mark = (symbol: string): number | null => marketMark(symbol) ?? fallbackMark(symbol);
    let equity = 0;
    let freeCash = 0;
    const held = new Map<string, number>();
    const unvalued: UnvaluedHolding[] = [];
    // For the day start: the market price of each coin counted (not an order's or an entry's price), what each adds, and what waits for a price.
    const marketPrices = new Map<string, number>();
    const worth = new Map<string, number>();
    const awaiting: HeldAmount[] = [];
    for (const balance of balances) {
      if (balance.currency === quote) {
        equity += balance.total;
        freeCash = balance.free;
        continue;
      }
      if (!(balance.total > DUST)) continue;
      const symbol = `${balance.currency}/${quote}`;
      const market = marketMark(symbol);
      const price = market ?? fallbackMark(symbol);
      if (price === null) {
        // Never counted as zero silently: the trader is told which coins equity leaves out, and why.
        const venue = account.venuePrice?.(balance.currency, balance.total);
        if (venue?.kind !== 'dust') unvalued.push({ currency: balance.currency, total: balance.total, reason: venue?.kind === 'unvalued' ? venue.reason : `Halyard does not watch ${symbol}` });
        // A coin the venue lists no market for is never priced: it stays out of equity and day start alike.
        if (venue?.kind !== 'dust' && !(venue?.kind === 'unvalued' && venue.never === true)) awaiting.push({ currency: balance.currency, total: balance.total });
        continue;
      }
      if (market !== null) marketPrices.set(balance.currency, market);
      worth.set(balance.currency, balance.total * price);
      equity += balance.total * price;
      held.set(symbol, balance.total);
    }
    const positions: ExposureItem[] = [];
    const owned = new Map<string, number>();
    for (const entry of entries) {
      const price = mark(entry.symbol) ?? entry.position.averageEntry;
      positions.push({ strategy: entry.owner, symbol: entry.symbol, notional: entry.position.quantity * price });
      owned.set(entry.symbol, (owned.get(entry.symbol) ?? 0) + entry.position.quantity);
    }
    // Coins no position explains (held before Halyard saw them bought) are the trader's exposure too.
    for (const [symbol, total] of held) {
      const rest = total - (owned.get(symbol) ?? 0);
      if (rest > DUST * Math.max(1, total)) positions.push({ strategy: 'manual', symbol, notional: rest * (mark(symbol) ?? 0) });
    }
    const openEntryOrders: ExposureItem[] = [];
    for (const order of this.options.workingOrders(account.id)) {
      if (order.side !== 'buy') continue;
      const remaining = order.amount - order.filled;
      const price = order.price ?? mark(order.symbol) ?? 0;
      if (order.clientOrderId === without) freeCash += Math.max(0, remaining * price);
      else if (remaining > 0) openEntryOrders.push({ strategy: order.strategy ?? 'manual', symbol: order.symbol, notional: remaining * price });
    }
    // A coin the day start waits to price is asked for even once it is no longer held (sold meanwhile), so it can be completed.
    for (const { currency } of this.options.dayStarts.missing(account.id)) {
      if (marketPrices.has(currency) || currency === quote) continue;
      const symbol = `${currency}/${quote}`;
      const price = account.markPrice(symbol) ?? venueMark(account, symbol, totals);
      if (price !== null) marketPrices.set(currency, price);
    }
    const day = this.options.dayStarts.observe(account.id, time, equity, { prices: marketPrices, awaiting, staleSince: venuePrices?.stale ? venuePrices.at : null });
    // A coin still missing from the day start counts in equity only at an order's or entry's price: not in the day's P&L either.
    // Nor does the cash its trades brought today (proceeds of a sale, net of buys): its worth at the day start is unknown until priced.
    const unpricedSales = day.provisional ? this.unpricedSales(account.id, quote, day.provisional) : [];
    const uncounted = (day.provisional?.missing ?? []).reduce((sum, missing) => sum + (worth.get(missing.currency) ?? 0), 0) + unpricedSales.reduce((sum, sale) => sum + sale.proceeds, 0);
    const provisional = day.provisional && unpricedSales.length > 0 ? { ...day.provisional, unpricedSales } : day.provisional;
    return {
      time,
      account: account.id,
      quote,
      day: day.day,
      dayEndsAt: day.endsAt,
      equity,
      unvalued,
      ...(venuePrices ? { venuePrices } : {}),
      freeCash,
      dayStartEquity: day.equity,
      ...(provisional ? { dayStartProvisional: provisional } : {}),
      dailyPnl: equity - day.equity - uncounted,
      positions,
      openEntryOrders,
    };
  }

  /** Today's trades of each coin the day start leaves out, against the account's quote: what they sold and brought (net). */
  private unpricedSales(account: string, quote: string, provisional: DayStartProvisional): UnpricedSale[] {
    const trades = this.options.trades;
    if (!trades || provisional.since === undefined) return [];
    const sales: UnpricedSale[] = [];
    for (const { currency } of provisional.missing) {
      let sold = 0;
      let proceeds = 0;
      for (const fill of trades(account, `${currency}/${quote}`, provisional.since)) {
        const sign = fill.side === 'sell' ? 1 : -1;
        sold += sign * fill.amount;
        proceeds += sign * fill.amount * fill.price;
      }
      if (sold !== 0 || proceeds !== 0) sales.push({ currency, sold, proceeds });
    }
    return sales;
  }
}

/** The price a position in `symbol` is valued at: the feed's mark, else (live accounts) the venue's own price of its coin. */
export function holdingMark(account: TradingAccount, symbol: string): number | null {
  const totals = new Map((account.balanceSnapshot() ?? []).map((balance) => [balance.currency, balance.total]));
  return account.markPrice(symbol) ?? venueMark(account, symbol, totals);
}

/** The venue's price of `symbol`'s base in the account's quote, when `symbol` is `<held currency>/<quote>`; `used` hears its age. */
function venueMark(account: TradingAccount, symbol: string, totals: ReadonlyMap<string, number>, used?: (at: number, stale: boolean) => void): number | null {
  const [base, quote] = symbol.split('/');
  if (!account.venuePrice || base === undefined || quote !== account.quote) return null;
  const price = account.venuePrice(base, totals.get(base) ?? 0);
  if (price.kind !== 'priced') return null;
  used?.(price.at, price.stale);
  return price.price;
}

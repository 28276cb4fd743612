import type { MarketSymbol } from '../market/candle.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { PositionLedger } from '../positions/ledger.js';
import type { DayStarts } from '../risk/day-start.js';
import type { ExposureItem, GatePortfolio } from '../risk/guard.js';
import type { TradingAccount } from './trading-account.js';

export interface AccountPortfoliosOptions {
  readonly ledger: Pick<PositionLedger, 'entries'>;
  /** The journal's working orders of an account. */
  readonly workingOrders: (account: string) => readonly OrderRecord[];
  readonly dayStarts: DayStarts;
  readonly now: () => number;
}

/** Holdings smaller than this (in base) are dust, not exposure. */
const DUST = 1e-12;

/**
 * An account as the risk gate sees it — the whole account, not one strategy's view of it: equity (cash
 * plus every holding at its mark), every owner's position from the ledger plus coins the account holds
 * that no position explains, every resting entry order of every owner (from the journal), free cash, and
 * the day's P&L against the equity at the start of the trading day (kept across restarts).
 */
export class AccountPortfolios {
  constructor(private readonly options: AccountPortfoliosOptions) {}

  /** `hint`: a price to value `symbol` at when the account has no mark for it (the order's own price). */
  of(account: TradingAccount, hint?: { readonly symbol: MarketSymbol; readonly price: number }): GatePortfolio | null {
    const balances = account.balanceSnapshot();
    if (balances === null) return null;
    const time = this.options.now();
    const quote = account.quote;
    const entries = this.options.ledger.entries(account.id);
    const averageEntry = new Map<string, number>();
    for (const entry of entries) averageEntry.set(entry.symbol, entry.position.averageEntry);
    const mark = (symbol: string): number | null => account.markPrice(symbol) ?? (hint?.symbol === symbol ? hint.price : null) ?? averageEntry.get(symbol) ?? null;
    let equity = 0;
    let freeCash = 0;
    const held = new Map<string, number>();
    for (const balance of balances) {
      if (balance.currency === quote) {
        equity += balance.total;
        freeCash = balance.free;
        continue;
      }
      const symbol = `${balance.currency}/${quote}`;
      const price = mark(symbol);
      if (price === null || !(balance.total > DUST)) continue;
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
      if (remaining > 0) openEntryOrders.push({ strategy: order.strategy ?? 'manual', symbol: order.symbol, notional: remaining * price });
    }
    const day = this.options.dayStarts.observe(account.id, time, equity);
    return { time, account: account.id, day: day.day, dayEndsAt: day.endsAt, equity, freeCash, dayStartEquity: day.equity, dailyPnl: equity - day.equity, positions, openEntryOrders };
  }
}

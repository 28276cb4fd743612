import type { Fill } from '../exchange/port.js';
import { Position, type ClosedTrade } from '../engine/positions.js';
import type { ExitReason } from '../strategies/contract.js';
import { fillSequence } from './fill-sequence.js';
import { TradeBook } from './trade-book.js';
import type { LedgerHistoryRow, LedgerLeg, LedgerOrderMeta, LedgerStore, Owner } from './ledger-store.js';

/** The owner of the trader's own orders (the order ticket, orders placed at the venue itself). */
export const MANUAL: Owner = 'manual';

/** One owner's open position on one account and symbol. */
export interface LedgerEntry {
  readonly account: string;
  readonly owner: Owner;
  readonly symbol: string;
  readonly position: Position;
  /** Quote value of every fee its fills paid (entries and exits). */
  fees: number;
}

/** What one fill did to the ledger (told to listeners once, as the fill is recorded). */
export interface LedgerChange {
  readonly account: string;
  readonly owner: Owner;
  readonly fill: Fill;
  readonly tradeId: string;
  /** Base quantity that moved the position (a sell beyond the position moves only what was held). */
  readonly quantity: number;
  /** The closed part, for a sell. */
  readonly trade: ClosedTrade | null;
  /** True when the order behind the fill is known to the journal (Halyard placed it). */
  readonly journaled: boolean;
}

export interface PositionLedgerOptions {
  readonly store: LedgerStore;
  /** A new trade id for an owner's position that opens without one from its order. */
  readonly newTradeId: (owner: Owner, symbol: string) => string;
}

/**
 * The one position ledger: positions keyed (account, owner, symbol), fed only by the journal's fills.
 * Every view — Positions, P&L, strategies, leftovers, the risk gate — reads it. Buys of an owner's
 * orders open or add to that owner's position; sells reduce it FIFO with the order's one exit reason.
 * A sell never takes more than its owner holds: what the trader sells beyond their manual position
 * (coins held before Halyard saw them bought) moves no position. After a restart the ledger is rebuilt
 * from the journal's fills and the legs recorded for them, so trade ids and reasons come back as they were.
 */
export class PositionLedger {
  /** Every trade's entries, exits, fees and realized P&L (trade review), fed by the same replay as the positions. */
  readonly trades = new TradeBook();
  private readonly open = new Map<string, LedgerEntry>();
  private readonly listeners = new Set<(change: LedgerChange) => void>();

  constructor(private readonly options: PositionLedgerOptions) {}

  /** Rebuilds every open position from the store (fills in the order the venues made them). */
  load(): void {
    this.open.clear();
    this.trades.clear();
    const rows = [...this.options.store.history()].sort(byVenueSequence);
    for (const row of rows) {
      if (row.legs.length > 0) {
        for (const leg of row.legs) this.replay(row.account, row.fill, leg);
      } else {
        this.attribute(row.account, row.fill, row.order);
      }
    }
  }

  /** A fill the journal just recorded (new, never seen before): attributed, recorded and told. */
  applyFill(account: string, fill: Fill, order: LedgerOrderMeta | null): LedgerChange | null {
    const change = this.attribute(account, fill, order);
    if (change) for (const listener of this.listeners) listener(change);
    return change;
  }

  onChange(listener: (change: LedgerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  entry(account: string, owner: Owner, symbol: string): LedgerEntry | null {
    return this.open.get(key(account, owner, symbol)) ?? null;
  }

  /** Open positions, optionally of one account. */
  entries(account?: string): LedgerEntry[] {
    const all = [...this.open.values()];
    return account === undefined ? all : all.filter((entry) => entry.account === account);
  }

  /** Every owner's open position in `symbol` on `account`. */
  holders(account: string, symbol: string): LedgerEntry[] {
    return this.entries(account).filter((entry) => entry.symbol === symbol);
  }

  /** The trade (and exit reason) a fill belongs to, for grouping history; null when it moved no position. */
  tradeOfFill(account: string, fillId: string): { readonly tradeId: string; readonly exitReason: ExitReason | null; readonly owner: Owner } | null {
    const leg = this.options.store.legsOfFill(account, fillId)[0];
    return leg ? { tradeId: leg.tradeId, exitReason: leg.exitReason, owner: leg.owner } : null;
  }

  private attribute(account: string, fill: Fill, order: LedgerOrderMeta | null): LedgerChange | null {
    const owner = order?.owner ?? MANUAL;
    const entryKey = key(account, owner, fill.symbol);
    const current = this.open.get(entryKey);
    if (fill.side === 'sell' && (current === undefined || !current.position.isOpen)) return null;
    const tradeId = current?.position.tradeId ?? order?.tradeId ?? this.options.newTradeId(owner, fill.symbol);
    const exitReason = fill.side === 'sell' ? (order?.exitReason ?? 'manual') : null;
    const quantity = fill.side === 'buy' ? fill.amount : Math.min(fill.amount, current!.position.quantity);
    const leg: LedgerLeg = { account, fillId: fill.id, owner, tradeId, quantity, exitReason };
    const trade = this.replay(account, fill, leg);
    this.options.store.recordLeg(leg);
    return { account, owner, fill, tradeId, quantity, trade, journaled: order !== null };
  }

  /** Applies one leg to its owner's position; returns the closed part for a sell. */
  private replay(account: string, fill: Fill, leg: Omit<LedgerLeg, 'account' | 'fillId'>): ClosedTrade | null {
    const entryKey = key(account, leg.owner, fill.symbol);
    const { quantity: received, fee } = this.normalise(fill, leg.quantity);
    let entry = this.open.get(entryKey);
    if (fill.side === 'buy') {
      if (entry === undefined || !entry.position.isOpen) {
        entry = { account, owner: leg.owner, symbol: fill.symbol, position: new Position(leg.tradeId, fill.symbol, fill.time, fill.price), fees: 0 };
        this.open.set(entryKey, entry);
      }
      entry.position.addFill(fill.clientOrderId, received, fill.price, fee, fill.time);
      entry.fees += fee;
      this.trades.entered({ account, owner: leg.owner, symbol: fill.symbol, tradeId: entry.position.tradeId }, received, fill.price, fee, fill.time);
      return null;
    }
    if (entry === undefined || !entry.position.isOpen) return null;
    const take = Math.min(received, entry.position.quantity);
    if (!(take > 0)) return null;
    const trade = entry.position.reduce(take, fill.price, fee, fill.time, leg.exitReason ?? 'manual');
    entry.fees += fee;
    this.trades.exited(account, trade, fee);
    if (!entry.position.isOpen) this.open.delete(entryKey);
    return trade;
  }

  /**
   * The leg's base quantity as the position holds it and its share of the fee in quote: a venue that
   * takes the fee in the coin bought leaves the position that much smaller; a fee in a third currency is
   * what the venue's price made of it at the fill (`feeInQuote`), or 0 when no price was found.
   */
  private normalise(fill: Fill, quantity: number): { quantity: number; fee: number } {
    const [base, quote] = splitSymbol(fill.symbol);
    const share = fill.amount > 0 ? quantity / fill.amount : 0;
    if (fill.fee === 0 || fill.feeCurrency === quote) return { quantity, fee: fill.fee * share };
    if (fill.feeCurrency === base) {
      const fee = fill.fee * share;
      return { quantity: fill.side === 'buy' ? quantity - fee : quantity, fee: fee * fill.price };
    }
    return { quantity, fee: (fill.feeInQuote ?? 0) * share };
  }
}

function key(account: string, owner: Owner, symbol: string): string {
  return `${account}\u0000${owner}\u0000${symbol}`;
}

function splitSymbol(symbol: string): [string, string] {
  const [base, rest] = symbol.split('/') as [string, string | undefined];
  return [base, (rest ?? '').split(':')[0]!];
}

/** The venues' fill numbers say the order fills happened in (market time can repeat: a replay starts over). */
function byVenueSequence(a: LedgerHistoryRow, b: LedgerHistoryRow): number {
  return fillSequence(a.fill.id) - fillSequence(b.fill.id) || a.fill.time - b.fill.time || (a.fill.id < b.fill.id ? -1 : a.fill.id > b.fill.id ? 1 : 0);
}

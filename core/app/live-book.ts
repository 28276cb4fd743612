import type { PositionView } from '../api/contract/trading.js';
import type { Fill } from '../exchange/port.js';
import { Position } from '../engine/positions.js';
import type { MarketSymbol } from '../market/candle.js';
import type { OrderJournal } from '../risk/journal.js';
import { positionFigures } from './strategy-position-view.js';
import type { FillRecord } from '../store/repositories/fills.js';
import type { ExitReason } from '../strategies/contract.js';

/**
 * The fills and manual positions of armed live accounts. Fills reach Halyard several ways — the
 * answer to our own order, the account's private stream (websocket or polling), reconciliation after
 * a restart or a wake-up — and the same trade may come through more than one of them; the book takes
 * each fill ONCE, by its venue trade id, and rebuilds positions from fills (after a restart, from the
 * journal). Manual positions are the trader's orders and orders placed at the venue itself; orders a
 * strategy sent belong to that strategy.
 */

export interface LiveBookOptions {
  readonly journal: OrderJournal;
  /** The price a position on `exchange` is marked at, or null when Halyard does not watch that market. */
  readonly markPrice?: (exchange: string, symbol: MarketSymbol) => number | null;
}

interface Trade {
  readonly tradeId: string;
  readonly exitReason: ExitReason | null;
}

interface Account {
  readonly exchange: string;
  /** Venue trade ids already taken. */
  readonly seen: Set<string>;
  readonly positions: Map<MarketSymbol, Position>;
  readonly fees: Map<MarketSymbol, number>;
  /** Fill id → the trade (position) it belongs to, and for an exit its one reason. */
  readonly trades: Map<string, Trade>;
}

const MANUAL = 'manual';

export class LiveBook {
  private readonly accounts = new Map<string, Account>();

  constructor(private readonly options: LiveBookOptions) {}

  /** Starts the book of an armed account from the fills the journal holds for it (nothing is announced). */
  attach(venue: string, exchange: string): void {
    const account: Account = { exchange, seen: new Set(), positions: new Map(), fees: new Map(), trades: new Map() };
    this.accounts.set(venue, account);
    for (const fill of this.options.journal.venueFills(venue)) this.take(venue, account, fill);
  }

  detach(venue: string): void {
    this.accounts.delete(venue);
  }

  /** Fills reported for `venue`; returns the ones not seen before (those to announce), in the order given. */
  add(venue: string, fills: readonly Fill[]): FillRecord[] {
    const account = this.accounts.get(venue);
    if (!account) return [];
    const fresh: FillRecord[] = [];
    for (const fill of fills) if (this.take(venue, account, fill)) fresh.push({ ...fill, venue });
    return fresh;
  }

  /** Fills the journal holds that the book has not taken yet (recorded by reconciliation, say), oldest first. */
  sync(venue: string): FillRecord[] {
    if (!this.accounts.has(venue)) return [];
    return this.add(venue, this.options.journal.venueFills(venue));
  }

  /** The trade a fill belongs to (for the fill list's grouping), or null. */
  trade(venue: string, fillId: string): Trade | null {
    return this.accounts.get(venue)?.trades.get(fillId) ?? null;
  }

  positions(): PositionView[] {
    const views: PositionView[] = [];
    for (const [venue, account] of this.accounts) {
      for (const [symbol, position] of account.positions) {
        if (!position.isOpen) continue;
        const mark = this.options.markPrice?.(account.exchange, symbol) ?? null;
        views.push({
          id: `${venue}:${MANUAL}:${symbol}`,
          account: venue,
          symbol,
          source: MANUAL,
          ...positionFigures(position, mark),
          fees: account.fees.get(symbol) ?? 0,
          stopLoss: null,
          takeProfits: [],
          trailing: null,
        });
      }
    }
    return views;
  }

  /** Takes one fill into the account: false when it was taken before. */
  private take(venue: string, account: Account, fill: Fill): boolean {
    if (account.seen.has(fill.id)) return false;
    account.seen.add(fill.id);
    const order = this.options.journal.find(venue, fill.clientOrderId || null, fill.exchangeOrderId);
    if (order?.strategy) return true; // the strategy's own book keeps its positions
    const [base, quote] = fill.symbol.split('/') as [string, string | undefined];
    // The venue may take the fee in the coin bought: the position holds what is left, the fee counts in quote.
    const feeInBase = fill.feeCurrency === base;
    const fee = feeInBase ? fill.fee * fill.price : fill.feeCurrency === quote ? fill.fee : 0;
    const orderKey = order?.clientOrderId ?? fill.exchangeOrderId ?? fill.id;
    let position = account.positions.get(fill.symbol);
    if (fill.side === 'buy') {
      const quantity = feeInBase ? fill.amount - fill.fee : fill.amount;
      if (!position?.isOpen) {
        // Named after its opening fill (unique at the venue): the same trade id comes back after a restart.
        position = new Position(`${MANUAL}-${venue}-${fill.symbol}-${fill.time}-${fill.id}`, fill.symbol, fill.time, fill.price);
        account.positions.set(fill.symbol, position);
        account.fees.set(fill.symbol, 0);
      }
      position.addFill(orderKey, quantity, fill.price, fee, fill.time);
      account.fees.set(fill.symbol, (account.fees.get(fill.symbol) ?? 0) + fee);
      account.trades.set(fill.id, { tradeId: position.tradeId, exitReason: null });
    } else if (position?.isOpen) {
      // Selling coins held before Halyard saw them buy anything closes no position.
      const exitReason: ExitReason = order?.reason.startsWith('emergency_stop') ? 'emergency_stop' : 'manual';
      account.trades.set(fill.id, { tradeId: position.tradeId, exitReason });
      account.fees.set(fill.symbol, (account.fees.get(fill.symbol) ?? 0) + fee);
      position.reduce(Math.min(fill.amount, position.quantity), fill.price, fee, fill.time, exitReason);
    }
    return true;
  }
}

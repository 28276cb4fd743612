import type { ClosedTrade } from '../engine/positions.js';
import { fromUnits, toUnits } from '../exchange/paper-decimal.js';
import type { ExitReason } from '../strategies/contract.js';
import type { Owner } from './ledger-store.js';

/** One trade (all entries and exits of one owner's position) as its fills made it, for trade review. */
export interface TradeRecord {
  readonly account: string;
  readonly owner: Owner;
  readonly symbol: string;
  readonly tradeId: string;
  readonly openedAt: number;
  lastFillAt: number;
  entries: number;
  exits: number;
  entryQuantity: number;
  /** Σ quantity × price of the entries. */
  entryCost: number;
  exitQuantity: number;
  /** Σ quantity × price of the exits. */
  exitProceeds: number;
  /** What the closed part cost (FIFO), the base of the realized P&L %. */
  closedCost: number;
  /** Every fee its fills paid, entries and exits, in quote. */
  fees: number;
  /** Net of the fees of the closed part, in quote. */
  realizedPnl: number;
  readonly exitReasons: ExitReason[];
}

/**
 * The trades the position ledger has seen, kept up to date as it replays and applies fills (the ledger
 * feeds it; nothing else does). Positions answer "what do I hold"; this answers "how did each trade go".
 */
export class TradeBook {
  private readonly trades = new Map<string, TradeRecord>();
  /** Σ of each owner's trades' realized P&L on an account, in ledger units, kept in step with the trades. */
  private readonly realizedUnits = new Map<string, bigint>();

  clear(): void {
    this.trades.clear();
    this.realizedUnits.clear();
  }

  /**
   * What an owner's trades on an account realized after fees: the sum of their `realizedPnl` (Trade
   * History's figures), each to the ledger's 12 decimals, so it does not depend on the trades' order.
   */
  realizedOf(account: string, owner: Owner): number {
    return fromUnits(this.realizedUnits.get(ownerKey(account, owner)) ?? 0n);
  }

  entered(key: { account: string; owner: Owner; symbol: string; tradeId: string }, quantity: number, price: number, fee: number, time: number): void {
    const id = tradeKey(key.account, key.tradeId);
    let trade = this.trades.get(id);
    if (!trade) {
      trade = { ...key, openedAt: time, lastFillAt: time, entries: 0, exits: 0, entryQuantity: 0, entryCost: 0, exitQuantity: 0, exitProceeds: 0, closedCost: 0, fees: 0, realizedPnl: 0, exitReasons: [] };
      this.trades.set(id, trade);
    }
    trade.entries += 1;
    trade.entryQuantity += quantity;
    trade.entryCost += quantity * price;
    trade.fees += fee;
    trade.lastFillAt = Math.max(trade.lastFillAt, time);
  }

  exited(account: string, closed: ClosedTrade, exitFee: number): void {
    const trade = this.trades.get(tradeKey(account, closed.id));
    if (!trade) return;
    trade.exits += 1;
    trade.exitQuantity += closed.qty;
    trade.exitProceeds += closed.qty * closed.exitPrice;
    trade.closedCost += closed.qty * closed.entryPrice;
    trade.fees += exitFee;
    const before = units(trade.realizedPnl);
    trade.realizedPnl += closed.pnl;
    const owner = ownerKey(account, trade.owner);
    this.realizedUnits.set(owner, (this.realizedUnits.get(owner) ?? 0n) - before + units(trade.realizedPnl));
    trade.lastFillAt = Math.max(trade.lastFillAt, closed.exitTime);
    if (!trade.exitReasons.includes(closed.reason)) trade.exitReasons.push(closed.reason);
  }

  list(account?: string): TradeRecord[] {
    const all = [...this.trades.values()];
    return account === undefined ? all : all.filter((trade) => trade.account === account);
  }
}

/** A figure in ledger units; a non-finite one (a venue's garbled fill) counts as nothing rather than stopping the ledger. */
function units(value: number): bigint {
  return Number.isFinite(value) ? toUnits(value) : 0n;
}

function ownerKey(account: string, owner: Owner): string {
  return `${account}\u0000${owner}`;
}

function tradeKey(account: string, tradeId: string): string {
  return `${account}\u0000${tradeId}`;
}

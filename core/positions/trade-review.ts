import type { ExitReason } from '../strategies/contract.js';
import type { TradeRecord } from './trade-book.js';

/** One trade as Trade History and `trades.csv` show it. */
export interface TradeReview {
  readonly account: string;
  readonly owner: string;
  readonly symbol: string;
  readonly tradeId: string;
  /** `partial`: still open with part of it sold ("Open — 50 % closed"). */
  readonly status: 'open' | 'partial' | 'closed';
  /** Share of the bought quantity sold so far, in percent. */
  readonly closedPct: number;
  readonly openedAt: number;
  /** The last exit of a closed trade; null while open. */
  readonly closedAt: number | null;
  /** Open → last exit, or open → now while it is still open. */
  readonly durationMs: number;
  readonly entries: number;
  readonly exits: number;
  readonly entryQuantity: number;
  readonly entryAverage: number;
  readonly exitQuantity: number;
  readonly exitAverage: number | null;
  /** What is still held. */
  readonly openQuantity: number;
  /** Realized on the part sold, net of every fee of that part (quote). */
  readonly realizedPnl: number;
  /** `realizedPnl` over what the sold part cost, in percent; null before the first exit. */
  readonly pnlPct: number | null;
  /** Every fee the trade's fills paid, entries and exits (quote). */
  readonly fees: number;
  /** The stop the trade was first given; null when it had none. */
  readonly initialStop: number | null;
  /** Realized P&L of the sold part in units of the risk it was opened with ((entry − first stop) × quantity sold). */
  readonly rMultiple: number | null;
  readonly exitReasons: readonly ExitReason[];
}

export interface TradeReviewFacts {
  /** What the owner still holds in this very trade (the ledger's open position), or null when it is closed. */
  openQuantity(trade: TradeRecord): number | null;
  initialStop(trade: TradeRecord): number | null;
  readonly now: number;
}

/** The trade book's records as reviews, newest activity first. */
export function reviewTrades(records: readonly TradeRecord[], facts: TradeReviewFacts): TradeReview[] {
  return [...records].sort((a, b) => b.lastFillAt - a.lastFillAt).map((record) => review(record, facts));
}

function review(record: TradeRecord, facts: TradeReviewFacts): TradeReview {
  const held = facts.openQuantity(record);
  const open = held !== null && held > 0;
  const status = open ? (record.exits > 0 ? 'partial' : 'open') : 'closed';
  const entryAverage = record.entryQuantity > 0 ? record.entryCost / record.entryQuantity : 0;
  const stop = facts.initialStop(record);
  const riskPerUnit = stop !== null && entryAverage > stop ? entryAverage - stop : null;
  return {
    account: record.account,
    owner: record.owner,
    symbol: record.symbol,
    tradeId: record.tradeId,
    status,
    closedPct: record.entryQuantity > 0 ? Math.min(100, (record.exitQuantity / record.entryQuantity) * 100) : 0,
    openedAt: record.openedAt,
    closedAt: open ? null : record.lastFillAt,
    durationMs: Math.max(0, (open ? facts.now : record.lastFillAt) - record.openedAt),
    entries: record.entries,
    exits: record.exits,
    entryQuantity: record.entryQuantity,
    entryAverage,
    exitQuantity: record.exitQuantity,
    exitAverage: record.exitQuantity > 0 ? record.exitProceeds / record.exitQuantity : null,
    openQuantity: open ? held : 0,
    realizedPnl: record.realizedPnl,
    pnlPct: record.closedCost > 0 ? (record.realizedPnl / record.closedCost) * 100 : null,
    fees: record.fees,
    initialStop: stop,
    rMultiple: riskPerUnit !== null && record.exitQuantity > 0 ? record.realizedPnl / (riskPerUnit * record.exitQuantity) : null,
    exitReasons: [...record.exitReasons],
  };
}

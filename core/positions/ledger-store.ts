import type { Fill } from '../exchange/port.js';
import type { ExitReason } from '../strategies/contract.js';

/**
 * What the position ledger keeps (a port: core/store implements it). The ledger is a projection of
 * the journal's fills; the store keeps, per fill, which owner's trade it moved and by how much (a
 * "leg"), so trade ids and exit reasons survive a restart and a fill is never attributed twice.
 */

/** The trader (`manual`) or a strategy configuration's name. */
export type Owner = string;

/** One fill's share of one owner's trade. */
export interface LedgerLeg {
  readonly account: string;
  readonly fillId: string;
  readonly owner: Owner;
  readonly tradeId: string;
  /** Base quantity of the fill that went to this trade (the whole fill, or the part a sell could close). */
  readonly quantity: number;
  /** For a sell that reduced the trade: its one reason. */
  readonly exitReason: ExitReason | null;
}

/** What the journal says about the order behind a fill (null when Halyard did not place it). */
export interface LedgerOrderMeta {
  readonly owner: Owner;
  readonly tradeId: string | null;
  readonly exitReason: ExitReason | null;
}

export interface LedgerHistoryRow {
  readonly account: string;
  readonly fill: Fill;
  readonly order: LedgerOrderMeta | null;
  /** Legs already recorded for this fill (empty: never attributed). */
  readonly legs: readonly Omit<LedgerLeg, 'account' | 'fillId'>[];
}

/** The saved exit plan of an owner's open position (JSON the ledger validates when it reads it back). */
export interface SavedExitState {
  readonly tradeId: string;
  readonly state: unknown;
  readonly highest: number;
}

export interface LedgerStore {
  /** Every recorded fill with its order's meta and its legs, unordered. */
  history(): readonly LedgerHistoryRow[];
  /** Idempotent per (account, fill, owner). */
  recordLeg(leg: LedgerLeg): void;
  legsOfFill(account: string, fillId: string): LedgerLeg[];
  saveExitState(account: string, owner: Owner, symbol: string, saved: SavedExitState): void;
  exitState(account: string, owner: Owner, symbol: string): SavedExitState | null;
  clearExitState(account: string, owner: Owner, symbol: string): void;
  /** The first stop a trade was given; kept once (a stop moved later does not change what 1 R was). */
  recordInitialStop(account: string, owner: Owner, tradeId: string, stop: number): void;
  /** First stops by trade, keyed `<account>\u0000<tradeId>`. */
  initialStops(): ReadonlyMap<string, number>;
}

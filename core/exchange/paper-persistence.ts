import type { MarketSymbol } from '../market/candle.js';
import type { OrderSide, OrderType, TimeInForce } from './port.js';

/**
 * What the paper exchange must keep across a restart, beyond the order journal (which already holds
 * every order and fill): balance totals, the working orders with the funds they hold and their
 * progress, and the id counters (so ids never repeat and the journal's idempotent fill log never
 * drops a new fill as a duplicate). Amounts are integer ledger units (paper-decimal.ts), so a
 * restored balance is exactly the balance that was saved.
 */
export interface PaperOrderState {
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Rounded to the market's precision when the order was accepted. */
  readonly amount: number;
  readonly price: number | null;
  readonly stopPrice: number | null;
  readonly reduceOnly: boolean;
  readonly postOnly: boolean;
  /** An IOC/FOK order still waiting for its first bar expires there after a restart too. */
  readonly timeInForce: TimeInForce;
  readonly status: 'open' | 'partially_filled';
  readonly reservedCurrency: string;
  readonly reservedUnits: bigint;
  readonly filledUnits: bigint;
  readonly costUnits: bigint;
  readonly feeUnits: bigint;
  readonly triggered: boolean;
  readonly fresh: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PaperAccountState {
  /** Total (free + reserved) per currency; reservations are re-derived from the working orders. */
  readonly balances: ReadonlyMap<string, bigint>;
  readonly orders: readonly PaperOrderState[];
  readonly orderSeq: number;
  readonly fillSeq: number;
}

/** Where the paper exchange writes its state (the encrypted store implements it). */
export interface PaperAccountStore {
  /** The saved account, or null when none was saved yet. */
  load(): PaperAccountState | null;
  /** Replaces the saved state with `state`. */
  save(state: PaperAccountState): void;
  /**
   * Runs `work` in one transaction: the exchange's state change, the journal entries its listeners
   * write, and `save` commit together or not at all.
   */
  atomically<T>(work: () => T): T;
}

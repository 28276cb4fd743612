import type { Fill, OrderSide, OrderStatus, OrderType, TimeInForce } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';

/** An order as journaled: what was asked, what the venue said, and why Halyard sent it. */
export interface OrderRecord {
  readonly clientOrderId: string;
  /** `paper` or a ccxt exchange id. */
  readonly venue: string;
  readonly accountId: number | null;
  readonly exchangeOrderId: string | null;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: number | null;
  readonly stopPrice: number | null;
  readonly amount: number;
  readonly filled: number;
  readonly averagePrice: number | null;
  readonly fee: number;
  readonly feeCurrency: string | null;
  readonly reduceOnly: boolean;
  /** A limit order that may only rest on the book (never take). */
  readonly postOnly: boolean;
  /** GTC unless the order was sent IOC or FOK. */
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  /** Strategy name, or null for a manual order. */
  readonly strategy: string | null;
  readonly reason: string;
  /** The trade (position) the order was sent for, when its sender knew it (strategy orders). */
  readonly tradeId: string | null;
  /** For an order that closes (part of) a position: its one exit reason. */
  readonly exitReason: ExitReason | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewOrder {
  readonly clientOrderId: string;
  readonly venue: string;
  readonly accountId?: number | null;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price?: number | null;
  readonly stopPrice?: number | null;
  readonly amount: number;
  readonly reduceOnly?: boolean;
  readonly postOnly?: boolean;
  readonly timeInForce?: TimeInForce;
  readonly strategy?: string | null;
  readonly reason: string;
  readonly tradeId?: string | null;
  readonly exitReason?: ExitReason | null;
  readonly at: number;
  /** `pending` for an intent about to be sent (the default); reconciliation may adopt a venue's order as `open`. */
  readonly status?: OrderStatus;
  readonly exchangeOrderId?: string | null;
}

/** A state change reported by the venue (or decided by Halyard, e.g. `unknown` after an ambiguous send). */
export interface OrderChange {
  readonly status: OrderStatus;
  readonly at: number;
  readonly filled?: number;
  readonly averagePrice?: number | null;
  readonly fee?: number;
  readonly feeCurrency?: string | null;
  readonly exchangeOrderId?: string | null;
  readonly note?: string | null;
  /**
   * Leave `rejected` for `unknown`: only for an order no venue ever acknowledged (no exchange order
   * id) that a venue has now reported after all — Halyard's "never placed" was wrong.
   */
  readonly reopen?: boolean;
}

/** A fill as recorded for an account (`venue` is the account's journal key). */
export interface FillRecord extends Fill {
  readonly venue: string;
}

import { z } from 'zod';
import type { Candle, MarketSymbol } from '../market/candle.js';

/**
 * The one interface the order router, the risk layer and the UI use to talk to a venue.
 * Implemented by the ccxt adapter (real exchanges) and the paper exchange. Returns Halyard's
 * own types, never raw ccxt dictionaries.
 */

export const orderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof orderSideSchema>;

export const orderTypeSchema = z.enum(['market', 'limit', 'stop_limit']);
export type OrderType = z.infer<typeof orderTypeSchema>;

/**
 * Order lifecycle. `pending` = journaled, not yet acknowledged by the venue;
 * `unknown` = the send failed ambiguously and a lookup has not settled it yet.
 */
export const orderStatusSchema = z.enum([
  'pending',
  'open',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
  'unknown',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired']);

export const liquidityTierSchema = z.enum(['large', 'mid', 'small', 'meme']);
export type LiquidityTier = z.infer<typeof liquidityTierSchema>;

/** How long a limit order works: until cancelled, what fills at once (rest cancelled), or all at once or nothing. */
export const timeInForceSchema = z.enum(['GTC', 'IOC', 'FOK']);
export type TimeInForce = z.infer<typeof timeInForceSchema>;

/** Which order options a market takes (ccxt's `features` of the venue, narrowed by the market's own order types). */
export interface OrderOptions {
  /** Post-only (maker-only) limit orders: refused instead of taking liquidity. */
  readonly postOnly: boolean;
  readonly timeInForce: readonly TimeInForce[];
}

export interface OrderRequest {
  /** Our id, generated and journaled before the order is sent; unique forever. */
  readonly clientOrderId: string;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly amount: number;
  /** Limit price (limit and stop_limit). */
  readonly price?: number;
  /** Trigger price (stop_limit). */
  readonly stopPrice?: number;
  readonly reduceOnly?: boolean;
  /** Limit orders only; absent = GTC. */
  readonly timeInForce?: TimeInForce;
  /** Limit orders only: refused rather than filled as a taker. */
  readonly postOnly?: boolean;
}

export interface ExchangeOrder {
  readonly clientOrderId: string;
  readonly exchangeOrderId: string | null;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly amount: number;
  readonly price: number | null;
  readonly stopPrice: number | null;
  readonly filled: number;
  readonly averagePrice: number | null;
  readonly status: OrderStatus;
  /** Total fee paid so far, in `feeCurrency`. */
  readonly fee: number;
  readonly feeCurrency: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Fill {
  readonly id: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string | null;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly price: number;
  readonly amount: number;
  readonly fee: number;
  readonly feeCurrency: string;
  /**
   * A fee charged in a third currency (BNB), converted to the market's quote at the venue's price of
   * the fill's minute; null when no venue price was found. Absent for fees in the base or the quote.
   */
  readonly feeInQuote?: number | null;
  readonly liquidity: 'maker' | 'taker';
  readonly time: number;
}

/**
 * What a market trades: `spot` (also spot pairs a venue can margin), `margin` (a venue's separate
 * margin market), or a contract (`swap`, `future`, `option`). Order parameters depend on it: only
 * contract order endpoints take a reduce-only flag.
 */
export const marketKindSchema = z.enum(['spot', 'margin', 'swap', 'future', 'option']);
export type MarketKind = z.infer<typeof marketKindSchema>;

export interface MarketRules {
  readonly symbol: MarketSymbol;
  /** Absent for simulated markets (the paper exchange and backtests trade spot). */
  readonly kind?: MarketKind;
  readonly base: string;
  readonly quote: string;
  /** Smallest increments (e.g. 0.0001 BTC, 0.01 USDT). */
  readonly amountStep: number;
  readonly priceStep: number;
  readonly minAmount: number | null;
  readonly maxAmount: number | null;
  /** Minimum notional (amount × price) in quote currency. */
  readonly minCost: number | null;
  readonly maxCost: number | null;
  readonly tier: LiquidityTier;
  readonly makerFee: number;
  readonly takerFee: number;
  /** Absent: GTC only, no post-only. */
  readonly orderOptions?: OrderOptions;
}

export interface Balance {
  readonly currency: string;
  readonly free: number;
  readonly used: number;
  readonly total: number;
}

export type CancelOutcome = 'canceled' | 'already_filled' | 'already_closed' | 'failed';

export interface CancelResult {
  readonly clientOrderId: string | null;
  readonly exchangeOrderId: string | null;
  readonly symbol: MarketSymbol;
  readonly outcome: CancelOutcome;
  readonly error?: string;
}

export interface ExchangeCapabilities {
  readonly cancelAll: boolean;
  readonly cancelAllAfter: boolean;
  /** Resting stop(-limit) orders that trigger at the venue (protective stops are placed there). */
  readonly stopOrders: boolean;
  readonly websocket: boolean;
  /**
   * The venue has reduce-only orders on SOME market (ccxt's exchange-wide flag). Whether one market
   * takes the flag is `takesReduceOnly(port.market(symbol))`: spot endpoints refuse it.
   */
  readonly reduceOnly: boolean;
  readonly fetchOrderByClientId: boolean;
  /**
   * The venue lists the account's trades on every market in one listing (Kraken's TradesHistory), read once for all
   * markets by `fetchAccountFills`; absent: listed per market (Binance's myTrades needs the market).
   */
  readonly tradesListedAccountWide?: boolean;
}

/** True when orders on this market may carry a reduce-only flag: contracts yes, spot and margin pairs no. */
export function takesReduceOnly(rules: Pick<MarketRules, 'kind'>): boolean {
  return rules.kind === 'swap' || rules.kind === 'future' || rules.kind === 'option';
}

export type OrderUpdateListener = (update: { order: ExchangeOrder; fills: readonly Fill[] }) => void;

export interface ExchangePort {
  /** Venue id: `paper`, or a ccxt exchange id such as `binance`. */
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>>;
  /** Rules of a loaded market; throws InvalidOrder for an unknown symbol. */
  market(symbol: MarketSymbol): MarketRules;
  /** Round to the market's precision the way the venue does (amount truncates, price rounds). */
  roundAmount(symbol: MarketSymbol, amount: number): number;
  roundPrice(symbol: MarketSymbol, price: number): number;
  fetchBalances(): Promise<readonly Balance[]>;
  placeOrder(request: OrderRequest): Promise<ExchangeOrder>;
  /**
   * Cancels by client id; with the venue's order id when known (no lookup needed). Cancels go in the
   * account's cancel lane: they never wait behind other requests.
   */
  cancelOrder(clientOrderId: string, symbol: MarketSymbol, exchangeOrderId?: string | null): Promise<CancelResult>;
  /** Cancel every open order (exchange-side cancel-all where the venue has it, so untracked orders go too). */
  cancelAllOrders(symbols?: readonly MarketSymbol[]): Promise<readonly CancelResult[]>;
  fetchOpenOrders(symbol?: MarketSymbol): Promise<readonly ExchangeOrder[]>;
  fetchOrderByClientId(clientOrderId: string, symbol: MarketSymbol): Promise<ExchangeOrder | null>;
  fetchFills(symbol: MarketSymbol, since?: number): Promise<readonly Fill[]>;
  /**
   * Every market's fills since `since`, from the one listing that holds them all where the venue lists trades so
   * (`capabilities.tradesListedAccountWide`); null (or absent) where trades are listed per market: ask `fetchFills`.
   */
  fetchAccountFills?(since: number): Promise<readonly Fill[] | null>;
  onOrderUpdate(listener: OrderUpdateListener): () => void;
  close(): Promise<void>;
}

/** Venues that simulate fills from market data (the paper exchange) take candles through this. */
export interface MarketDrivenExchange extends ExchangePort {
  onCandle(symbol: MarketSymbol, candle: Candle): void;
}

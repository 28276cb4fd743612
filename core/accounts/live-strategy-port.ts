import type { MarketSymbol } from '../market/candle.js';
import {
  TERMINAL_ORDER_STATUSES,
  type Balance,
  type CancelResult,
  type ExchangeCapabilities,
  type ExchangeOrder,
  type ExchangePort,
  type Fill,
  type MarketRules,
  type OrderRequest,
  type OrderUpdateListener,
} from '../exchange/port.js';
import type { JournaledExchange } from '../orders/journaled-exchange.js';

/** How many ended orders are remembered (far more than a session's late duplicate reports need). */
const MAX_ENDED = 10_000;

/**
 * The exchange a strategy engine sees on an armed live account. Orders go out through the account's
 * journaled port (client id journaled before the send, HALTED checked in the same turn); order updates
 * come back only from the live account, after its book took each fill ONCE — a venue reports the same
 * fill with the order's answer, on its private stream and at reconciliation, and an engine must count
 * it once. A venue may also say "filled" before its fills arrive (they come from the stream later): the
 * engine hears the final status only once it has every fill, or it would forget the order too early.
 */
export class LiveStrategyPort implements ExchangePort {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  private readonly listeners = new Set<OrderUpdateListener>();
  /** Filled amount (as the venue counts it) told to the engines so far, per order not yet ended. */
  private readonly delivered = new Map<string, number>();
  /** Orders the engines heard end (newest last, bounded): a later report without fills (a slower copy) is not news. */
  private readonly ended = new Set<string>();

  constructor(readonly journaled: JournaledExchange) {
    this.id = journaled.id;
    this.capabilities = journaled.capabilities;
  }

  /** An order update of the account, with only the fills the live book had not taken before. */
  deliver(order: ExchangeOrder, freshFills: readonly Fill[]): void {
    const own = freshFills.filter((fill) => fill.clientOrderId === order.clientOrderId || (fill.exchangeOrderId !== null && fill.exchangeOrderId === order.exchangeOrderId));
    // The fills' push may overtake the order's own answer: once ended for the engines, it stays ended.
    if (own.length === 0 && this.ended.has(order.clientOrderId)) return;
    const told = (this.delivered.get(order.clientOrderId) ?? 0) + own.reduce((sum, fill) => sum + fill.amount, 0);
    let shown = order;
    if (TERMINAL_ORDER_STATUSES.has(order.status) && told < order.filled * (1 - 1e-9)) {
      // Ended at the venue, fills still on their way: not final for the engine yet.
      shown = { ...order, status: told > 0 ? 'partially_filled' : 'open' };
    }
    if (TERMINAL_ORDER_STATUSES.has(shown.status)) this.finish(order.clientOrderId);
    else this.delivered.set(order.clientOrderId, told);
    const fills = own.map((fill) => this.inQuote({ ...fill, clientOrderId: order.clientOrderId }));
    for (const listener of this.listeners) listener({ order: shown, fills });
  }

  private finish(clientOrderId: string): void {
    this.delivered.delete(clientOrderId);
    this.ended.add(clientOrderId);
    if (this.ended.size > MAX_ENDED) this.ended.delete(this.ended.values().next().value!);
  }

  loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>> {
    return this.journaled.loadMarkets();
  }
  market(symbol: MarketSymbol): MarketRules {
    return this.journaled.market(symbol);
  }
  roundAmount(symbol: MarketSymbol, amount: number): number {
    return this.journaled.roundAmount(symbol, amount);
  }
  roundPrice(symbol: MarketSymbol, price: number): number {
    return this.journaled.roundPrice(symbol, price);
  }
  fetchBalances(): Promise<readonly Balance[]> {
    return this.journaled.fetchBalances();
  }
  /** Engines hand orders to the account's order pipeline, never to this port. */
  placeOrder(request: OrderRequest): Promise<ExchangeOrder> {
    return Promise.reject(new Error(`${request.clientOrderId}: orders go through the order pipeline, not the engine's port`));
  }
  cancelOrder(clientOrderId: string, symbol: MarketSymbol, exchangeOrderId?: string | null): Promise<CancelResult> {
    return this.journaled.cancelOrder(clientOrderId, symbol, exchangeOrderId);
  }
  cancelAllOrders(symbols?: readonly MarketSymbol[]): Promise<readonly CancelResult[]> {
    return this.journaled.cancelAllOrders(symbols);
  }
  fetchOpenOrders(symbol?: MarketSymbol): Promise<readonly ExchangeOrder[]> {
    return this.journaled.fetchOpenOrders(symbol);
  }
  fetchOrderByClientId(clientOrderId: string, symbol: MarketSymbol): Promise<ExchangeOrder | null> {
    return this.journaled.fetchOrderByClientId(clientOrderId, symbol);
  }
  fetchFills(symbol: MarketSymbol, since?: number): Promise<readonly Fill[]> {
    return this.journaled.fetchFills(symbol, since);
  }
  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Shared by every engine on the account, which owns the journaled port: nothing to close here. */
  async close(): Promise<void> {}

  /**
   * Engines count positions in base and fees in quote. A venue that takes the fee in the coin bought
   * leaves the position that much smaller (what can be sold later), and the fee is worth amount × price;
   * a fee in a third currency is worth what the venue priced it at when it was charged.
   */
  private inQuote(fill: Fill): Fill {
    let base: string;
    let quote: string;
    try {
      ({ base, quote } = this.journaled.market(fill.symbol));
    } catch {
      return fill;
    }
    if (fill.fee === 0 || fill.feeCurrency === quote) return fill;
    if (fill.feeCurrency === base) return { ...fill, amount: fill.amount - fill.fee, fee: fill.fee * fill.price, feeCurrency: quote };
    // A third currency (BNB): its value at the venue's price of the fill's minute; none found books 0, never BNB as quote.
    return { ...fill, fee: fill.feeInQuote ?? 0, feeCurrency: quote };
  }
}

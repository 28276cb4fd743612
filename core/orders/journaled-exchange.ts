import { fmt } from '../exchange/precision.js';
import { isSimulatedVenue, type SimulatedVenue } from '../exchange/paper-venue.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type {
  Balance,
  CancelResult,
  ExchangeCapabilities,
  ExchangeOrder,
  ExchangePort,
  Fill,
  MarketRules,
  OrderRequest,
  OrderUpdateListener,
} from '../exchange/port.js';
import { HaltedError } from '../risk/halt.js';
import type { IntentMeta, OrderJournal } from './journal.js';

/**
 * An account's journaled port: journals every order before sending it and every update after, and
 * refuses to send while HALTED — the last check, in the same event-loop turn as the send. Only the
 * trader's own risk-reducing acts pass while halted (the order pipeline says which). Wraps the paper
 * exchange (keeping its synchronous venue methods, which backtests' isolated lanes use) and the ccxt
 * adapter alike. Orders reach it only through the order pipeline (core/orders/pipeline.ts).
 */

export interface JournaledExchangeOptions {
  readonly inner: ExchangePort;
  readonly journal: OrderJournal;
  readonly halted: () => boolean;
  /** Venue name in the journal (`paper`, `binance`, or an account key). */
  readonly venue: string;
  readonly accountId?: number | null;
}

export class JournaledExchange implements ExchangePort {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  protected readonly inner: ExchangePort;
  protected readonly journal: OrderJournal;
  private readonly unsubscribe: () => void;
  private readonly sending = new Set<string>();

  constructor(protected readonly options: JournaledExchangeOptions) {
    this.inner = options.inner;
    this.journal = options.journal;
    this.id = options.inner.id;
    this.capabilities = options.inner.capabilities;
    this.unsubscribe = options.inner.onOrderUpdate(({ order, fills }) => this.journal.apply(options.venue, order, fills));
  }

  /** Wraps `inner`; a simulated venue stays a simulated venue (the engine's synchronous path). */
  static wrap(options: JournaledExchangeOptions): JournaledExchange {
    return isSimulatedVenue(options.inner) ? new JournaledVenue(options) : new JournaledExchange(options);
  }

  /** True while this process is waiting for the venue's answer to that order. */
  isInFlight(clientOrderId: string): boolean {
    return this.sending.has(clientOrderId);
  }

  get venue(): string {
    return this.options.venue;
  }

  loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>> {
    return this.inner.loadMarkets();
  }
  market(symbol: MarketSymbol): MarketRules {
    return this.inner.market(symbol);
  }
  roundAmount(symbol: MarketSymbol, amount: number): number {
    return this.inner.roundAmount(symbol, amount);
  }
  roundPrice(symbol: MarketSymbol, price: number): number {
    return this.inner.roundPrice(symbol, price);
  }
  fetchBalances(): Promise<readonly Balance[]> {
    return this.inner.fetchBalances();
  }

  /** An order without a sender's meta (ExchangePort conformance): journaled as an anonymous order, halt-checked. */
  placeOrder(request: OrderRequest): Promise<ExchangeOrder> {
    return this.submit(request, this.meta(request), false);
  }

  /**
   * Journals `request` (rounded to the market's precision) under `meta`, then sends it. Synchronous up
   * to the send: the halt check and the journal write happen in the caller's turn; a refusal still
   * arrives as a rejected promise. `haltExempt`: the trader's own risk-reducing act while HALTED.
   */
  submit(request: OrderRequest, meta: Omit<IntentMeta, 'venue' | 'accountId'>, haltExempt: boolean): Promise<ExchangeOrder> {
    try {
      if (!haltExempt) this.refuseIfHalted(request);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.send(request, { ...meta, venue: this.options.venue, accountId: this.options.accountId ?? null });
  }

  async cancelOrder(clientOrderId: string, symbol: MarketSymbol, exchangeOrderId?: string | null): Promise<CancelResult> {
    const result = await this.inner.cancelOrder(clientOrderId, symbol, exchangeOrderId ?? this.journal.get(clientOrderId)?.exchangeOrderId ?? null);
    this.recordCancel(result);
    return result;
  }

  async cancelAllOrders(symbols?: readonly MarketSymbol[]): Promise<readonly CancelResult[]> {
    const results = await this.inner.cancelAllOrders(symbols);
    for (const result of results) this.recordCancel(result);
    return results;
  }

  fetchOpenOrders(symbol?: MarketSymbol): Promise<readonly ExchangeOrder[]> {
    return this.inner.fetchOpenOrders(symbol);
  }
  fetchOrderByClientId(clientOrderId: string, symbol: MarketSymbol): Promise<ExchangeOrder | null> {
    return this.inner.fetchOrderByClientId(clientOrderId, symbol);
  }
  fetchFills(symbol: MarketSymbol, since?: number): Promise<readonly Fill[]> {
    return this.inner.fetchFills(symbol, since);
  }
  fetchAccountFills(since: number): Promise<readonly Fill[] | null> {
    return this.inner.fetchAccountFills?.(since) ?? Promise.resolve(null);
  }
  onOrderUpdate(listener: OrderUpdateListener): () => void {
    return this.inner.onOrderUpdate(listener);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.inner.close();
  }

  protected refuseIfHalted(request: OrderRequest): void {
    if (this.options.halted()) throw new HaltedError(`${request.symbol} ${request.side} ${fmt(request.amount)} not sent: trading is HALTED (emergency stop); re-arm first`);
  }

  protected meta(request: OrderRequest): IntentMeta {
    return { venue: this.options.venue, accountId: this.options.accountId ?? null, strategy: null, reason: request.side === 'sell' ? 'sell' : 'order' };
  }

  private async send(request: OrderRequest, meta: IntentMeta): Promise<ExchangeOrder> {
    const rounded = this.journal.intendRounded(this.inner, request, meta);
    this.sending.add(request.clientOrderId);
    try {
      const order = await this.inner.placeOrder(rounded);
      this.journal.apply(this.options.venue, order);
      return order;
    } catch (error) {
      this.journal.sendFailed(request.clientOrderId, error);
      throw error;
    } finally {
      this.sending.delete(request.clientOrderId);
    }
  }

  private recordCancel(result: CancelResult): void {
    if (result.clientOrderId === null || result.outcome !== 'canceled') return;
    const current = this.journal.get(result.clientOrderId);
    if (current && current.venue === this.options.venue) this.journal.mark(result.clientOrderId, 'canceled', 'cancel confirmed by the venue');
  }
}

/** The journaled paper exchange: its synchronous methods journal and check the halt too. */
class JournaledVenue extends JournaledExchange implements SimulatedVenue {
  private readonly venueInner: SimulatedVenue;

  constructor(options: JournaledExchangeOptions) {
    super(options);
    this.venueInner = options.inner as SimulatedVenue;
  }

  placeOrderNow(request: OrderRequest): ExchangeOrder {
    this.refuseIfHalted(request);
    const rounded = this.journal.intendRounded(this.inner, request, this.meta(request));
    try {
      const order = this.venueInner.placeOrderNow(rounded);
      this.journal.apply(this.venue, order);
      return order;
    } catch (error) {
      this.journal.sendFailed(request.clientOrderId, error);
      throw error;
    }
  }

  executeAt(request: OrderRequest, price: number, liquidity: 'maker' | 'taker', time: number): ExchangeOrder {
    this.refuseIfHalted(request);
    this.journal.intendRounded(this.inner, request, this.meta(request));
    try {
      const order = this.venueInner.executeAt(request, price, liquidity, time);
      this.journal.apply(this.venue, order);
      return order;
    } catch (error) {
      this.journal.sendFailed(request.clientOrderId, error);
      throw error;
    }
  }

  cancelOrderNow(clientOrderId: string): CancelResult {
    const result = this.venueInner.cancelOrderNow(clientOrderId);
    if (result.outcome === 'canceled') this.journal.mark(clientOrderId, 'canceled', 'cancel confirmed by the venue');
    return result;
  }

  onCandle(symbol: MarketSymbol, candle: Candle): void {
    this.venueInner.onCandle(symbol, candle);
  }
  rejectionReason(clientOrderId: string): string | null {
    return this.venueInner.rejectionReason(clientOrderId);
  }
  lastCandleClose(symbol: string): number | null {
    return this.venueInner.lastCandleClose(symbol);
  }
  freeBalance(currency: string): number {
    return this.venueInner.freeBalance(currency);
  }
  totalBalance(currency: string): number {
    return this.venueInner.totalBalance(currency);
  }
}

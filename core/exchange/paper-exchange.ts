import type { Candle, MarketSymbol } from '../market/candle.js';
import { ExchangeError, isExchangeError } from './errors.js';
import { paperConfigSchema, slippageFor, type PaperConfig, type PaperConfigInput } from './paper-config.js';
import { PaperLedger } from './paper-ledger.js';
import { RateUnits, Units } from './paper-units.js';
import { SteadyMap } from './paper-lists.js';
import { PaperOrder, tellListener, tellSoleListener } from './paper-order.js';
import { matchBook, moveFillMoney, newBook, reservationFor, type Book, type MatchSink } from './paper-book.js';
import { postOnlyRefusal, stopTriggerRefusal } from './paper-time-in-force.js';
import type { PaperAccountState, PaperAccountStore } from './paper-persistence.js';
import type { SimulatedVenue } from './paper-venue.js';
import type {
  Balance,
  CancelResult,
  ExchangeCapabilities,
  ExchangeOrder,
  Fill,
  MarketRules,
  OrderRequest,
  OrderUpdateListener,
} from './port.js';
import { applyOrderRules } from './precision.js';

export interface PaperExchangeOptions {
  readonly markets: readonly MarketRules[];
  /** Starting balances by currency, e.g. `{ USDT: 100_000 }`. */
  readonly balances: Readonly<Record<string, number>>;
  readonly config?: PaperConfigInput;
  /** Time stamped on orders placed between bars (a backtest passes its simulated clock). */
  readonly now?: () => number;
  /**
   * Where the account is saved (the trader's paper account; backtests and shadow lanes keep none).
   * A saved account is restored instead of `balances`; a currency of `balances` the saved account
   * never held is deposited (a new market's quote currency). Every change is saved in the same
   * transaction as what the order listeners write.
   */
  readonly persistence?: PaperAccountStore;
  /** Fills of this account from earlier runs (from the journal), so `fetchFills` still reports them. */
  readonly history?: readonly Fill[];
  /**
   * false: ended orders and past fills are not kept (a backtest: the engine reports its fills, and a
   * million-bar run would otherwise hold every order and fill in memory). Lookups of ended orders and
   * `fetchFills` then find nothing. Default true.
   */
  readonly keepHistory?: boolean;
}

const NO_FILLS: readonly Fill[] = Object.freeze([]);
const CAPABILITIES: ExchangeCapabilities = { cancelAll: true, cancelAllAfter: false, websocket: false, reduceOnly: true, fetchOrderByClientId: true, stopOrders: true };

/**
 * The default account: simulates a spot exchange against whatever candles it is fed (live,
 * replayed, simulated or historical), with maker/taker fees, slippage by liquidity tier, volume-
 * limited limit fills and a reserving ledger. Fees are charged in the quote currency. All the fill
 * assumptions are in paper-matching.ts; the participation rule is in paper-config.ts.
 */
export class PaperExchange implements SimulatedVenue {
  readonly id = 'paper';
  readonly capabilities = CAPABILITIES;
  private readonly config: PaperConfig;
  private readonly ledger = new PaperLedger();
  private readonly books = new Map<MarketSymbol, Book>();
  private readonly orders = new SteadyMap<PaperOrder>(); // a backtest forgets each order once it ends: see SteadyMap
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly now: () => number;
  private orderSeq = 0;
  private lastSymbol: MarketSymbol | null = null;
  private lastBook: Book | undefined = undefined; // also what book() answers for lastSymbol: an order asks some seven times
  private fillSeq = 0;
  private readonly persistence: PaperAccountStore | null;
  private readonly keepHistory: boolean;
  /** Nesting of `mutate` (listeners may place orders during a bar): only the outermost saves. */
  private depth = 0;
  /** Something changed since the last save (every change goes through `emit`). */
  private dirty = false;
  /** A fill's amount (when not the whole order), price, cost and fee: scratch used by settle before it tells anyone. */
  private readonly fill = { amount: new Units(), price: new Units(), cost: new Units(), fee: new Units(), rate: new RateUnits() };

  constructor(options: PaperExchangeOptions) {
    this.config = paperConfigSchema.parse(options.config ?? {});
    this.now = options.now ?? Date.now;
    for (const rules of options.markets) this.books.set(rules.symbol, newBook(rules));
    this.persistence = options.persistence ?? null;
    this.keepHistory = options.keepHistory ?? true;
    const saved = this.persistence?.load() ?? null;
    if (saved) this.restore(saved);
    for (const [currency, amount] of Object.entries(options.balances)) {
      if (!saved?.balances.has(currency)) this.ledger.deposit(currency, Units.ofNumber(amount));
    }
    for (const fill of options.history ?? []) this.books.get(fill.symbol)?.fills.push(fill);
    if (this.persistence && (!saved || saved.balances.size !== this.ledger.totalsNow().size)) this.persistence.save(this.savedState());
  }

  /** A market added while the exchange runs (the trader watches one more symbol); nothing if it is known. */
  addMarket(rules: MarketRules): void {
    if (!this.books.has(rules.symbol)) this.books.set(rules.symbol, newBook(rules));
  }

  async loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>> {
    return new Map([...this.books].map(([symbol, book]) => [symbol, book.rules]));
  }

  market(symbol: MarketSymbol): MarketRules {
    return this.book(symbol).rules;
  }

  roundAmount(symbol: MarketSymbol, amount: number): number {
    return this.book(symbol).amounts.truncate(amount);
  }

  roundPrice(symbol: MarketSymbol, price: number): number {
    return this.book(symbol).prices.round(price);
  }

  feeRates(symbol: MarketSymbol): { maker: number; taker: number } {
    const rules = this.book(symbol).rules;
    return this.config.fees ?? { maker: rules.makerFee, taker: rules.takerFee };
  }

  slippage(symbol: MarketSymbol): number {
    return slippageFor(this.config, this.book(symbol).rules.tier);
  }

  lastCandleClose(symbol: MarketSymbol): number | null {
    return this.books.get(symbol)?.last?.close ?? null;
  }

  freeBalance(currency: string): number {
    return this.ledger.free(currency).toNumber();
  }

  totalBalance(currency: string): number {
    return this.ledger.total(currency).toNumber();
  }

  async fetchBalances(): Promise<readonly Balance[]> {
    return this.balancesNow();
  }

  balancesNow(): Balance[] {
    return this.ledger.balances();
  }

  async placeOrder(request: OrderRequest): Promise<ExchangeOrder> {
    return this.placeOrderNow(request);
  }

  placeOrderNow(request: OrderRequest): ExchangeOrder {
    // Without persistence (a backtest) there is nothing to wrap: no closure per order on that hot path.
    return this.persistence === null ? this.accept(request) : this.mutate(() => this.accept(request));
  }

  private accept(request: OrderRequest): ExchangeOrder {
    const book = this.book(request.symbol);
    if (this.orders.has(request.clientOrderId)) throw new ExchangeError('invalid_order', `client order id ${request.clientOrderId} was already used`);
    const reference = request.type === 'market' ? book.last?.close : undefined;
    if (request.type === 'market' && reference === undefined) {
      throw new ExchangeError('invalid_order', `${request.symbol}: no price yet, a market order needs at least one candle`);
    }
    const rounded = applyOrderRules(this, { symbol: request.symbol, type: request.type, amount: request.amount, price: request.price, stopPrice: request.stopPrice, referencePrice: reference });
    const { rules } = book;
    const refusal = request.type === 'limit' ? postOnlyRefusal(request, rounded.price, book.last) : stopTriggerRefusal(request, rounded.stopPrice, book.last);
    if (refusal !== null) throw new ExchangeError('invalid_order', `${request.symbol}: ${refusal}`, undefined, request.type === 'stop_limit' ? 'stopPrice' : undefined);
    const reserves = request.side === 'buy' ? rules.quote : rules.base;
    const order = new PaperOrder(request, `paper-${++this.orderSeq}`, rounded.amount, rounded.price, rounded.stopPrice, reserves, rules.base, rules.quote, this.now());
    const reservation = reservationFor(order.reserved, order, reference, this.feeRates(request.symbol), this.slippage(request.symbol));
    this.ledger.reserve(order.reservedCurrency, reservation, order);
    this.orders.set(request.clientOrderId, order);
    book.working.push(order);
    return this.emit(order, NO_FILLS);
  }

  executeAt(request: OrderRequest, price: number, liquidity: 'maker' | 'taker', time: number): ExchangeOrder {
    return this.persistence === null ? this.executeNow(request, price, liquidity, time) : this.mutate(() => this.executeNow(request, price, liquidity, time));
  }

  private executeNow(request: OrderRequest, price: number, liquidity: 'maker' | 'taker', time: number): ExchangeOrder {
    const book = this.book(request.symbol);
    if (this.orders.has(request.clientOrderId)) throw new ExchangeError('invalid_order', `client order id ${request.clientOrderId} was already used`);
    const slip = liquidity === 'taker' ? this.slippage(request.symbol) : 0;
    const fillPrice = book.prices.round(request.side === 'buy' ? price * (1 + slip) : price * (1 - slip));
    const rounded = applyOrderRules(this, { symbol: request.symbol, type: 'market', amount: request.amount, referencePrice: fillPrice });
    const order = new PaperOrder(request, `paper-${++this.orderSeq}`, rounded.amount, null, null, request.side === 'buy' ? book.rules.quote : book.rules.base, book.rules.base, book.rules.quote, time);
    this.orders.set(request.clientOrderId, order);
    this.settle(order, book, rounded.amount, fillPrice, liquidity, time);
    return order.snapshot();
  }

  onCandle(symbol: MarketSymbol, candle: Candle): void {
    // A backtest feeds one symbol bar after bar: its book is remembered instead of looked up every bar.
    const book = symbol === this.lastSymbol ? this.lastBook : this.books.get(symbol);
    if (book === undefined) return;
    this.lastSymbol = symbol;
    this.lastBook = book;
    book.last = candle;
    if (book.working.length === 0) return;
    // Backtests call this per bar with no persistence: skip the closure on that hot path.
    const slippage = this.slippage(symbol);
    if (this.persistence === null) matchBook(book, candle, slippage, this.config.participation, this.matched);
    else this.mutate(() => matchBook(book, candle, slippage, this.config.participation, this.matched));
  }

  /** Where matchBook hands its fills and expiries: made once, so a bar with working orders makes no closures. */
  private readonly matched: MatchSink = {
    settle: (order, book, amount, price, liquidity, time) => this.settle(order, book, amount, price, liquidity, time),
    expire: (order, reason, time) => {
      order.rejection = reason;
      this.finish(order, 'expired', time);
    },
  };

  async cancelOrder(clientOrderId: string, symbol: MarketSymbol): Promise<CancelResult> {
    const result = this.cancelOrderNow(clientOrderId);
    if (result.outcome === 'failed' && !this.orders.has(clientOrderId)) {
      throw new ExchangeError('order_not_found', `no paper order ${clientOrderId} on ${symbol}`);
    }
    return result;
  }

  cancelOrderNow(clientOrderId: string): CancelResult {
    return this.mutate(() => this.cancelNow(clientOrderId));
  }

  private cancelNow(clientOrderId: string): CancelResult {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return { clientOrderId, exchangeOrderId: null, symbol: '', outcome: 'failed', error: 'unknown order' };
    const base = { clientOrderId, exchangeOrderId: order.exchangeOrderId, symbol: order.request.symbol };
    if (order.status === 'filled') return { ...base, outcome: 'already_filled' };
    if (!order.working) return { ...base, outcome: 'already_closed' };
    this.finish(order, 'canceled', this.now());
    const book = this.book(order.request.symbol);
    book.working = book.working.filter((o) => o !== order);
    return { ...base, outcome: 'canceled' };
  }

  async cancelAllOrders(symbols?: readonly MarketSymbol[]): Promise<readonly CancelResult[]> {
    return this.mutate(() => {
      const results: CancelResult[] = [];
      for (const [symbol, book] of this.books) {
        if (symbols && !symbols.includes(symbol)) continue;
        for (const order of [...book.working]) results.push(this.cancelNow(order.request.clientOrderId));
      }
      return results;
    });
  }

  /** True while any order is working (a reset is refused then). */
  hasWorkingOrders(): boolean {
    return [...this.books.values()].some((book) => book.working.some((order) => order.working));
  }

  /**
   * Starts the account over with `balances` (the trader's "Reset paper account"). Refused while
   * orders are working: they hold funds the reset would make up or take away.
   */
  reset(balances: Readonly<Record<string, number>>): void {
    if (this.hasWorkingOrders()) throw new ExchangeError('invalid_order', 'the paper account has working orders; cancel them before resetting it');
    this.mutate(() => {
      this.ledger.clear();
      for (const [currency, amount] of Object.entries(balances)) this.ledger.deposit(currency, Units.ofNumber(amount));
      this.dirty = true;
    });
  }

  async fetchOpenOrders(symbol?: MarketSymbol): Promise<readonly ExchangeOrder[]> {
    const books = symbol === undefined ? [...this.books.values()] : [this.book(symbol)];
    return books.flatMap((book) => book.working.filter((o) => o.working).map((o) => o.snapshot()));
  }

  async fetchOrderByClientId(clientOrderId: string): Promise<ExchangeOrder | null> {
    return this.orders.get(clientOrderId)?.snapshot() ?? null;
  }

  async fetchFills(symbol: MarketSymbol, since?: number): Promise<readonly Fill[]> {
    const fills = this.book(symbol).fills;
    return since === undefined ? fills.slice() : fills.filter((fill) => fill.time >= since);
  }

  rejectionReason(clientOrderId: string): string | null {
    return this.orders.get(clientOrderId)?.rejection ?? null;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private book(symbol: MarketSymbol): Book {
    const book = symbol === this.lastSymbol && this.lastBook !== undefined ? this.lastBook : this.books.get(symbol);
    if (book === undefined) throw new ExchangeError('invalid_order', `${symbol} is not a market on the paper exchange`);
    return book;
  }

  private settle(order: PaperOrder, book: Book, amount: number, price: number, liquidity: 'maker' | 'taker', time: number): void {
    const { rules } = book;
    const rates = this.feeRates(rules.symbol);
    // The order's own units when it fills whole (the common case): one conversion fewer.
    const amountUnits = amount === order.amount ? order.amountUnits : this.fill.amount.setNumber(amount);
    const cost = this.fill.cost.setProduct(amountUnits, this.fill.price.setNumber(price));
    const fee = this.fill.fee.setProduct(cost, this.fill.rate.of(liquidity === 'maker' ? rates.maker : rates.taker));
    try {
      moveFillMoney(this.ledger, order, rules, amountUnits, cost, fee);
    } catch (error) {
      if (!isExchangeError(error, 'insufficient_funds')) throw error;
      // A market buy that gapped up past its reservation with no free funds left: reject the rest.
      order.rejection = error.message;
      this.finish(order, order.filledUnits.sign() > 0 ? 'canceled' : 'rejected', time);
      return;
    }
    order.filledUnits.add(amountUnits);
    order.costUnits.add(cost);
    order.feeUnits.add(fee);
    order.updatedAt = time;
    const fill: Fill = {
      id: `${order.exchangeOrderId}-${++this.fillSeq}`,
      clientOrderId: order.request.clientOrderId,
      exchangeOrderId: order.exchangeOrderId,
      symbol: rules.symbol,
      side: order.side,
      price,
      amount,
      fee: fee.toNumber(),
      feeCurrency: rules.quote,
      liquidity,
      time,
    };
    if (this.keepHistory) book.fills.push(fill);
    if (order.filledUnits.compare(order.amountUnits) >= 0) this.finish(order, 'filled', time, [fill]);
    else {
      order.status = 'partially_filled';
      this.emit(order, [fill]);
    }
  }

  /** Ends an order: releases what it still holds and tells the listeners. */
  private finish(order: PaperOrder, status: 'filled' | 'canceled' | 'rejected' | 'expired', time: number, fills: readonly Fill[] = NO_FILLS): void {
    if (order.reserved.sign() > 0) this.ledger.release(order.reservedCurrency, order.reserved);
    order.reserved.clear();
    order.status = status;
    order.updatedAt = time;
    this.emit(order, fills);
    if (!this.keepHistory) this.orders.delete(order.request.clientOrderId);
  }

  /**
   * Runs a change of the account; with persistence, in one transaction that also saves the new
   * state, so the journal entries written by the listeners and the balances commit together.
   */
  private mutate<T>(work: () => T): T {
    const persistence = this.persistence;
    if (persistence === null || this.depth > 0) return work();
    return persistence.atomically(() => {
      this.depth++;
      try {
        const result = work();
        if (this.dirty) {
          persistence.save(this.savedState());
          this.dirty = false;
        }
        return result;
      } finally {
        this.depth--;
      }
    });
  }

  private savedState(): PaperAccountState {
    const orders = this.orders.values().filter((order) => order.working).map((order) => order.state());
    return { balances: this.ledger.totalsNow(), orders, orderSeq: this.orderSeq, fillSeq: this.fillSeq };
  }

  /** Loads a saved account: totals, then each working order with the funds it holds. */
  private restore(saved: PaperAccountState): void {
    this.orderSeq = saved.orderSeq;
    this.fillSeq = saved.fillSeq;
    for (const [currency, units] of saved.balances) this.ledger.deposit(currency, Units.of(units));
    for (const state of saved.orders) {
      const book = this.books.get(state.symbol);
      // A market this feed does not carry (the trader switched markets): the order cannot work here.
      if (book === undefined) continue;
      const order = PaperOrder.restore(state, book.rules.base, book.rules.quote);
      this.ledger.restoreReservation(order.reservedCurrency, order.reserved);
      this.orders.set(state.clientOrderId, order);
      book.working.push(order);
    }
  }

  /** Tells the listeners about an order's new state; returns the snapshot it sent. */
  private emit(order: PaperOrder, fills: readonly Fill[]): ExchangeOrder {
    this.dirty = true;
    const snapshot = order.snapshot();
    // forEach, not for…of: the same live iteration without an iterator object per update.
    this.listeners.forEach(this.listeners.size === 1 ? tellSoleListener : tellListener, { order: snapshot, fills });
    return snapshot;
  }
}

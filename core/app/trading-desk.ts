import type { CommandResult } from '../api/contract/index.js';
import type { FillView, OrderView, PositionView } from '../api/contract/trading.js';
import { ApiError } from '../api/errors.js';
import { isExchangeError } from '../exchange/errors.js';
import { newClientOrderId } from '../exchange/client-order-id.js';
import { PaperExchange } from '../exchange/paper-exchange.js';
import type { Balance, ExchangeOrder, ExchangePort, Fill, MarketRules, OrderRequest } from '../exchange/port.js';
import { Position } from '../engine/positions.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitReason } from '../strategies/contract.js';
import type { RiskControls } from '../risk/controls.js';
import type { StopAccount } from '../risk/emergency-stop.js';
import type { GatePortfolio } from '../risk/guard.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { OrderJournal } from '../risk/journal.js';
import { JournaledExchange } from '../risk/journaled-exchange.js';
import type { FillRecord } from '../store/repositories/fills.js';
import type { OrderRecord } from '../store/repositories/orders.js';
import type { PaperAccountRepository } from '../store/repositories/paper-account.js';
import type { EventBus } from './event-bus.js';
import type { HandlerMap } from './handlers.js';
import type { MarketService } from './market-service.js';
import { paperMarketRules } from './paper-markets.js';
import { paperFillNumber } from './paper-fill-number.js';
import { TickBarBuilder } from './tick-bars.js';

export interface TradingDeskOptions {
  readonly market: MarketService;
  readonly journal: OrderJournal;
  readonly halt: HaltSwitch;
  readonly controls: RiskControls;
  readonly events: EventBus;
  readonly now: () => number;
  /** Paper account's starting cash in USDT. */
  readonly startingBalance?: number;
  /** The journaled port of an armed live account (`<exchange>:<label>`), or null. */
  readonly livePort?: (venue: string) => ExchangePort | null;
  /** Where the paper account is saved, so balances, working orders and positions survive a restart. */
  readonly paperAccount?: Pick<PaperAccountRepository, 'port' | 'markReset' | 'atomically'>;
  /** The saved trade (and exit reason) of a strategy fill, for fills whose engine attributed them before a restart. */
  readonly fillTrade?: (venue: string, fillId: string) => { readonly tradeId: string; readonly exitReason: ExitReason | null } | null;
  /** Armed live accounts: their manual positions, the trade of each fill, and balances (stream or REST). */
  readonly live?: {
    positions(): PositionView[];
    fillTrade(venue: string, fillId: string): { readonly tradeId: string; readonly exitReason: ExitReason | null } | null;
    balances(venue: string): Promise<readonly Balance[] | null>;
  };
}

const PAPER = 'paper';
const MANUAL = 'manual';

/**
 * The paper account and manual trading: owns the paper exchange (driven tick by tick by the live
 * feed), routes order-ticket orders through precision checks, the risk gate and the journal, and
 * keeps the trader's manual positions (tranches, FIFO exits). Serves `orders.*`, `fills.*`,
 * `positions.*` and `balances.*`. Mutations run through one queue so a cancel never races its order.
 */
export class TradingDesk {
  private paper: PaperExchange | null = null;
  private journaled: JournaledExchange | null = null;
  private ticks = new TickBarBuilder();
  private readonly positions = new Map<MarketSymbol, Position>();
  private readonly positionFees = new Map<MarketSymbol, number>();
  /** Client order ids a strategy configuration is about to send (journaled under its name). */
  private readonly claims = new Map<string, string>();
  /**
   * Orders → the trade (position) their fills belong to and, for exits, the one exit reason, so history
   * groups entries with exits. Manual orders are attributed here; strategy orders by their engine.
   */
  private readonly orderTrades = new Map<string, { readonly tradeId: string; readonly exitReason: ExitReason | null }>();
  /** Manual sell orders about to be sent that close (part of) an open manual position. */
  private readonly manualExits = new Set<string>();
  /** True while start() replays the journal's manual fills: positions are rebuilt, nothing is re-recorded or re-announced. */
  private replaying = false;
  private strategyPositions: () => PositionView[] = () => [];
  private closeStrategyPosition: (name: string, symbol: MarketSymbol) => boolean = () => false;
  private readonly rules = new Map<MarketSymbol, MarketRules>();
  private readonly dayStart = { day: -1, equity: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly detach: (() => void)[] = [];

  constructor(private readonly options: TradingDeskOptions) {}

  /** Builds the paper exchange for the feed's symbols and starts driving it with live prices. */
  async start(): Promise<void> {
    this.ticks = new TickBarBuilder();
    this.rules.clear();
    this.positions.clear();
    this.positionFees.clear();
    const feed = this.options.market.current;
    const markets: MarketRules[] = [];
    for (const symbol of feed.symbols()) {
      const last = (await feed.history(symbol, '1m', 1)).at(-1);
      const rules = paperMarketRules(symbol, feed.priceStep(symbol), last?.close ?? 1);
      this.rules.set(symbol, rules);
      markets.push(rules);
    }
    const quote = markets[0]?.quote ?? 'USDT';
    const history = this.options.journal.venueFills(PAPER).sort(byFillSequence);
    const persistence = this.options.paperAccount?.port(PAPER);
    this.paper = new PaperExchange({ markets, balances: { [quote]: this.startingBalance() }, now: this.options.now, history, ...(persistence ? { persistence } : {}) });
    this.replayManualFills(history);
    this.journaled = JournaledExchange.wrap({
      inner: this.paper,
      journal: this.options.journal,
      halted: () => this.options.halt.halted,
      venue: PAPER,
      describe: (request) => {
        const strategy = this.claims.get(request.clientOrderId);
        if (strategy) return { strategy, reason: `${strategy} intent` };
        // A manual exit's reason is the exit reason itself (`manual`), as history and alerts show it.
        return { strategy: null, reason: this.manualExits.delete(request.clientOrderId) ? 'manual' : 'manual order' };
      },
    });
    for (const symbol of feed.symbols()) {
      const last = (await feed.history(symbol, '1m', 1)).at(-1);
      if (last) this.paper.onCandle(symbol, last);
    }
    this.detach.push(
      this.journaled.onOrderUpdate(({ order, fills }) => this.onOrderUpdate(order, fills)),
      this.options.market.onCandle((update) => {
        const bar = this.ticks.next(update);
        if (bar) this.paper?.onCandle(update.symbol, bar);
      }),
    );
  }

  stop(): void {
    for (const off of this.detach.splice(0)) off();
    this.journaled = null;
    this.paper = null;
  }

  /** True while the paper account holds positions or working orders (a market switch would orphan them). */
  busy(): boolean {
    const manual = [...this.positions.values()].some((p) => p.isOpen);
    // Only the paper account's: live positions stay at their venue whatever the terminal watches.
    return manual || this.strategyPositions().some((p) => p.account === PAPER) || this.options.journal.orders.live(PAPER).length > 0;
  }

  /** The port strategies trade on: the same journaled paper account. */
  get port(): JournaledExchange | null {
    return this.journaled;
  }

  /** The price open paper positions are valued at (as in `portfolio()`): the last tick, else the last candle's close. */
  markPrice(symbol: MarketSymbol): number | null {
    return this.ticks.lastPrice(symbol) ?? this.paper?.lastCandleClose(symbol) ?? null;
  }

  /** A live account's order changed outside a desk call (its private stream saw it): tell the UI. */
  announceOrder(clientOrderId: string): void {
    const record = this.options.journal.orders.get(clientOrderId);
    if (record && record.venue !== PAPER) this.options.events.emit('orders.updated', { order: orderView(record) });
  }

  /** New fills of a live account (each told once, however it arrived): the fill list and positions update. */
  announceLiveFills(fills: readonly FillRecord[]): void {
    for (const fill of fills) this.options.events.emit('fills.new', { fill: this.fillView(fill) });
    if (fills.length > 0) this.options.events.emit('positions.updated', { positions: this.allPositions() });
  }

  claimOrder(clientOrderId: string, strategy: string): void {
    this.claims.set(clientOrderId, strategy);
  }

  /** A strategy's engine says which trade an order's fills belong to (and why, for an exit). */
  attributeOrder(clientOrderId: string, tradeId: string, exitReason: ExitReason | null): void {
    this.orderTrades.set(clientOrderId, { tradeId, exitReason });
  }

  /** Lets the Positions tab show and close strategy positions too. */
  attachStrategies(positions: () => PositionView[], close: (name: string, symbol: MarketSymbol) => boolean): void {
    this.strategyPositions = positions;
    this.closeStrategyPosition = close;
  }

  /** Accounts the emergency stop cancels on and reconciliation checks. */
  accounts(): readonly StopAccount[] {
    return this.journaled ? [{ id: PAPER, label: 'Paper', mode: 'paper', port: this.journaled }] : [];
  }

  /** The account as the risk gate sees it. */
  portfolio(): GatePortfolio | null {
    const paper = this.paper;
    if (!paper) return null;
    const time = this.options.now();
    const quote = [...this.rules.values()][0]?.quote ?? 'USDT';
    let equity = paper.totalBalance(quote);
    const positions = [];
    for (const [symbol, rules] of this.rules) {
      const held = paper.totalBalance(rules.base);
      const mark = this.ticks.lastPrice(symbol) ?? paper.lastCandleClose(symbol) ?? 0;
      equity += held * mark;
      if (held > 0) positions.push({ strategy: MANUAL, symbol, notional: held * mark });
    }
    const day = Math.floor(time / 86_400_000);
    if (this.dayStart.day !== day) {
      this.dayStart.day = day;
      this.dayStart.equity = equity;
    }
    return { time, equity, freeCash: paper.freeBalance(quote), dayStartEquity: this.dayStart.equity, dailyPnl: equity - this.dayStart.equity, positions, openEntryOrders: [] };
  }

  handlers(): HandlerMap {
    return {
      'orders.place': (args) => this.serially(() => this.place(args)),
      'orders.cancel': ({ clientOrderId }) => this.serially(() => this.cancel(clientOrderId)),
      'orders.list': async ({ status, symbol }) => {
        const records = status === 'open' ? this.options.journal.orders.live() : this.options.journal.orders.recent({ limit: 500, ...(symbol ? { symbol } : {}) });
        return records.filter((r) => !symbol || r.symbol === symbol).map(orderView);
      },
      'orders.openCount': async () => {
        const live = this.options.journal.orders.live();
        const paper = live.filter((order) => order.venue === PAPER).length;
        return { paper, live: live.length - paper };
      },
      'fills.list': async ({ symbol, limit }) => {
        const fills = this.options.journal.fills.between(0, Number.MAX_SAFE_INTEGER, symbol);
        return fills.slice(-limit).map((fill) => this.fillView(fill));
      },
      'positions.list': async () => this.allPositions(),
      'positions.close': ({ id, fraction }) => this.serially(() => this.closePosition(id, fraction)),
      'accounts.resetPaper': () => this.serially(async () => this.resetPaper()),
      'balances.list': async ({ account }) => {
        const live = account === PAPER ? null : await this.options.live?.balances(account).catch((error: unknown) => Promise.reject(toApiError(error)));
        if (live) return live.map((b) => ({ currency: b.currency, free: b.free, used: b.used, total: b.total }));
        if (account !== PAPER || !this.paper) throw new ApiError('not_found', `no account "${account}" (live accounts are listed under Settings → Accounts)`);
        return this.paper.balancesNow().map((b) => ({ currency: b.currency, free: b.free, used: b.used, total: b.total }));
      },
    };
  }

  private async place(args: { account: string; symbol: MarketSymbol; side: 'buy' | 'sell'; type: 'market' | 'limit' | 'stop_limit'; amount: string; price?: string | undefined; stopPrice?: string | undefined }): Promise<OrderView> {
    if (this.options.halt.halted) throw new ApiError('halted', 'Halyard is HALTED (emergency stop): re-arm before placing orders');
    if (args.account !== PAPER) return this.placeLive(args);
    const venue = this.requirePaper(args.account);
    const rules = this.rules.get(args.symbol);
    if (!rules) throw new ApiError('not_found', `${args.symbol} is not traded on the paper exchange`);
    const amount = Number(args.amount);
    const price = args.price !== undefined ? Number(args.price) : undefined;
    const stopPrice = args.stopPrice !== undefined ? Number(args.stopPrice) : undefined;
    if (!(amount > 0)) throw new ApiError('bad_request', 'amount must be greater than 0', [{ path: 'amount', message: 'must be greater than 0' }]);
    const reference = price ?? this.ticks.lastPrice(args.symbol) ?? this.paper?.lastCandleClose(args.symbol) ?? 0;
    const position = this.positions.get(args.symbol);
    const purpose = args.side === 'sell' ? 'exit' : position?.isOpen ? 'add' : 'enter';
    const portfolio = this.portfolio();
    if (portfolio) {
      const decision = this.options.controls.check(
        {
          strategy: MANUAL,
          symbol: args.symbol,
          side: args.side,
          type: args.type,
          amount: venue.roundAmount(args.symbol, amount),
          price: reference,
          purpose,
          tier: rules.tier,
          ...(purpose === 'exit' && position ? { positionQuantity: position.quantity } : {}),
        },
        portfolio,
      );
      if (!decision.allow) throw new ApiError('rejected', decision.reason);
    }
    return this.send(venue, args, amount, price, stopPrice, purpose === 'exit' && position?.isOpen === true);
  }

  /**
   * A manual order on an armed live account: rounded and checked by the adapter, gated against a
   * portfolio read from the exchange's balances, journaled before it is sent.
   */
  private async placeLive(args: { account: string; symbol: MarketSymbol; side: 'buy' | 'sell'; type: 'market' | 'limit' | 'stop_limit'; amount: string; price?: string | undefined; stopPrice?: string | undefined }): Promise<OrderView> {
    const port = this.options.livePort?.(args.account) ?? null;
    if (!port) throw new ApiError('rejected', `account "${args.account}" is not armed for live trading (Settings → Accounts → Arm)`);
    const markets = await port.loadMarkets().catch((error: unknown) => {
      throw toApiError(error);
    });
    const rules = markets.get(args.symbol);
    if (!rules) throw new ApiError('not_found', `${args.symbol} is not a market on ${port.id}`);
    const amount = Number(args.amount);
    const price = args.price !== undefined ? Number(args.price) : undefined;
    const stopPrice = args.stopPrice !== undefined ? Number(args.stopPrice) : undefined;
    const balances = await port.fetchBalances().catch((error: unknown) => {
      throw toApiError(error);
    });
    const mark = price ?? this.ticks.lastPrice(args.symbol) ?? 0;
    const cash = balances.find((b) => b.currency === rules.quote);
    const held = balances.find((b) => b.currency === rules.base)?.total ?? 0;
    const equity = (cash?.total ?? 0) + held * mark;
    const time = this.options.now();
    const decision = this.options.controls.check(
      { strategy: MANUAL, symbol: args.symbol, side: args.side, type: args.type, amount: port.roundAmount(args.symbol, amount), price: mark, purpose: args.side === 'sell' ? 'exit' : 'enter', tier: rules.tier },
      { time, equity, freeCash: cash?.free ?? 0, dayStartEquity: equity, dailyPnl: 0, positions: held > 0 ? [{ strategy: MANUAL, symbol: args.symbol, notional: held * mark }] : [], openEntryOrders: [] },
    );
    if (!decision.allow) throw new ApiError('rejected', decision.reason);
    return this.send(port, args, amount, price, stopPrice);
  }

  /** Sends a checked order under a fresh client order id (the journaled port writes the intent first). */
  private async send(port: ExchangePort, args: { symbol: MarketSymbol; side: 'buy' | 'sell'; type: 'market' | 'limit' | 'stop_limit' }, amount: number, price?: number, stopPrice?: number, manualExit = false): Promise<OrderView> {
    const request: OrderRequest = {
      clientOrderId: newClientOrderId(),
      symbol: args.symbol,
      side: args.side,
      type: args.type,
      amount,
      ...(price !== undefined ? { price } : {}),
      ...(stopPrice !== undefined ? { stopPrice } : {}),
    };
    if (manualExit) this.manualExits.add(request.clientOrderId);
    try {
      const order = await port.placeOrder(request);
      return this.viewOf(order.clientOrderId);
    } catch (error) {
      throw toApiError(error);
    } finally {
      this.manualExits.delete(request.clientOrderId);
    }
  }

  private async cancel(clientOrderId: string): Promise<OrderView> {
    const record = this.options.journal.orders.get(clientOrderId);
    if (!record) throw new ApiError('not_found', `no order ${clientOrderId}`);
    const venue = record.venue === PAPER ? this.requirePaper(record.venue) : this.options.livePort?.(record.venue);
    if (!venue) throw new ApiError('rejected', `account "${record.venue}" is not connected; arm it to manage its orders`);
    const result = await venue.cancelOrder(clientOrderId, record.symbol).catch((error: unknown) => {
      throw toApiError(error);
    });
    if (result.outcome === 'failed') throw new ApiError('rejected', `could not cancel ${clientOrderId}: ${result.error ?? 'unknown reason'}`);
    return this.viewOf(clientOrderId);
  }

  private async closePosition(id: string, fraction: number): Promise<OrderView> {
    // `paper:<name>:<symbol>`, or `<exchange>:<label>:<name>:<symbol>` for a strategy on a live account.
    const strategyMatch = /^(?:paper|[^:]+:[^:]+):([^:]+):([A-Z0-9]+\/[A-Z0-9]+)$/.exec(id);
    if (strategyMatch && strategyMatch[1] !== MANUAL) {
      if (this.options.halt.halted) throw new ApiError('halted', 'Halyard is HALTED: use the emergency stop\'s flatten to close strategy positions');
      if (!this.closeStrategyPosition(strategyMatch[1]!, strategyMatch[2]!)) throw new ApiError('not_found', `no open position ${id}`);
      const latest = this.options.journal.orders.recent({ limit: 1, symbol: strategyMatch[2]!, strategy: strategyMatch[1]! })[0];
      if (!latest) throw new ApiError('internal', `the close order for ${id} is missing from the journal`);
      return orderView(latest);
    }
    // A manual live position closes with a market sell on its account, through the same checks as any live order.
    const live = this.options.live?.positions().find((candidate) => candidate.id === id);
    if (live) return this.place({ account: live.account, symbol: live.symbol, side: 'sell', type: 'market', amount: String(fraction >= 1 ? live.quantity : live.quantity * fraction) });
    const symbol = id.startsWith(`${PAPER}:${MANUAL}:`) ? id.slice(`${PAPER}:${MANUAL}:`.length) : null;
    const position = symbol ? this.positions.get(symbol) : undefined;
    if (!symbol || !position?.isOpen) throw new ApiError('not_found', `no open position ${id}`);
    const venue = this.requirePaper(PAPER);
    const amount = fraction >= 1 ? position.quantity : venue.roundAmount(symbol, position.quantity * fraction);
    const rules = this.rules.get(symbol)!;
    const mark = this.ticks.lastPrice(symbol) ?? position.averageEntry;
    const remainder = position.quantity - amount;
    if (remainder > 0 && (remainder < (rules.minAmount ?? 0) || remainder * mark < (rules.minCost ?? 0))) {
      throw new ApiError('rejected', `reducing by ${amount} would leave ${remainder} ${rules.base}, below the market minimum; close the whole position instead`);
    }
    return this.place({ account: PAPER, symbol, side: 'sell', type: 'market', amount: String(amount) });
  }

  private onOrderUpdate(order: ExchangeOrder, fills: readonly Fill[]): void {
    // A strategy's order is known by its claim, or (sent before a restart) by the journal's record of it.
    const manual = !this.claims.has(order.clientOrderId) && (this.options.journal.orders.get(order.clientOrderId)?.strategy ?? null) === null;
    // The emergency stop's flatten sells are exits for that reason, not the trader's.
    const exitReason: ExitReason = this.options.journal.orders.get(order.clientOrderId)?.reason.startsWith('emergency_stop') ? 'emergency_stop' : 'manual';
    for (const fill of manual ? fills : []) {
      let position = this.positions.get(fill.symbol);
      if (fill.side === 'sell' && position?.isOpen) this.orderTrades.set(fill.clientOrderId, { tradeId: position.tradeId, exitReason });
      if (fill.side === 'buy') {
        if (!position || !position.isOpen) {
          // Named after its opening fill (unique on the venue), so the same trade id comes back after a restart.
          position = new Position(`manual-${fill.symbol}-${fill.time}-${fill.id}`, fill.symbol, fill.time, fill.price);
          this.positions.set(fill.symbol, position);
          this.positionFees.set(fill.symbol, 0);
        }
        this.positionFees.set(fill.symbol, (this.positionFees.get(fill.symbol) ?? 0) + fill.fee);
        position.addFill(fill.clientOrderId, fill.amount, fill.price, fill.fee, fill.time);
        this.orderTrades.set(fill.clientOrderId, { tradeId: position.tradeId, exitReason: null });
      } else if (position?.isOpen) {
        this.positionFees.set(fill.symbol, (this.positionFees.get(fill.symbol) ?? 0) + fill.fee);
        position.reduce(Math.min(fill.amount, position.quantity), fill.price, fill.fee, fill.time, exitReason);
        const tier = this.rules.get(fill.symbol)?.tier ?? 'small';
        if (!this.replaying) this.options.controls.recordExit({ time: fill.time, symbol: fill.symbol, strategy: MANUAL, reason: exitReason, closed: !position.isOpen, tier });
      }
    }
    // Told once every listener of this update ran: strategy engines attribute their fills (trade id,
    // exit reason) and update their positions after the desk hears of them.
    if (this.replaying) return;
    queueMicrotask(() => {
      for (const fill of fills) this.options.events.emit('fills.new', { fill: this.fillView({ ...fill, venue: PAPER }) });
      const record = this.options.journal.orders.get(order.clientOrderId);
      if (record) this.options.events.emit('orders.updated', { order: orderView(record) });
      if (fills.length > 0) this.options.events.emit('positions.updated', { positions: this.allPositions() });
    });
  }

  /**
   * Rebuilds the manual positions (and which trade each fill belongs to) from the journal's paper
   * fills of manual orders, through the same path live fills take.
   */
  private replayManualFills(history: readonly Fill[]): void {
    this.replaying = true;
    try {
      for (const fill of history) {
        const record = this.options.journal.orders.get(fill.clientOrderId);
        if (record && record.strategy === null) this.onOrderUpdate(exchangeOrderOf(record), [fill]);
      }
    } finally {
      this.replaying = false;
    }
  }

  /** What the paper account opens (and resets) with, in its quote currency; P&L's equity curve starts here. */
  startingBalance(): number {
    return this.options.startingBalance ?? 10_000;
  }

  /**
   * Starts the paper account over at its starting balance. Refused while paper orders are open or
   * paper positions are held: the journal rebuilds positions from fills, so a reset that dropped a
   * held position would leave the journal saying the account holds coins it no longer has.
   */
  private async resetPaper(): Promise<CommandResult<'accounts.resetPaper'>> {
    const paper = this.paper;
    if (!paper) throw new ApiError('unavailable', 'the paper exchange is starting; try again in a moment');
    const open = this.options.journal.orders.live(PAPER).length;
    if (open > 0 || paper.hasWorkingOrders()) {
      const which = open > 0 ? `the ${open} open paper order${open === 1 ? '' : 's'}` : 'the open paper orders';
      throw new ApiError('rejected', `Cancel ${which} first (Open Orders tab): a reset cannot take back the funds they hold.`);
    }
    const held = [...this.positionViews(), ...this.strategyPositions()];
    if (held.length > 0) {
      throw new ApiError('rejected', `Close the paper position${held.length === 1 ? '' : 's'} in ${[...new Set(held.map((p) => p.symbol))].join(', ')} first (Positions tab): a reset does not sell them.`);
    }
    const quote = [...this.rules.values()][0]?.quote ?? 'USDT';
    const at = this.options.now();
    const reset = () => {
      paper.reset({ [quote]: this.startingBalance() });
      this.options.paperAccount?.markReset(PAPER, at);
    };
    if (this.options.paperAccount) this.options.paperAccount.atomically(reset);
    else reset();
    // Today's P&L starts from the new equity, not from the account before the reset.
    this.dayStart.day = -1;
    this.options.events.emit('positions.updated', { positions: this.allPositions() });
    return { balances: paper.balancesNow().map((b) => ({ currency: b.currency, free: b.free, used: b.used, total: b.total })), resetAt: at };
  }

  /** Every position the Positions tab shows: manual paper, strategies', and manual live ones. */
  private allPositions(): PositionView[] {
    return [...this.positionViews(), ...this.strategyPositions(), ...(this.options.live?.positions() ?? [])];
  }

  private positionViews(): PositionView[] {
    const views: PositionView[] = [];
    for (const [symbol, position] of this.positions) {
      if (!position.isOpen) continue;
      const mark = this.ticks.lastPrice(symbol);
      const view = position.view();
      const unrealized = mark === null ? null : (mark - position.averageEntry) * position.quantity;
      views.push({
        id: `${PAPER}:${MANUAL}:${symbol}`,
        account: PAPER,
        symbol,
        source: MANUAL,
        quantity: position.quantity,
        averageEntry: position.averageEntry,
        markPrice: mark,
        unrealizedPnl: unrealized,
        unrealizedPnlPct: mark === null ? null : ((mark - position.averageEntry) / position.averageEntry) * 100,
        realizedPnl: position.realizedPnl,
        fees: this.positionFees.get(symbol) ?? 0,
        openedAt: view.openedAt,
        tranches: position.openTranches(),
        stopLoss: null,
        takeProfits: [],
        trailing: null,
      });
    }
    return views;
  }

  private fillView(fill: Fill & { venue: string }): FillView {
    const record = this.options.journal.orders.get(fill.clientOrderId);
    const trade = this.orderTrades.get(fill.clientOrderId) ?? this.options.fillTrade?.(fill.venue, fill.id) ?? this.options.live?.fillTrade(fill.venue, fill.id) ?? null;
    return {
      id: fill.id,
      clientOrderId: fill.clientOrderId,
      account: fill.venue,
      symbol: fill.symbol,
      side: fill.side,
      price: fill.price,
      amount: fill.amount,
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      liquidity: fill.liquidity,
      time: fill.time,
      source: record?.strategy ?? MANUAL,
      tradeId: record?.positionId != null ? String(record.positionId) : (trade?.tradeId ?? null),
      exitReason: trade?.exitReason ?? null,
    };
  }

  private viewOf(clientOrderId: string): OrderView {
    const record = this.options.journal.orders.get(clientOrderId);
    if (!record) throw new ApiError('internal', `order ${clientOrderId} is missing from the journal`);
    return orderView(record);
  }

  private requirePaper(account: string): JournaledExchange {
    if (account !== PAPER) throw new ApiError('rejected', `account "${account}" is not armed for trading; Halyard trades on paper until you arm a live account`);
    if (!this.journaled) throw new ApiError('unavailable', 'the paper exchange is starting; try again in a moment');
    return this.journaled;
  }

  /** One ordered queue for every mutation (place, cancel, close). */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Journal order (time, then the venue's fill number: the order they happened in), oldest first. */
function byFillSequence(a: Fill, b: Fill): number {
  return a.time - b.time || paperFillNumber(a.id) - paperFillNumber(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A journaled order as the venue would report it (for replaying its fills). */
function exchangeOrderOf(record: OrderRecord): ExchangeOrder {
  return {
    clientOrderId: record.clientOrderId,
    exchangeOrderId: record.exchangeOrderId,
    symbol: record.symbol,
    side: record.side,
    type: record.type,
    amount: record.amount,
    price: record.price,
    stopPrice: record.stopPrice,
    filled: record.filled,
    averagePrice: record.averagePrice,
    status: record.status,
    fee: record.fee,
    feeCurrency: record.feeCurrency,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function orderView(record: OrderRecord): OrderView {
  // The venue's view of the order plus who placed it and why; the contract's view carries no fee currency.
  const { feeCurrency: _feeCurrency, ...order } = exchangeOrderOf(record);
  return { ...order, account: record.venue, source: record.strategy ?? MANUAL, reason: record.reason };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isExchangeError(error)) {
    if (error.kind === 'invalid_order' || error.kind === 'insufficient_funds') return new ApiError('rejected', error.message);
    if (error.kind === 'order_not_found') return new ApiError('not_found', error.message);
    return new ApiError('unavailable', error.message);
  }
  if (error instanceof Error && error.name === 'HaltedError') return new ApiError('halted', error.message);
  throw error;
}

import { isExchangeError } from '../exchange/errors.js';
import { SteadyMap } from '../exchange/paper-lists.js';
import { isSimulatedVenue, type SimulatedVenue } from '../exchange/paper-venue.js';
import type { ExchangeOrder, ExchangePort, OrderRequest, OrderSide } from '../exchange/port.js';
import { checkOrderRules } from '../exchange/precision.js';
import type { MarketSymbol } from '../market/candle.js';
import type { ExitPlan, ExitReason, ScoreComponents, SizeSpec } from '../strategies/contract.js';
import type { PendingExit } from './exits.js';
import { passThroughRiskGate, type RiskContext, type RiskDecision, type RiskGate } from './risk-gate.js';

const PASSED: RiskDecision = { ok: true };

/** What the engine remembers about each order it sent, to attribute fills. */
export interface OrderTag {
  readonly symbol: MarketSymbol;
  readonly tradeId: string;
  readonly purpose: 'enter' | 'add' | 'exit';
  /** Entry: the strategy's reason text. Exit: the one exit reason. */
  readonly reason: string;
  readonly exitReason: ExitReason | null;
  /** Exit plan to attach to the position when this entry fills. */
  readonly exits: ExitPlan | null;
  /** The pending automatic exit this order carries (settled when it fills, retried when it fails). */
  readonly pendingExit: PendingExit | null;
  /** `trader`: the trader's own act through the engine (closing from a row); else the strategy's. */
  readonly act: 'trader' | 'automatic';
  /** An entry's score and its components, as the strategy's intent gave them (the orchestrator weighs and logs them). */
  readonly score?: number | undefined;
  readonly components?: ScoreComponents | undefined;
}

/** Why an order handed to an account did not go out, as the account's order pipeline says. */
export type SubmitRefusal = { readonly ok: false; readonly stage: 'rules' | 'risk' | 'exchange'; readonly message: string };

/** An order handed to the account's order pipeline: its client id at once, the outcome later. */
export interface OrderSubmission {
  readonly clientOrderId: string;
  readonly done: Promise<{ readonly ok: true } | SubmitRefusal>;
}

/** A sized order the engine hands to an account (paper or live): the pipeline rounds, checks, journals and sends it. */
export interface EngineOrder {
  readonly tag: OrderTag;
  readonly side: OrderSide;
  readonly type: 'market' | 'limit';
  /** Not yet rounded: the account's pipeline applies the market's precision. */
  readonly amount: number;
  readonly limitPrice?: number;
  readonly referencePrice: number;
}

export interface RouteRequest {
  readonly tag: OrderTag;
  readonly side: OrderSide;
  readonly type: 'market' | 'limit';
  readonly amount: number;
  readonly limitPrice?: number | undefined;
  /** Last close: the notional and risk check price of market orders. */
  readonly referencePrice: number;
  /** Simulated intrabar exits: fill now at this assumed price (see exits.ts). */
  readonly execution?: { readonly price: number; readonly liquidity: 'maker' | 'taker'; readonly time: number };
  readonly risk: RiskContext;
}

export type RouteOutcome =
  | { readonly ok: true; readonly clientOrderId: string; readonly order: ExchangeOrder | null }
  | { readonly ok: false; readonly stage: 'rules' | 'risk' | 'exchange'; readonly message: string };

export interface OrderRouterOptions {
  readonly exchange: ExchangePort;
  readonly gate: RiskGate;
  readonly strategy: string;
  readonly newOrderId: () => string;
  /**
   * Orders for a trading account (paper or live) go to its order pipeline — precision, the account-wide
   * risk gate, journal, send — instead of being checked here; the engine's own gate then only says
   * whether the engine may act at all (warming up). Absent in backtests and shadow lanes, whose
   * simulated venue is driven synchronously.
   */
  readonly submit?: (order: EngineOrder) => OrderSubmission;
  /** Called when an asynchronous send fails after route() returned. */
  readonly onAsyncFailure: (tag: OrderTag, clientOrderId: string, message: string, stage: SubmitRefusal['stage']) => void;
}

/**
 * The one place orders are sized, rounded to the market's precision, checked against its rules
 * (min/max amount and notional), passed through the risk gate and sent. Strategies never do this
 * themselves, so a strategy cannot send an order the market or the risk layer would not allow.
 */
export class OrderRouter {
  /** Steady: it holds one or two orders at a time, and a Map that shrinks on delete reallocated per order. */
  private readonly tags = new SteadyMap<OrderTag>();
  /** How many tags there are: asked on every bar of a backtest (hasOrders), and a Map's size is a chain of loads. */
  private tagged = 0;
  /** Orders of an account whose cancel was sent and whose end has not arrived yet. */
  private readonly cancelling = new Set<string>();
  private readonly venue: SimulatedVenue | null;

  constructor(private readonly options: OrderRouterOptions) {
    this.venue = isSimulatedVenue(options.exchange) ? options.exchange : null;
  }

  tagOf(clientOrderId: string): OrderTag | undefined {
    return this.tags.get(clientOrderId);
  }

  /** True while an order the engine sent has not ended (or its end has not reached the engine yet). */
  hasOrders(): boolean {
    return this.tagged > 0;
  }

  forget(clientOrderId: string): void {
    this.untag(clientOrderId);
    this.cancelling.delete(clientOrderId);
  }

  /** Base quantity for a size spec at a price; `equity` is the strategy's budget marked to market. */
  size(spec: SizeSpec, price: number, equity: number): number {
    switch (spec.kind) {
      case 'quantity':
        return spec.quantity;
      case 'quote':
        return spec.amount / price;
      case 'equity_fraction':
        return (spec.fraction * equity) / price;
    }
  }

  route(request: RouteRequest): RouteOutcome {
    if (this.options.submit !== undefined) return this.submit(request, this.options.submit);
    const { exchange, gate } = this.options;
    const { tag } = request;
    const checked = checkOrderRules(exchange, {
      symbol: tag.symbol,
      type: request.type,
      amount: request.amount,
      price: request.limitPrice,
      referencePrice: request.execution?.price ?? request.referencePrice,
    });
    if (!checked.ok) return { ok: false, stage: 'rules', message: `${tag.symbol}: ${checked.message}` };
    const { amount, price } = checked.order;
    const checkPrice = price ?? request.execution?.price ?? request.referencePrice;
    // The pass-through gate (no risk controls) answers yes without reading anything: nothing to build for it.
    const decision = gate === passThroughRiskGate ? PASSED : gate.check(
      {
        symbol: tag.symbol,
        side: request.side,
        type: request.type,
        amount,
        price: checkPrice,
        notional: amount * checkPrice,
        purpose: tag.purpose,
        reason: tag.exitReason ?? tag.reason,
        strategy: this.options.strategy,
        tradeId: tag.tradeId,
      },
      request.risk,
    );
    if (!decision.ok) return { ok: false, stage: 'risk', message: decision.reason };

    const clientOrderId = this.options.newOrderId();
    // Two literals rather than a spread: the same object without cloning one per order.
    const order: OrderRequest =
      price !== null
        ? { clientOrderId, symbol: tag.symbol, side: request.side, type: request.type, amount, price }
        : { clientOrderId, symbol: tag.symbol, side: request.side, type: request.type, amount };
    // Tag before sending: a simulated venue reports fills synchronously, inside the call.
    this.tag(clientOrderId, tag);
    if (this.venue !== null) {
      try {
        const placed = request.execution
          ? this.venue.executeAt(order, request.execution.price, request.execution.liquidity, request.execution.time)
          : this.venue.placeOrderNow(order);
        return { ok: true, clientOrderId, order: placed };
      } catch (error) {
        this.untag(clientOrderId);
        if (isExchangeError(error)) return { ok: false, stage: 'exchange', message: error.message };
        throw error;
      }
    }
    throw new Error(`${exchange.id} is not a simulated venue: orders for an account go through its order pipeline (submit)`);
  }

  /** Hands the order to the account's pipeline; a refusal there arrives through onAsyncFailure. */
  private submit(request: RouteRequest, submit: NonNullable<OrderRouterOptions['submit']>): RouteOutcome {
    const { tag } = request;
    const price = request.limitPrice ?? request.referencePrice;
    // The engine's own gate here only decides whether the engine may act at all (warming up).
    const decision = this.options.gate.check(
      { symbol: tag.symbol, side: request.side, type: request.type, amount: request.amount, price, notional: request.amount * price, purpose: tag.purpose, reason: tag.exitReason ?? tag.reason, strategy: this.options.strategy, tradeId: tag.tradeId, act: tag.act },
      request.risk,
    );
    if (!decision.ok) return { ok: false, stage: 'risk', message: decision.reason };
    const submission = submit({ tag, side: request.side, type: request.type, amount: request.amount, ...(request.limitPrice !== undefined ? { limitPrice: request.limitPrice } : {}), referencePrice: request.referencePrice });
    const clientOrderId = submission.clientOrderId;
    this.tag(clientOrderId, tag);
    void submission.done.then(
      (outcome) => {
        if (!outcome.ok) this.options.onAsyncFailure(tag, clientOrderId, outcome.message, outcome.stage);
      },
      (error: unknown) => this.options.onAsyncFailure(tag, clientOrderId, error instanceof Error ? error.message : String(error), 'exchange'),
    );
    return { ok: true, clientOrderId, order: null };
  }

  private tag(clientOrderId: string, tag: OrderTag): void {
    const before = this.tags.size; // no lookup of its own: a fresh id's first hashing is left to set()
    this.tags.set(clientOrderId, tag);
    if (this.tags.size !== before) this.tagged++;
  }

  private untag(clientOrderId: string): void {
    if (this.tags.delete(clientOrderId)) this.tagged--;
  }

  /** Cancels an order once: a second cancel while the first is on its way (the order not ended yet) is not sent. */
  cancel(clientOrderId: string, symbol: MarketSymbol): void {
    if (this.venue !== null && this.options.submit === undefined) {
      this.venue.cancelOrderNow(clientOrderId);
      return;
    }
    if (this.cancelling.has(clientOrderId)) return;
    this.cancelling.add(clientOrderId);
    this.options.exchange.cancelOrder(clientOrderId, symbol).then(
      (result) => {
        if (result.outcome === 'failed') this.cancelling.delete(clientOrderId); // still working: a later cancel may try again
      },
      (error: unknown) => {
        this.cancelling.delete(clientOrderId);
        const tag = this.tags.get(clientOrderId);
        if (tag) this.options.onAsyncFailure(tag, clientOrderId, `cancel failed: ${error instanceof Error ? error.message : String(error)}`, 'exchange');
      },
    );
  }
}

import { isExchangeError, rateLimitNote } from '../exchange/errors.js';
import { takesReduceOnly, type Balance, type CancelOutcome, type OrderRequest, type OrderSide, type OrderType, type TimeInForce } from '../exchange/port.js';
import { orderOptionsRefusal } from './order-options.js';
import { PROTECTIVE_REASON } from './protective-stops.js';
import { checkOrderRules, fmt, stopAlreadyReached } from '../exchange/precision.js';
import type { MarketSymbol } from '../market/candle.js';
import type { LiquidityTier } from '../exchange/port.js';
import type { GateDecision } from '../risk/gate.js';
import type { GateOrder, GatePortfolio } from '../risk/guard.js';
import type { ExitReason } from '../strategies/contract.js';
import type { OrderRecord } from './order-record.js';
import type { JournaledExchange } from './journaled-exchange.js';
import type { OrderJournal } from './journal.js';
import { AccountQueues } from './account-queues.js';
import { sellableBy, type Holdings } from './ownership.js';
import { checkMarketDepth } from './depth-check.js';
import type { OrderBook } from '../market/order-book.js';

/** What the pipeline needs of an account (core/accounts' TradingAccount is one). */
export interface OrderAccount {
  readonly id: string;
  readonly port: JournaledExchange;
  balances(): Promise<readonly Balance[]>;
  markPrice(symbol: string): number | null;
}

/** One order as its sender means it, before precision and risk: a strategy's, the trader's, the emergency stop's. */
export interface OrderIntent {
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Base quantity as asked (rounded to the market's step here). */
  readonly amount: number;
  readonly price?: number;
  readonly stopPrice?: number;
  /** `enter`/`add` open or grow exposure, `exit` reduces it. */
  readonly purpose: 'enter' | 'add' | 'exit';
  /** Why, in words (kept in the journal). */
  readonly reason: string;
  /** An exit's one reason (trade history, cooldowns). */
  readonly exitReason?: ExitReason;
  /** The trade the order belongs to, when the sender knows it (a strategy's). */
  readonly tradeId?: string;
  /** The price a market order's notional and risk are checked at (the last price the sender saw). */
  readonly referencePrice?: number;
  readonly plannedExits?: GateOrder['plannedExits'];
  /** Limit orders only, where the market takes them (MarketRules.orderOptions). */
  readonly timeInForce?: TimeInForce;
  readonly postOnly?: boolean;
}

export interface SubmitRequest {
  readonly account: string;
  /** `manual`, or the strategy configuration's name. */
  readonly owner: string;
  /** `trader`: the trader's own act (a risk-reducing one passes while HALTED); `automatic`: a strategy, a retry, a protective order. */
  readonly act: 'trader' | 'automatic';
  readonly intent: OrderIntent;
  /** A client order id the sender already handed out (an order the orchestrator held for its bar); generated when absent. */
  readonly clientOrderId?: string;
}

/** What the venue said to a cancel that did not fail: cancelled, or the order had already filled or closed. */
export type CancelAnswer = Exclude<CancelOutcome, 'failed'>;

/** What a Modify changes of a working order (a stop price only on a stop-limit). */
export interface OrderChange {
  readonly price?: number;
  readonly amount?: number;
  readonly stopPrice?: number;
}

export type RefusalStage = 'account' | 'rules' | 'ownership' | 'risk' | 'exchange';

export type SubmitOutcome = { readonly ok: true; readonly order: OrderRecord } | Refused;
type Refused = { readonly ok: false; readonly stage: RefusalStage; readonly message: string; readonly field?: string };

/** An order handed to the pipeline: its client id at once (senders tag it), the outcome once sent or refused. */
export interface Submission {
  readonly clientOrderId: string;
  readonly done: Promise<SubmitOutcome>;
}

export interface OrderPipelineOptions {
  readonly account: (id: string) => OrderAccount | null;
  readonly accountIds: () => readonly string[];
  readonly journal: OrderJournal;
  /** Base quantity each owner holds on an account and symbol (the position ledger). */
  readonly holdings: (account: string, symbol: MarketSymbol) => Holdings;
  readonly gate: { check(order: GateOrder, portfolio: GatePortfolio): GateDecision };
  /**
   * The account as the gate sees it: every position and every resting entry order of every owner —
   * but `without` (a working order a modify is about to cancel), its reserved cash counted as free.
   */
  readonly portfolio: (account: OrderAccount, priceHint: { readonly symbol: MarketSymbol; readonly price: number }, without?: OrderRecord) => GatePortfolio;
  readonly halted: () => boolean;
  /** Audits the trader's own acts that go through while HALTED. */
  readonly audit?: (action: string, detail: Readonly<Record<string, unknown>>) => void;
  readonly newOrderId: () => string;
  /** The book a market entry on `account` would meet (null: none to check against) and the trader's max slippage. */
  readonly depth?: {
    book(account: string, symbol: MarketSymbol): Promise<OrderBook | null>;
    maxSlippagePct(): number;
    /** A market entry refused for slippage or depth (the risk events log). */
    refused?(refusal: { readonly account: string; readonly owner: string; readonly symbol: MarketSymbol; readonly message: string }): void;
  };
  /**
   * Before an exit is sent: whatever of the position's own orders holds its coins at the venue (its
   * protective stop) is cancelled first. Called inside the account's queue.
   */
  readonly beforeExit?: (account: string, owner: string, symbol: MarketSymbol) => Promise<void>;
  /** After an exit that went by `beforeExit` was sent or refused (its stop may go back for what is left). */
  readonly afterExit?: (account: string, owner: string, symbol: MarketSymbol, outcome: SubmitOutcome) => void;
  /** True for the orders `beforeExit` itself manages (a protective stop is not an exit that releases one). */
  readonly isProtective?: (reason: string) => boolean;
}

/** Decimal places of a price step (0.01 → 2). */
function priceDecimals(step: number): number {
  return step > 0 ? Math.min(12, Math.max(0, Math.round(-Math.log10(step)))) : 2;
}

/**
 * The one road every order takes to a venue — the order ticket, strategies, closing a position from its
 * row, leftover closes, flatten: account → precision → ownership → the account-wide risk gate → journal →
 * send, one ordered queue per account (a cancel never races the order it cancels). Nothing else calls a
 * port's placeOrder (eslint enforces it). HALTED refuses every automatic send; the trader's own
 * risk-reducing act goes through, journaled and audited as such.
 */
export class OrderPipeline {
  private readonly queues = new AccountQueues();
  /** Submissions not settled yet, by client order id (a sender that only kept the id can wait for it). */
  private readonly unsettled = new Map<string, Promise<SubmitOutcome>>();

  constructor(private readonly options: OrderPipelineOptions) {}

  submit(request: SubmitRequest): Submission {
    const clientOrderId = request.clientOrderId ?? this.options.newOrderId();
    const done = this.queues.run(request.account, () => this.process(request, clientOrderId));
    const { intent } = request;
    if (intent.side === 'sell' && intent.purpose === 'exit' && this.options.isProtective?.(intent.reason) !== true) {
      void done.then((outcome) => this.options.afterExit?.(request.account, request.owner, intent.symbol, outcome));
    }
    this.unsettled.set(clientOrderId, done);
    void done.finally(() => this.unsettled.delete(clientOrderId));
    return { clientOrderId, done };
  }

  /** The outcome of a submission still in progress, or the journal's record of a settled one. */
  outcomeOf(clientOrderId: string): Promise<SubmitOutcome> {
    const pending = this.unsettled.get(clientOrderId);
    if (pending) return pending;
    const record = this.options.journal.get(clientOrderId);
    return Promise.resolve(record ? { ok: true, order: record } : { ok: false, stage: 'exchange', message: `order ${clientOrderId} is not in the journal` });
  }

  /** Cancels a working order through its account's queue (after anything queued before it). */
  cancel(clientOrderId: string): Promise<{ readonly ok: true; readonly order: OrderRecord; readonly outcome: CancelAnswer } | { readonly ok: false; readonly message: string; readonly notFound?: boolean }> {
    const record = this.options.journal.get(clientOrderId);
    if (!record) return Promise.resolve({ ok: false, message: `no order ${clientOrderId}`, notFound: true });
    return this.queues.run(record.venue, async () => {
      const account = this.options.account(record.venue);
      if (!account) return { ok: false as const, message: `account "${record.venue}" is not connected; arm it to manage its orders` };
      let outcome: CancelAnswer;
      try {
        const result = await account.port.cancelOrder(clientOrderId, record.symbol);
        if (result.outcome === 'failed') return { ok: false as const, message: `could not cancel ${clientOrderId}: ${result.error ?? 'unknown reason'}` };
        outcome = result.outcome;
      } catch (error) {
        return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
      }
      return { ok: true as const, order: this.options.journal.get(clientOrderId)!, outcome };
    });
  }

  /**
   * Modifies the trader's working order: cancel, then — only once the venue confirms the cancel — the same
   * order at the new price/amount under a new client id, through this road's rules, in the account's queue
   * (nothing can slip between the two). An order that filled meanwhile is not replaced. Both are journaled;
   * the new one's reason names the one it replaces.
   */
  replace(clientOrderId: string, change: OrderChange): Promise<SubmitOutcome & { readonly replaced?: string }> {
    const record = this.options.journal.get(clientOrderId);
    if (!record) return Promise.resolve({ ok: false, stage: 'account', field: 'clientOrderId', message: `no order ${clientOrderId}` });
    return this.queues.run(record.venue, async () => {
      const current = this.options.journal.get(clientOrderId)!;
      const refusal = replaceRefusal(current);
      if (refusal) return { ok: false as const, stage: 'rules' as const, message: refusal };
      if (change.stopPrice !== undefined && current.type !== 'stop_limit') return { ok: false as const, stage: 'rules' as const, field: 'stopPrice', message: `a ${current.type} order has no stop price to change` };
      const account = this.options.account(current.venue);
      if (!account) return { ok: false as const, stage: 'account' as const, message: `account "${current.venue}" is not connected; arm it to manage its orders` };
      // The replacement must pass the market's rules before the working order is cancelled: a bad price or amount leaves it working as it was.
      const mark = account.markPrice(current.symbol);
      const ahead = checkOrderRules(account.port, replacementRules(current, change, mark));
      if (!ahead.ok) return { ok: false as const, stage: 'rules' as const, field: fieldOf(ahead.rule), message: `${current.symbol}: ${ahead.message} — the order was not changed` };
      // A stop the last price has already reached would be refused by the venue after the cancel: say so now, beside the stop.
      const reached = ahead.order.stopPrice !== null && mark !== null ? stopAlreadyReached(current.side, ahead.order.stopPrice, mark) : null;
      if (reached !== null) return { ok: false as const, stage: 'rules' as const, field: 'stopPrice', message: `${current.symbol}: ${reached} — the order was not changed` };
      // The replacement must also pass ownership and the risk gate as if the working order were gone: a
      // refusal after the cancel would leave nothing working (a take-profit sell lost to a mistyped amount).
      const preview = await this.check(replacementRequest(current, clientOrderId, change), clientOrderId, current);
      // Shown beside what the trader changed (a risk limit names no field of its own).
      if (!preview.ok) return { ...preview, field: preview.field ?? (change.amount !== undefined ? 'amount' : change.price !== undefined ? 'price' : 'stopPrice'), message: `${preview.message} — the order was not changed` };
      const cancelled = await account.port.cancelOrder(clientOrderId, current.symbol).catch((error: unknown) => ({ outcome: 'failed' as const, error: error instanceof Error ? error.message : String(error) }));
      if (cancelled.outcome !== 'canceled') {
        const why = cancelled.outcome === 'already_filled' ? 'it filled before it could be cancelled' : cancelled.outcome === 'already_closed' ? 'it was already closed' : `the cancel failed: ${cancelled.error ?? 'unknown reason'}`;
        return { ok: false as const, stage: 'exchange' as const, message: `${current.symbol} order not modified — ${why}; nothing new was sent` };
      }
      const left = Math.max(0, current.amount - (this.options.journal.get(clientOrderId)?.filled ?? current.filled));
      const outcome = await this.process(replacementRequest({ ...current, filled: current.amount - left }, clientOrderId, change), this.options.newOrderId());
      // Refused after the cancel (risk gate, funds): the trader must not believe the old order still works.
      if (!outcome.ok) return { ...outcome, message: `${outcome.message} — the order it was to replace is cancelled; nothing replaced it`, replaced: clientOrderId };
      return { ...outcome, replaced: clientOrderId };
    });
  }

  private async process(request: SubmitRequest, clientOrderId: string): Promise<SubmitOutcome> {
    const checked = await this.check(request, clientOrderId);
    return checked.ok ? checked.send() : checked;
  }

  /**
   * Every check before the send; `replacing`: a working order a modify would cancel, left out of what the
   * account holds working (nothing is cancelled ahead of an exit, nothing is sent: the modify's preview).
   */
  private async check(request: SubmitRequest, clientOrderId: string, replacing?: OrderRecord): Promise<Refused | { readonly ok: true; send(): Promise<SubmitOutcome> }> {
    const { intent, owner, act } = request;
    const account = this.options.account(request.account);
    if (!account) {
      const known = this.options.accountIds();
      return { ok: false, stage: 'account', field: 'account', message: `no trading account "${request.account}": choose ${known.map((id) => `"${id}"`).join(' or ') || '"paper"'} (live accounts are armed under Settings → Accounts)` };
    }
    const port = account.port;
    let rules;
    try {
      rules = port.market(intent.symbol);
    } catch {
      return { ok: false, stage: 'rules', field: 'symbol', message: `${intent.symbol} is not traded on ${account.id}` };
    }
    const optionRefusal = orderOptionsRefusal(intent, rules, account.id);
    if (optionRefusal) return { ok: false, stage: 'rules', field: optionRefusal.field, message: optionRefusal.message };
    const reference = intent.price ?? intent.referencePrice ?? account.markPrice(intent.symbol) ?? undefined;
    const checked = checkOrderRules(port, { symbol: intent.symbol, type: intent.type, amount: intent.amount, ...(intent.price !== undefined ? { price: intent.price } : {}), ...(intent.stopPrice !== undefined ? { stopPrice: intent.stopPrice } : {}), ...(reference !== undefined ? { referencePrice: reference } : {}) });
    if (!checked.ok) return { ok: false, stage: 'rules', field: fieldOf(checked.rule), message: `${intent.symbol}: ${checked.message}` };
    const { amount } = checked.order;
    if (!replacing && intent.side === 'sell' && intent.purpose === 'exit' && this.options.isProtective?.(intent.reason) !== true) await this.options.beforeExit?.(account.id, owner, intent.symbol);
    if (intent.side === 'sell') {
      const refusal = await this.ownership(account, owner, intent.symbol, amount, rules.base, takesReduceOnly(rules), replacing);
      if (refusal) return { ok: false, stage: 'ownership', field: 'amount', message: refusal };
    }
    if (intent.type === 'market' && intent.purpose !== 'exit' && this.options.depth) {
      // Before a market entry: its expected fill from the book, against the trader's max slippage.
      const depth = checkMarketDepth({
        side: intent.side,
        amount,
        book: await this.options.depth.book(account.id, intent.symbol),
        last: account.markPrice(intent.symbol),
        maxSlippagePct: this.options.depth.maxSlippagePct(),
        base: rules.base,
        quote: rules.quote,
        priceDecimals: priceDecimals(rules.priceStep),
      });
      if (!depth.allowed) {
        const message = `${intent.symbol}: ${depth.message}`;
        this.options.depth.refused?.({ account: account.id, owner, symbol: intent.symbol, message });
        return { ok: false, stage: 'risk', field: 'amount', message };
      }
    }
    const checkPrice = checked.order.price ?? reference ?? 0;
    const exempt = act === 'trader' && intent.purpose === 'exit';
    const decision = this.options.gate.check(
      {
        strategy: owner,
        account: account.id,
        act,
        symbol: intent.symbol,
        side: intent.side,
        type: intent.type,
        amount,
        price: checkPrice,
        purpose: intent.purpose,
        tier: rules.tier as LiquidityTier,
        ...(intent.purpose === 'exit' ? { positionQuantity: this.options.holdings(account.id, intent.symbol).get(owner) ?? amount } : {}),
        ...(intent.plannedExits ? { plannedExits: intent.plannedExits } : {}),
      },
      this.options.portfolio(account, { symbol: intent.symbol, price: checkPrice }, replacing),
    );
    if (!decision.allow) return { ok: false, stage: 'risk', message: decision.reason };
    if (replacing) return { ok: true, send: () => Promise.reject(new Error('a modify preview is never sent')) };
    const order: OrderRequest = {
      clientOrderId,
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      amount,
      ...(checked.order.price !== null ? { price: checked.order.price } : {}),
      ...(checked.order.stopPrice !== null ? { stopPrice: checked.order.stopPrice } : {}),
      // An exit on a contract market is reduce-only: a plain sell there would open a short (spot markets take no such flag).
      ...(intent.purpose === 'exit' && takesReduceOnly(rules) ? { reduceOnly: true } : {}),
      ...(intent.postOnly === true ? { postOnly: true } : {}),
      ...(intent.timeInForce !== undefined && intent.timeInForce !== 'GTC' ? { timeInForce: intent.timeInForce } : {}),
    };
    return { ok: true, send: () => this.send(account, order, request, exempt) };
  }

  private async send(account: OrderAccount, order: OrderRequest, request: SubmitRequest, exempt: boolean): Promise<SubmitOutcome> {
    const { intent, owner } = request;
    const { clientOrderId, amount } = order;
    const port = account.port;
    const halted = this.options.halted();
    try {
      await port.submit(order, { strategy: owner === 'manual' ? null : owner, reason: intent.reason, tradeId: intent.tradeId ?? null, exitReason: intent.exitReason ?? null }, exempt);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const record = this.options.journal.get(clientOrderId);
      // Journaled and then refused or failed at the venue: the journal says which (rejected, or unknown until settled).
      // The venue's refusal of one field (a stop it would trigger at once) is shown beside that field.
      const field = isExchangeError(error) && error.field !== undefined ? { field: error.field } : {};
      if (record) return { ok: false, stage: 'exchange', message: record.status === 'unknown' ? `${message} — the outcome is being checked with the venue` : `${message}${rateLimitNote(error, account.id)}`, ...field };
      return { ok: false, stage: isExchangeError(error) ? 'exchange' : 'risk', message, ...field };
    }
    if (halted && exempt) this.options.audit?.('close_while_halted', { account: account.id, owner, symbol: intent.symbol, amount, clientOrderId, reason: intent.reason });
    return { ok: true, order: this.options.journal.get(clientOrderId)! };
  }

  /** A sell takes only what its owner holds: a manual sell never sells a strategy's coins, nor a strategy another's. */
  private async ownership(account: OrderAccount, owner: string, symbol: MarketSymbol, amount: number, base: string, derivative: boolean, replacing?: OrderRecord): Promise<string | null> {
    const holdings = this.options.holdings(account.id, symbol);
    const working = this.options.journal.live(account.id).filter((o) => o.symbol === symbol && o.side === 'sell' && (o.strategy ?? 'manual') === owner);
    // A modify's preview: the order it replaces, and the protective stop an exit would cancel first, release their coins.
    const released = replacing ? working.filter((o) => o.clientOrderId === replacing.clientOrderId || this.options.isProtective?.(o.reason) === true) : [];
    const unfilled = (orders: readonly OrderRecord[]) => orders.reduce((sum, o) => sum + Math.max(0, o.amount - o.filled), 0);
    const workingSells = unfilled(working) - unfilled(released);
    if (derivative) {
      // A contract position is no balance of the base currency: each owner sells (reduce-only) what its own position holds.
      const held = holdings.get(owner) ?? 0;
      if (amount <= (held - workingSells) * (1 + 1e-9) + 1e-12) return null;
      return `${owner === 'manual' ? 'you can sell' : `${owner} can sell`} at most ${fmt(Math.max(0, held - workingSells))} ${base} on ${account.id}: ${owner === 'manual' ? 'your' : 'its'} position is ${fmt(held)}${workingSells > 0 ? ` and working sells already take ${fmt(workingSells)}` : ''}`;
    }
    const fits = (quantity: number) => amount <= quantity * (1 + 1e-9) + 1e-12;
    const balanceOf = (balances: readonly Balance[]) => {
      const balance = balances.find((b) => b.currency === base) ?? null;
      return balance && released.length > 0 ? { ...balance, free: Math.min(balance.total, balance.free + unfilled(released)) } : balance;
    };
    let sellable = sellableBy(owner, holdings, workingSells, owner === 'manual' ? balanceOf(await account.balances()) : null);
    if (fits(sellable.quantity)) return null;
    // The private stream's snapshot can predate the trader's own latest fill (Kraken's REST polls are seconds apart): ask the venue before refusing.
    if (owner === 'manual') sellable = sellableBy(owner, holdings, workingSells, balanceOf(await account.port.fetchBalances()));
    if (fits(sellable.quantity)) return null;
    return `${owner === 'manual' ? 'you can sell' : `${owner} can sell`} at most ${fmt(Math.max(0, sellable.quantity))} ${base} on ${account.id}: ${sellable.why}`;
  }
}

/** Only the trader's own resting orders are modified here: a strategy's orders are its strategy's to move. */
function replaceRefusal(order: OrderRecord): string | null {
  if (order.strategy !== null) return `${order.symbol} order ${order.clientOrderId} belongs to ${order.strategy}; its strategy manages it`;
  if (order.reason === PROTECTIVE_REASON) return 'a protective stop follows its position; change the position\'s stop instead';
  if (!['open', 'partially_filled'].includes(order.status)) return `${order.symbol} order is ${order.status.replace('_', ' ')}, not working — nothing to modify`;
  if (order.type === 'market') return 'a market order cannot be modified';
  return null;
}

/** The trader's replacement of `current` (what is left of it unless the amount changes) as a submission. */
function replacementRequest(current: OrderRecord, clientOrderId: string, change: OrderChange): SubmitRequest {
  const intent: OrderIntent = {
    symbol: current.symbol,
    side: current.side,
    type: current.type,
    amount: change.amount ?? Math.max(0, current.amount - current.filled),
    ...(current.type !== 'market' ? { price: change.price ?? current.price ?? undefined } : {}),
    ...(current.stopPrice !== null ? { stopPrice: change.stopPrice ?? current.stopPrice } : {}),
    // The replacement keeps the options it was sent with (a post-only order stays post-only).
    ...(current.postOnly ? { postOnly: true } : {}),
    ...(current.timeInForce !== 'GTC' ? { timeInForce: current.timeInForce } : {}),
    purpose: current.side === 'sell' ? 'exit' : 'enter',
    reason: `manual order (replaces ${clientOrderId})`,
    ...(current.side === 'sell' ? { exitReason: 'manual' as const } : {}),
  };
  return { account: current.venue, owner: 'manual', act: 'trader', intent };
}

/** The replacement as the market's rules see it (its amount: the new one, or what is left of the old one now). */
export function replacementRules(current: OrderRecord, change: OrderChange, mark: number | null): Parameters<typeof checkOrderRules>[1] {
  const price = change.price ?? current.price ?? undefined;
  return {
    symbol: current.symbol,
    type: current.type,
    amount: change.amount ?? Math.max(0, current.amount - current.filled),
    ...(price !== undefined ? { price } : {}),
    ...(current.stopPrice !== null ? { stopPrice: change.stopPrice ?? current.stopPrice } : {}),
    ...(mark !== null ? { referencePrice: mark } : {}),
  };
}

function fieldOf(rule: string): string {
  if (rule.startsWith('price')) return 'price';
  if (rule.startsWith('stop')) return 'stopPrice';
  return 'amount';
}

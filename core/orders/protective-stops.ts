import { TERMINAL_ORDER_STATUSES, type ExchangePort } from '../exchange/port.js';
import type { OrderRecord } from './order-record.js';
import type { OrderPipeline, SubmitOutcome } from './pipeline.js';

/** What a protective stop is journaled as: its orders are kept through an emergency stop unless the trader says otherwise. */
export const PROTECTIVE_REASON = 'protective stop';

/** The stop a position should have resting at its venue now (null: none — closed, or no stop in its plan). */
export interface ProtectiveTarget {
  readonly account: string;
  readonly owner: string;
  readonly symbol: string;
  readonly stop: { readonly price: number; readonly quantity: number; readonly reason: 'stop_loss' | 'trailing_stop' } | null;
}

export interface ProtectiveStopsOptions {
  readonly pipeline: Pick<OrderPipeline, 'submit' | 'cancel'>;
  /** The account's port, and whether it is a live account (paper positions keep their stop in Halyard). */
  readonly account: (id: string) => { readonly live: boolean; readonly port: Pick<ExchangePort, 'capabilities' | 'market' | 'cancelOrder'> } | null;
  /** The journal's working orders of an account (protective stops left from an earlier run are adopted). */
  readonly workingOrders: (account: string) => readonly OrderRecord[];
  readonly halted: () => boolean;
  /** True while the order is still open at the venue (the journal's view: cancelled or filled elsewhere ends it). */
  readonly isOpen: (clientOrderId: string) => boolean;
  /** The journal's record of an order (how an exit ended). */
  readonly order: (clientOrderId: string) => OrderRecord | null;
  /** False when the trader chose to have the emergency stop cancel protective stops too (Risk limits). */
  readonly keptOnHalt?: () => boolean;
  /** Why the account's journal may not match its venue (its reconciliation failed and is retried); null when it does. */
  readonly reconcileProblem?: (account: string) => string | null;
}

/** An exit of the position on its way: the quantity the position had when its stop was released, and the exit's order once sent. */
interface Exiting {
  readonly quantity: number | null;
  readonly clientOrderId: string | null;
}

interface Resting {
  readonly clientOrderId: string;
  readonly price: number;
  readonly quantity: number;
}

/** How far below its trigger a stop's limit sits, so a fast fall still fills it (a stop-limit, not a stop-market). */
const LIMIT_BELOW_STOP = 0.005;
/** A stop is moved only when it changes by more than this share of its price (trailing stops move every bar). */
const MOVE_THRESHOLD = 0.0005;

/**
 * Protective stops resting at the venue: when a live position has a stop (its plan's stop loss, or its
 * trailing stop once armed), a sell stop-limit for the position's quantity rests at the venue too, so
 * the position stays protected if Halyard dies, sleeps or is HALTED. It moves as the stop trails
 * (cancel, then replace — never two live at once), and goes when the position closes. Its orders take
 * the one order road (journaled under the position's owner). Before any other exit of the position is
 * sent, its stop is cancelled (the coins it holds are needed); the next update puts it back for what is
 * left — once the exit has settled: while it is on its way (sent, or filled but not yet booked) the bars
 * still show the old quantity, and a stop placed for it would sell what the exit sells. While HALTED it
 * is neither moved nor replaced — but a stop an exit took away comes back when that exit ends unfilled
 * (the emergency stop cancelled it): the emergency stop keeps positions protected at the venue. Where the venue has no stop orders, or the account
 * is the paper account, the stop is held by Halyard only — and the position row says so, with why.
 */
export class ProtectiveStops {
  private readonly resting = new Map<string, Resting>();
  private readonly problems = new Map<string, string>();
  private readonly busy = new Map<string, Promise<void>>();
  private readonly wanted = new Map<string, ProtectiveTarget>();
  private readonly exiting = new Map<string, Exiting>();

  constructor(private readonly options: ProtectiveStopsOptions) {}

  /** Takes over the protective stops an earlier run left resting on `account` (they kept protecting meanwhile). */
  adopt(account: string): void {
    for (const order of this.options.workingOrders(account)) {
      if (order.reason !== PROTECTIVE_REASON || order.side !== 'sell' || order.stopPrice === null) continue;
      this.resting.set(key(account, order.strategy ?? 'manual', order.symbol), { clientOrderId: order.clientOrderId, price: order.stopPrice, quantity: order.amount - order.filled });
    }
  }

  /** True when the order is a protective stop (kept through an emergency stop by default). */
  isProtective(order: Pick<OrderRecord, 'reason'>): boolean {
    return order.reason === PROTECTIVE_REASON;
  }

  /**
   * What the position row says about its stop; null when it has none. `savedStop` is the stop the position's
   * saved exits hold (its bracket, its configuration's exits): after a restart nothing may have asked for the
   * stop yet, and the row must not read as if the position had none.
   */
  status(account: string, owner: string, symbol: string, savedStop: number | null = null): string | null {
    const k = key(account, owner, symbol);
    const resting = this.restingOpen(k);
    const wanted = this.wanted.get(k)?.stop ?? savedStop;
    if (resting) return `protected at venue (stop ${resting.price})`;
    if (wanted === null) return null;
    // Where no stop ever rests at the venue (the paper account), an exit on its way changes nothing to say.
    const never = this.whyNot(account);
    if (never === null && this.exitWorking(k)) return 'stop held by Halyard only: an exit is on its way — the stop goes back at the venue for whatever it leaves';
    // Known only from the saved exits (nothing asked for it since the restart: its configuration does not run): not "placing".
    const idle = this.wanted.has(k) ? 'placing it at the venue' : 'none at the venue while nothing runs its exits';
    const unreconciled = this.options.reconcileProblem?.(account) ?? null;
    const why = (unreconciled !== null ? `${unreconciled}; the stop goes to the venue once it succeeds` : null) ?? this.problems.get(k) ?? never ?? (this.options.halted() ? 'HALTED — placed at the venue again once re-armed' : idle);
    return `stop held by Halyard only: ${why}`;
  }

  /** The position's stop is now `target.stop`: place, move or remove the stop at the venue to match. */
  want(target: ProtectiveTarget): void {
    const k = key(target.account, target.owner, target.symbol);
    this.wanted.set(k, target);
    if (target.stop === null) this.wanted.delete(k);
    // One change at a time per position: a newer wish is applied once the one in flight is done.
    const previous = this.busy.get(k) ?? Promise.resolve();
    const next = previous.then(() => this.apply(k));
    this.busy.set(k, next);
    void next.finally(() => {
      if (this.busy.get(k) === next) this.busy.delete(k);
    });
  }

  /** Applies every position's stop again (after re-arming: the stops HALTED held back go to the venue now); only `account`'s when given. */
  reapply(account?: string): void {
    for (const target of [...this.wanted.values()]) if (account === undefined || target.account === account) this.want(target);
  }

  /**
   * The journal of `account` matches its venue again (reconciliation done): stops refused meanwhile (every
   * order waits for it) go to the venue now. The stops the journal now knows resting are taken over first,
   * so none is doubled.
   */
  reconciled(account: string): void {
    this.adopt(account);
    this.reapply(account);
  }

  /** Resolves once every change asked for so far has been applied (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.busy.values()]);
  }

  /**
   * Before another exit of the position is sent (a triggered exit, a close from its row, flatten): its
   * stop is cancelled at the venue directly — the caller is already in the account's order queue.
   */
  async release(account: string, owner: string, symbol: string): Promise<void> {
    const k = key(account, owner, symbol);
    this.exiting.set(k, { quantity: this.wanted.get(k)?.stop?.quantity ?? null, clientOrderId: null });
    const resting = this.resting.get(k);
    const venue = this.options.account(account);
    if (!resting || !venue) return;
    const result = await venue.port.cancelOrder(resting.clientOrderId, symbol).catch(() => null);
    if (result && result.outcome !== 'failed') this.resting.delete(k);
  }

  /** The exit that released the position's stop was sent (or refused): a refused one puts the stop back now. */
  exitSent(account: string, owner: string, symbol: string, outcome: SubmitOutcome): void {
    const k = key(account, owner, symbol);
    const exit = this.exiting.get(k);
    if (!exit) return;
    if (outcome.ok) this.exiting.set(k, { ...exit, clientOrderId: outcome.order.clientOrderId });
    else this.exiting.delete(k);
    const target = this.wanted.get(k);
    if (target) this.want(target);
  }

  /** A journaled order changed: an exit that took a position's stop away and ended unfilled puts the stop back. */
  orderChanged(order: Pick<OrderRecord, 'clientOrderId' | 'status' | 'filled'>): void {
    if (!TERMINAL_ORDER_STATUSES.has(order.status) || order.filled > 0) return;
    for (const [k, exit] of this.exiting) {
      const target = this.wanted.get(k);
      if (exit.clientOrderId === order.clientOrderId && target) this.want(target);
    }
  }

  private async apply(k: string): Promise<void> {
    const target = this.wanted.get(k) ?? null;
    const [account, owner, symbol] = k.split('\u0000') as [string, string, string];
    const resting = this.restingOpen(k);
    // HALTED: nothing automatic is sent, the resting stop stays as it is — unless an exit the stop cancelled had taken it away.
    const halted = this.options.halted();
    if (halted && !this.takenByCancelledExit(k, resting)) return;
    if (target === null || target.stop === null) {
      this.exiting.delete(k);
      if (resting) await this.cancel(k, resting);
      return;
    }
    if (this.exitOnItsWay(k, target.stop.quantity)) return;
    const why = this.whyNot(account);
    if (why) {
      this.problems.set(k, why);
      return;
    }
    const { price, quantity, reason } = target.stop;
    if (resting && Math.abs(resting.price - price) <= price * MOVE_THRESHOLD && Math.abs(resting.quantity - quantity) <= quantity * 1e-9) return;
    // Never two live at once: the old stop must be gone before the new one is sent.
    if (resting && !(await this.cancel(k, resting))) return;
    const submission = this.options.pipeline.submit({
      account,
      owner,
      // While HALTED only the trader's own risk-reducing acts pass: this one carries out their emergency stop's promise to keep stops.
      act: halted ? 'trader' : 'automatic',
      intent: { symbol, side: 'sell', type: 'stop_limit', amount: quantity, price: price * (1 - LIMIT_BELOW_STOP), stopPrice: price, purpose: 'exit', reason: PROTECTIVE_REASON, exitReason: reason },
    });
    const outcome = await submission.done;
    if (outcome.ok) {
      this.resting.set(k, { clientOrderId: outcome.order.clientOrderId, price: outcome.order.stopPrice ?? price, quantity: outcome.order.amount });
      this.problems.delete(k);
    } else {
      this.problems.set(k, `the venue's stop was refused: ${outcome.message}`);
    }
  }

  /** True when no stop rests for `k` because an exit released it and that exit ended unfilled (HALTED may restore it). */
  private takenByCancelledExit(k: string, resting: Resting | null): boolean {
    const exit = this.exiting.get(k);
    if (resting || !exit || exit.clientOrderId === null || this.options.keptOnHalt?.() === false) return false;
    return !this.exitWorking(k);
  }

  /**
   * True while an exit of the position is on its way and the position still shows the quantity it had
   * before: the next change of quantity (the exit's fill booked), or the exit ending unfilled, ends it.
   */
  private exitOnItsWay(k: string, quantity: number): boolean {
    const exit = this.exiting.get(k);
    if (!exit) return false;
    if (exit.quantity === null || Math.abs(exit.quantity - quantity) > quantity * 1e-9 || !this.exitWorking(k)) {
      this.exiting.delete(k);
      return false;
    }
    return true;
  }

  /** True while the exit that released the stop may still sell (not sent yet, working, or filled): one that ended unfilled (cancelled by an emergency stop) is not on its way. */
  private exitWorking(k: string): boolean {
    const exit = this.exiting.get(k);
    if (!exit) return false;
    const order = exit.clientOrderId !== null ? this.options.order(exit.clientOrderId) : null;
    return !(order !== null && TERMINAL_ORDER_STATUSES.has(order.status) && order.filled === 0);
  }

  /** The stop resting for `k`, forgotten once it is no longer open (cancelled by an emergency stop, filled). */
  private restingOpen(k: string): Resting | null {
    const resting = this.resting.get(k) ?? null;
    if (resting && !this.options.isOpen(resting.clientOrderId)) {
      this.resting.delete(k);
      return null;
    }
    return resting;
  }

  private async cancel(k: string, resting: Resting): Promise<boolean> {
    const result = await this.options.pipeline.cancel(resting.clientOrderId);
    if (!result.ok && !/no order|already/.test(result.message)) {
      this.problems.set(k, `the old stop could not be cancelled: ${result.message}`);
      return false;
    }
    this.resting.delete(k);
    return true;
  }

  private whyNot(account: string): string | null {
    const venue = this.options.account(account);
    if (!venue) return 'the account is not connected';
    if (!venue.live) return 'the paper account';
    if (!venue.port.capabilities.stopOrders) return 'this venue takes no stop orders through Halyard';
    return null;
  }
}

function key(account: string, owner: string, symbol: string): string {
  return `${account}\u0000${owner}\u0000${symbol}`;
}

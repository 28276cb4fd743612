import type { HaltState } from './halt-state.js';
import type { FlattenReport, StopOrderResult, StopReport } from './reports.js';
import type { CancelResult, ExchangeOrder, ExchangePort } from '../exchange/port.js';
import type { HaltSwitch } from './halt.js';

/**
 * The emergency stop, in this order:
 *  1. HALTED is persisted and every send path sees it — synchronously, in the caller's turn, before
 *     any await (the order pipeline and the journaled port check it right before each send);
 *  2. the audit log records who/what triggered it (the composition root audits every HaltSwitch change),
 *     as soon as the cancels of step 3 are written — no synchronous work stands between trigger and sends;
 *  3. every order the journal knows is working is cancelled at once — all accounts, all orders in
 *     parallel, by the venue's order id where known (no lookup), in the rate budget's cancel lane (no
 *     waiting behind other requests); then each venue's open orders are listed and whatever is left
 *     (orders Halyard never tracked, or one placed meanwhile) is cancelled too, by exchange order id when
 *     it has no client id; failed cancels are retried, and the venue is asked again to verify (unless
 *     that listing already showed nothing open and no cancel failed: then it was the verification);
 *  4. the per-order outcome (cancelled / already filled / already closed / failed) is reported, audited
 *     and announced. Flatten is a separate, explicitly confirmed action (core/orders/flatten.ts).
 */

/** An order the journal holds as working on an account. */
export interface KnownOrder {
  readonly clientOrderId: string;
  readonly exchangeOrderId: string | null;
  readonly symbol: string;
  /** Why the journal holds it (the keep rule reads it here rather than asking the journal again before the sends). */
  readonly reason?: string | null;
}

export interface StopAccount {
  /** Journal venue key (`paper`, `binance:main`, …). */
  readonly id: string;
  readonly label: string;
  readonly mode: 'paper' | 'live';
  readonly port: ExchangePort;
  /** The orders the journal holds as working on it: cancelled first, without asking the venue. */
  readonly working?: () => readonly KnownOrder[];
  /** Orders the stop keeps (protective stops at the venue, unless the trader said to cancel them too). */
  readonly keep?: (order: { readonly clientOrderId: string; readonly reason?: string | null }) => boolean;
}

/** The hash-chained audit log (core/store AuditLog fits). */
export interface AuditSink {
  append(entry: { readonly category: 'emergency_stop' | 'risk' | 'settings'; readonly action: string; readonly source: string; readonly detail: Readonly<Record<string, unknown>> }): unknown;
}

export interface Notification {
  readonly title: string;
  readonly body: string;
  readonly level: 'info' | 'warning' | 'critical';
}

/** What an order was, as the stop report lists it. */
export interface StoppedOrderFacts {
  readonly side: 'buy' | 'sell';
  readonly amount: number;
  readonly price: number | null;
  readonly source: string;
}

export interface EmergencyStopOptions {
  readonly halt: HaltSwitch;
  /** An order Halyard placed (the journal), by client id; null for one it never tracked. */
  readonly describeOrder?: (account: string, clientOrderId: string) => StoppedOrderFacts | null;
  readonly accounts: () => readonly StopAccount[];
  readonly audit?: AuditSink;
  /** Also audit the halt and re-arm themselves (off when the composition root already audits every HaltSwitch change). */
  readonly auditHaltChanges?: boolean;
  readonly notify?: (notification: Notification) => void;
  readonly onReport?: (report: StopReport) => void;
  /** A stop was triggered (called with the halt's audit entry, once the cancels are on the wire). */
  readonly onHalted?: (source: string, reason: string) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Runs bookkeeping once the first cancels have been written (default: the event loop's next check phase). */
  readonly afterSends?: (work: () => void) => void;
  /** Cancel attempts per order (first try included) and the pause before each retry; default 3 × 250 ms. */
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
}

export class EmergencyStop {
  private report: StopReport | null = null;
  private seq = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly afterSends: (work: () => void) => void;

  constructor(private readonly options: EmergencyStopOptions) {
    this.now = options.now ?? Date.now;
    this.afterSends = options.afterSends ?? ((work) => void setImmediate(work));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get lastReport(): StopReport | null {
    return this.report;
  }

  /**
   * Halts now (synchronously) and starts cancelling. `halt` is the persisted state as of this turn;
   * `done` resolves with the per-order report. Pressing it again while halted cancels again.
   */
  trigger(source: string, reason: string): { readonly halt: HaltState; readonly done: Promise<StopReport> } {
    const { state: halt, commit } = this.options.halt.haltBeforeListeners(source, reason);
    const haltedAt = this.now();
    const report: StopReport = { id: ++this.seq, source, reason, haltedAt, finishedAt: null, accounts: [], orders: [], remainingOpen: 0, flatten: null };
    this.report = report;
    const cancelled = this.cancelEverywhere(report);
    // HALTED is written to disk, the audit entry made and the status pushed to the UI once the cancels
    // have left (nothing synchronous between the trigger and the sends), always before the cancel results.
    const recorded = new Promise<void>((resolve, reject) =>
      this.afterSends(() => {
        try {
          commit();
          this.options.onHalted?.(source, reason);
          if (this.options.auditHaltChanges) this.options.audit?.append({ category: 'emergency_stop', action: 'halt', source, detail: { reason, haltedAt } });
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    const done = Promise.all([cancelled, recorded]).then(() => this.finish(report));
    return { halt, done };
  }

  /** Retries the cancels that failed in the last stop, and anything the venues still list as open. */
  async retryFailed(): Promise<StopReport | null> {
    const report = this.report;
    if (report === null) return null;
    report.orders = report.orders.filter((order) => order.outcome !== 'failed');
    report.accounts = [];
    report.remainingOpen = 0;
    report.finishedAt = null;
    await this.cancelEverywhere(report);
    return this.finish(report);
  }

  /** Attaches a flatten result to the last stop report (flatten runs after a stop). */
  attachFlatten(flatten: FlattenReport): void {
    if (this.report) {
      this.report.flatten = flatten;
      this.options.onReport?.(this.report);
    }
  }

  rearm(source: string, resumes: Readonly<Record<string, unknown>>): HaltState {
    const before = this.options.halt.current;
    const state = this.options.halt.rearm();
    if (before.halted) {
      if (this.options.auditHaltChanges) this.options.audit?.append({ category: 'emergency_stop', action: 'rearm', source, detail: { haltedSince: before.since, haltReason: before.reason } });
      this.options.audit?.append({ category: 'emergency_stop', action: 'resume', source, detail: { resumes } });
      this.options.notify?.({ title: 'Halyard re-armed', body: 'Trading is armed again; strategies resume.', level: 'info' });
    }
    return state;
  }

  private async cancelEverywhere(report: StopReport): Promise<void> {
    // Venue accounts first: their cancels cross a network, the paper account's do not.
    const accounts = [...this.options.accounts()].sort((a, b) => Number(a.mode === 'paper') - Number(b.mode === 'paper'));
    await Promise.all(accounts.map((account) => this.cancelAccount(account, report)));
  }

  private async cancelAccount(account: StopAccount, report: StopReport): Promise<void> {
    const { port } = account;
    const entry = { account: account.id, label: account.label, method: 'per_order' as const, error: null as string | null } satisfies StopReport['accounts'][number];
    report.accounts.push(entry);
    const results: StopOrderResult[] = [];
    // Every order the journal knows, at once: no listing first, no waiting behind other requests.
    const keep = (order: { readonly clientOrderId: string; readonly reason?: string | null }) => order.clientOrderId !== '' && account.keep?.(order) === true;
    const known = account.working?.() ?? [];
    results.push(...(await Promise.all(known.filter((order) => !keep(order)).map(async (order) => this.described(toResult(account, await safeCancel(port, order.clientOrderId, order.symbol, order.exchangeOrderId), 1))))));
    // Kept at the venue (protective stops): listed in the report as such.
    for (const order of known.filter(keep)) {
      results.push(this.described({ account: account.id, symbol: order.symbol, side: null, amount: null, price: null, source: 'untracked', clientOrderId: order.clientOrderId, exchangeOrderId: order.exchangeOrderId, outcome: 'kept', attempts: 0, error: null }));
    }
    // Then whatever else the venue lists: orders Halyard never tracked, or placed while this ran.
    let nothingListed = false;
    try {
      const open = (await port.fetchOpenOrders()).filter((order) => !keep(order));
      // (A known order whose cancel failed is left to the retries below.)
      const rest = open.filter((order) => findResult(results, order) === undefined);
      results.push(...(await Promise.all(rest.map((order) => this.cancelOne(account, order, 1)))));
      nothingListed = open.length === 0;
    } catch (error) {
      entry.error = messageOf(error);
    }
    // Retry what failed, in parallel, with a pause (cancels are idempotent, unlike order placement).
    const attempts = this.options.retry?.attempts ?? 3;
    for (let attempt = 2; attempt <= attempts && results.some(retryable); attempt++) {
      await this.sleep(this.options.retry?.delayMs ?? 250);
      await Promise.all(
        results.map(async (result, index) => {
          if (!retryable(result)) return;
          const again = await safeCancel(port, result.clientOrderId ?? '', result.symbol, result.exchangeOrderId);
          results[index] = toResult(account, again, attempt, result);
        }),
      );
    }
    // The listing after the cancels showed nothing open and nothing failed: that was the verification (on
    // venues with a call counter, such as Kraken's, a second listing would cost the trader seconds).
    if (nothingListed && !results.some((result) => result.outcome === 'failed')) {
      report.orders.push(...results);
      return;
    }
    // Verify with the venue; whatever is still open gets its own cancel (and retries) now.
    try {
      let left = (await port.fetchOpenOrders()).filter((order) => !keep(order));
      if (left.length > 0) {
        const retried = await Promise.all(left.map((order) => this.cancelOne(account, order, (findResult(results, order)?.attempts ?? 0) + 1)));
        for (const result of retried) upsert(results, result);
        left = (await port.fetchOpenOrders()).filter((order) => !keep(order));
      }
      report.remainingOpen += left.length;
      for (const order of left) {
        const known = findResult(results, order);
        if (known && known.outcome !== 'failed') upsert(results, { ...known, outcome: 'failed', error: 'still open at the venue after the stop' });
      }
    } catch (error) {
      entry.error ??= `could not verify: ${messageOf(error)}`;
    }
    report.orders.push(...results);
  }

  private async cancelOne(account: StopAccount, order: ExchangeOrder, attempt: number): Promise<StopOrderResult> {
    // The venue's own view of the order says what it was, even for one Halyard never placed.
    const facts = { side: order.side, amount: order.amount, price: order.price ?? order.stopPrice, source: 'untracked' };
    if (!order.clientOrderId && !order.exchangeOrderId) {
      return { account: account.id, symbol: order.symbol, ...facts, clientOrderId: null, exchangeOrderId: null, outcome: 'failed', attempts: attempt, error: 'the venue gave no order id to cancel by' };
    }
    // An order placed at the venue itself has no client id of ours: cancelled by the venue's order id.
    const result = toResult(account, await safeCancel(account.port, order.clientOrderId, order.symbol, order.exchangeOrderId), attempt);
    return this.described({ ...result, ...facts });
  }

  /** Side, amount, price and source from the journal for an order Halyard placed. */
  private described(result: StopOrderResult): StopOrderResult {
    const known = result.clientOrderId ? this.options.describeOrder?.(result.account, result.clientOrderId) : null;
    return known ? { ...result, ...known } : result;
  }

  private finish(report: StopReport): StopReport {
    report.finishedAt = this.now();
    const count = (outcome: StopOrderResult['outcome']) => report.orders.filter((order) => order.outcome === outcome).length;
    const summary = { canceled: count('canceled'), alreadyFilled: count('already_filled'), alreadyClosed: count('already_closed'), failed: count('failed'), kept: count('kept'), remainingOpen: report.remainingOpen };
    this.options.audit?.append({ category: 'emergency_stop', action: 'cancel_results', source: report.source, detail: { stop: report.id, ...summary, accounts: report.accounts } });
    const trouble = summary.failed > 0 || report.remainingOpen > 0 || report.accounts.some((a) => a.error !== null);
    this.options.notify?.({
      title: 'Emergency stop: HALTED',
      body: `${summary.canceled} order${summary.canceled === 1 ? '' : 's'} cancelled, ${summary.alreadyFilled} already filled${summary.kept > 0 ? `, ${summary.kept} protective stop${summary.kept === 1 ? '' : 's'} kept at the venue` : ''}${summary.failed > 0 ? `, ${summary.failed} FAILED — retry from the risk panel` : ''}${report.remainingOpen > 0 ? `; ${report.remainingOpen} still open` : ''}.`,
      level: trouble ? 'critical' : 'warning',
    });
    this.options.onReport?.(report);
    return report;
  }
}

function retryable(result: StopOrderResult): boolean {
  return result.outcome === 'failed' && (result.clientOrderId !== null || result.exchangeOrderId !== null);
}

async function safeCancel(port: ExchangePort, clientOrderId: string, symbol: string, exchangeOrderId: string | null = null): Promise<CancelResult> {
  try {
    return await port.cancelOrder(clientOrderId, symbol, exchangeOrderId);
  } catch (error) {
    return { clientOrderId, exchangeOrderId: null, symbol, outcome: 'failed', error: messageOf(error) };
  }
}

function toResult(account: StopAccount, result: CancelResult, attempts: number, previous?: StopOrderResult): StopOrderResult {
  return {
    account: account.id,
    symbol: result.symbol,
    side: previous?.side ?? null,
    amount: previous?.amount ?? null,
    price: previous?.price ?? null,
    source: previous?.source ?? 'untracked',
    clientOrderId: result.clientOrderId ?? previous?.clientOrderId ?? null,
    exchangeOrderId: result.exchangeOrderId ?? previous?.exchangeOrderId ?? null,
    outcome: result.outcome,
    attempts,
    error: result.outcome === 'failed' ? (result.error ?? 'cancel failed') : null,
  };
}

function sameOrder(result: Pick<StopOrderResult, 'clientOrderId' | 'exchangeOrderId'>, order: Pick<StopOrderResult, 'clientOrderId' | 'exchangeOrderId'>): boolean {
  return (result.exchangeOrderId !== null && result.exchangeOrderId === order.exchangeOrderId) || (result.clientOrderId !== null && result.clientOrderId === order.clientOrderId);
}

function findResult(results: readonly StopOrderResult[], order: ExchangeOrder): StopOrderResult | undefined {
  return results.find((result) => sameOrder(result, { clientOrderId: order.clientOrderId || null, exchangeOrderId: order.exchangeOrderId }));
}

function upsert(results: StopOrderResult[], result: StopOrderResult): void {
  const index = results.findIndex((existing) => sameOrder(existing, result));
  if (index >= 0) results[index] = result;
  else results.push(result);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

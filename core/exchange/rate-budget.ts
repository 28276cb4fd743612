import { AsyncLocalStorage } from 'node:async_hooks';
/**
 * One request-weight budget per exchange account, shared by every strategy, the UI and every
 * ccxt instance (REST and websocket) of that account. It replaces ccxt's per-instance throttler
 * but uses ccxt's own per-endpoint costs, so "respecting ccxt's rate limiter" still holds while
 * a second strategy on the same account can no longer double the request rate.
 *
 * Leaky bucket like ccxt's: a request may go when the level is ≥ 0 and then spends its cost,
 * possibly driving the level negative; the level refills at `refillPerMs`. A Retry-After from
 * the venue pauses everyone on the account, not just the caller that saw it.
 */
export interface RateBudgetOptions {
  /** Cost units regained per millisecond (ccxt: 1 / rateLimit). */
  readonly refillPerMs: number;
  /** Largest burst, in cost units. */
  readonly capacity?: number;
  /** Cost units background reads leave for the trader's own requests (they wait while the level is below it). */
  readonly reserve?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RateBudgetStats {
  readonly requests: number;
  readonly spent: number;
  /** Total milliseconds callers were asked to wait (throttling + pauses). */
  readonly waitedMs: number;
  readonly pausedUntil: number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const lane = new AsyncLocalStorage<'cancel' | 'background'>();

/**
 * Runs `work` as background upkeep (the account stream's polling): its requests yield to the trader's —
 * they wait while any other request of the account waits for budget, and leave `reserve` units unspent,
 * so a polling loop never makes a cancel, an order or the emergency stop's checks wait behind it.
 */
export function inBackgroundLane<T>(work: () => Promise<T>): Promise<T> {
  return lane.run('background', work);
}

/**
 * Runs `work` with every request it makes in the cancel lane: cancels reduce risk, so they never wait
 * behind other requests in an account's queue (the emergency stop's cancels go out at once). The lane
 * has its own allowance — a burst of `CANCEL_BURST` cost units, refilled at the venue's rate — far below
 * what venues allow per minute, and it honours a Retry-After pause like everything else.
 */
export function inCancelLane<T>(work: () => Promise<T>): Promise<T> {
  return lane.run('cancel', work);
}

/** True inside `inCancelLane` (the transport sends such requests on connections opened ahead). */
export function inCancelLaneNow(): boolean {
  return lane.getStore() === 'cancel';
}

/** How often background upkeep looks again while trader requests wait. */
const BACKGROUND_RECHECK_MS = 100;

/** Cost units of cancels that may go out at once before the cancel lane waits for refill. */
export const CANCEL_BURST = 100;

export class RateBudget {
  private level: number;
  private lastRefill: number;
  private cancelLevel = CANCEL_BURST;
  private cancelRefill: number;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private backgroundQueue: Promise<void> = Promise.resolve();
  /** Requests of the trader (anything not in the background lane) waiting for budget now. */
  private foregroundWaiting = 0;
  private readonly reserve: number;
  private requests = 0;
  private spent = 0;
  private waitedMs = 0;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RateBudgetOptions) {
    if (!(options.refillPerMs > 0)) throw new Error('refillPerMs must be positive');
    this.capacity = options.capacity ?? 1;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.reserve = options.reserve ?? 0;
    this.level = this.capacity;
    this.lastRefill = this.now();
    this.cancelRefill = this.lastRefill;
  }

  /** Waits (FIFO) until `cost` may be spent, then spends it; inside `inCancelLane`, from the cancel lane's own allowance. */
  acquire(cost = 1): Promise<void> {
    // Nothing to spend — a venue's trading calls that its REST counter does not charge (Kraken's AddOrder and
    // CancelOrder, cost 0 in ccxt): they never queue behind counted reads; only a pause holds them.
    if (cost <= 0) return this.untilUnpaused();
    const which = lane.getStore();
    if (which === 'cancel') return this.takeCancel(cost);
    if (which === 'background') {
      const turn = this.backgroundQueue.then(() => this.takeBackground(cost));
      this.backgroundQueue = turn.catch(() => undefined);
      return turn;
    }
    this.foregroundWaiting += 1;
    const turn = this.queue.then(() => this.take(cost)).finally(() => (this.foregroundWaiting -= 1));
    // A failed sleep must not wedge the queue for everyone else.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private untilUnpaused(): Promise<void> {
    const now = this.now();
    if (now >= this.pausedUntil) return Promise.resolve();
    return this.wait(this.pausedUntil - now).then(() => this.untilUnpaused());
  }

  /** Holds every caller on this account until `ms` from now (Retry-After, 418 bans). */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  stats(): RateBudgetStats {
    return { requests: this.requests, spent: this.spent, waitedMs: this.waitedMs, pausedUntil: this.pausedUntil };
  }

  /** The trader's requests: may go while the level is ≥ 0. */
  private take(cost: number): Promise<void> {
    return this.spendWhen(cost, 0, 0, () => true);
  }

  /** Background upkeep: only while no trader request waits, and never below the reserve. */
  private takeBackground(cost: number): Promise<void> {
    // With a reserve, what is left after this request must still cover it.
    return this.spendWhen(cost, this.reserve, this.reserve > 0 ? cost : 0, () => this.foregroundWaiting === 0);
  }

  /** Spends `cost` once no pause holds, the level is at least `floor + ahead` and `allowed()` — waiting for refill meanwhile. */
  private async spendWhen(cost: number, floor: number, ahead: number, allowed: () => boolean): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.wait(this.pausedUntil - now);
        continue;
      }
      this.refill(now);
      const free = allowed();
      if (free && this.level >= floor + ahead) {
        this.level -= cost;
        this.requests += 1;
        this.spent += cost;
        return;
      }
      await this.wait(free ? Math.ceil((floor + ahead - this.level) / this.options.refillPerMs) : BACKGROUND_RECHECK_MS);
    }
  }

  /**
   * Spends `cost` from the cancel lane's allowance now if it may go now (no pause, allowance left) — the
   * emergency stop's cancels, written in the caller's turn — and says whether it did.
   */
  spendCancelNow(cost: number): boolean {
    const now = this.now();
    this.cancelLevel = Math.min(CANCEL_BURST, this.cancelLevel + Math.max(0, now - this.cancelRefill) * this.options.refillPerMs);
    this.cancelRefill = now;
    if (now < this.pausedUntil || this.cancelLevel < 0) return false;
    this.cancelLevel -= cost;
    this.requests += 1;
    this.spent += cost;
    return true;
  }

  /** The cancel lane: no queue; spends at once while its allowance lasts. */
  private takeCancel(cost: number): Promise<void> {
    if (this.spendCancelNow(cost)) return Promise.resolve();
    const now = this.now();
    const waitMs = now < this.pausedUntil ? this.pausedUntil - now : Math.ceil(-this.cancelLevel / this.options.refillPerMs);
    return this.wait(waitMs).then(() => this.takeCancel(cost));
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.lastRefill);
    this.level = Math.min(this.capacity, this.level + elapsed * this.options.refillPerMs);
    this.lastRefill = now;
  }

  private async wait(ms: number): Promise<void> {
    const step = Math.max(1, ms);
    this.waitedMs += step;
    await this.sleep(step);
  }
}

/** Budgets keyed by account, so every user of an account gets the same one. */
export class RateBudgets {
  private readonly budgets = new Map<string, RateBudget>();

  forAccount(accountKey: string, create: () => RateBudget): RateBudget {
    let budget = this.budgets.get(accountKey);
    if (!budget) {
      budget = create();
      this.budgets.set(accountKey, budget);
    }
    return budget;
  }
}

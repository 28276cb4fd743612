import type { ExchangePort } from '../exchange/port.js';

/**
 * A dead-man switch for live accounts: where the venue has a cancel-all-after timer (ccxt
 * `cancelAllOrdersAfter`: kraken, okx, bybit, …), keep it armed while trading, so the venue cancels
 * every open order if Halyard dies, hangs or loses its connection. The heartbeat re-arms it at a
 * quarter of the timeout (a missed beat or two still leaves time); `stop` disarms it (timeout 0).
 * The timer cancels every order, a position's protective stop too: while one rests it is held off.
 */

/** The adapter method this needs (ccxt `cancelAllOrdersAfter(timeout)`), when the venue has it. */
export interface CancelAllAfter {
  cancelAllOrdersAfter(timeoutMs: number): Promise<void>;
}

export function supportsCancelAllAfter(port: ExchangePort): port is ExchangePort & CancelAllAfter {
  return port.capabilities.cancelAllAfter && typeof (port as Partial<CancelAllAfter>).cancelAllOrdersAfter === 'function';
}

export interface DeadManOptions {
  readonly port: ExchangePort;
  /** Orders die this long after the last heartbeat; default 60 s. */
  readonly timeoutMs?: number;
  readonly onProblem?: (message: string) => void;
  /**
   * Why the timer must stay off now, or null. The venue's timer cancels every order, so while an order
   * that must outlive Halyard rests (a position's protective stop) it is switched off (timeout 0).
   */
  readonly holdOff?: () => string | null;
  readonly setInterval?: (callback: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

export class DeadManSwitch {
  private handle: unknown = null;
  private failures = 0;
  /** Why the venue's timer is off while the switch runs (the last beat sent 0), or null when it is armed. */
  private held: string | null = null;

  constructor(private readonly options: DeadManOptions) {}

  get timeoutMs(): number {
    return this.options.timeoutMs ?? 60_000;
  }

  /** True while the venue's timer is set: running, and not held off. */
  get armed(): boolean {
    return this.handle !== null && this.held === null;
  }

  /** Why the timer is held off while the switch runs, or null. */
  get heldOff(): string | null {
    return this.handle !== null ? this.held : null;
  }

  /** Heartbeats failed in a row (0 while the venue keeps accepting them). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Arms the timer and starts the heartbeat; false when the venue has no such timer. */
  async start(): Promise<boolean> {
    const { port } = this.options;
    if (!supportsCancelAllAfter(port)) return false;
    await this.set(port);
    this.failures = 0;
    const every = Math.max(1_000, Math.floor(this.timeoutMs / 4));
    const schedule = this.options.setInterval ?? ((callback: () => void, ms: number) => setInterval(callback, ms).unref());
    this.handle = schedule(() => void this.beat(port), every);
    return true;
  }

  async stop(): Promise<void> {
    if (this.handle === null) return;
    (this.options.clearInterval ?? ((handle: unknown) => clearInterval(handle as NodeJS.Timeout)))(this.handle);
    this.handle = null;
    this.held = null;
    const { port } = this.options;
    if (supportsCancelAllAfter(port)) await port.cancelAllOrdersAfter(0);
  }

  /** Beats at once when the hold-off changed (a protective stop was placed or went), not a quarter-timeout later. */
  refresh(): void {
    const { port } = this.options;
    if (this.handle === null || !supportsCancelAllAfter(port)) return;
    const holdWanted = (this.options.holdOff?.() ?? null) !== null;
    if (holdWanted === (this.held !== null)) return;
    void this.beat(port);
  }

  private async set(port: ExchangePort & CancelAllAfter): Promise<void> {
    const reason = this.options.holdOff?.() ?? null;
    await port.cancelAllOrdersAfter(reason === null ? this.timeoutMs : 0);
    this.held = reason;
  }

  private async beat(port: ExchangePort & CancelAllAfter): Promise<void> {
    try {
      await this.set(port);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.options.onProblem?.(`${port.id}: cancel-all-after heartbeat failed ${this.failures} time(s): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

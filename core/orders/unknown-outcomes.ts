import { isExchangeError } from '../exchange/errors.js';
import type { ExchangePort } from '../exchange/port.js';
import type { OrderJournal } from './journal.js';

/** Every how often orders of unknown outcome are asked about again (Binance weighs a lookup at 4 of 6,000 a minute). */
export const UNKNOWN_RECHECK_MS = 30_000;
/** How long the venue may not know an order before it is closed as never placed (its late word still reopens it). */
export const UNKNOWN_GIVE_UP_MS = 5 * 60_000;

export interface UnknownOutcomesOptions {
  readonly journal: Pick<OrderJournal, 'live' | 'apply' | 'mark'>;
  /** The connected accounts (the paper account needs none: its answers are never lost). */
  readonly accounts: () => readonly { readonly id: string; readonly label: string; readonly mode: 'paper' | 'live'; readonly port: Pick<ExchangePort, 'fetchOrderByClientId'> }[];
  readonly now: () => number;
  readonly giveUpAfterMs?: number;
}

/**
 * Settles orders whose placement outcome is unknown (a 5xx, a timeout, lookups that found nothing) without a
 * restart or a manual reconcile: each is looked up at its venue by client id on a schedule. Found, it takes
 * the venue's state (open, filled, rejected…); not found for `giveUpAfterMs` of re-checks, it is closed as
 * never placed, saying so. Never resent. A rate limit ends that account's round (the next one comes later).
 */
export class UnknownOutcomes {
  /** When each order was first not found at its venue. */
  private readonly missingSince = new Map<string, number>();
  private running: Promise<void> | null = null;

  constructor(private readonly options: UnknownOutcomesOptions) {}

  /** One round over every live account; overlapping calls share the round in progress. */
  checkNow(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  /** Re-checks every `intervalMs` until the returned function is called. */
  start(intervalMs = UNKNOWN_RECHECK_MS): () => void {
    const timer = setInterval(() => void this.checkNow().catch(() => undefined), intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private async round(): Promise<void> {
    for (const account of this.options.accounts()) {
      if (account.mode !== 'live') continue;
      for (const record of this.options.journal.live(account.id)) {
        if (record.status !== 'unknown' || isInFlight(account.port, record.clientOrderId)) continue;
        const found = await account.port.fetchOrderByClientId(record.clientOrderId, record.symbol).then(
          (order) => ({ order }),
          (error: unknown) => ({ error }),
        );
        if ('error' in found) {
          if (isExchangeError(found.error) && found.error.kind === 'rate_limited') break;
          continue;
        }
        if (found.order) {
          this.missingSince.delete(record.clientOrderId);
          this.options.journal.apply(account.id, { ...found.order, clientOrderId: record.clientOrderId });
          continue;
        }
        const since = this.missingSince.get(record.clientOrderId) ?? this.options.now();
        this.missingSince.set(record.clientOrderId, since);
        const giveUp = this.options.giveUpAfterMs ?? UNKNOWN_GIVE_UP_MS;
        if (this.options.now() - since < giveUp) continue;
        this.missingSince.delete(record.clientOrderId);
        this.options.journal.mark(record.clientOrderId, 'rejected', `not found at ${account.label} in ${Math.round(giveUp / 60_000)} min of re-checks: it was never placed`);
      }
    }
  }
}

function isInFlight(port: object, clientOrderId: string): boolean {
  const journaled = port as { isInFlight?: (id: string) => boolean };
  return typeof journaled.isInFlight === 'function' && journaled.isInFlight(clientOrderId);
}

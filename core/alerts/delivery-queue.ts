import type { Clock } from './clock.js';
import { levelRank, type AlertLevel } from './model.js';

/**
 * What one attempt to hand a message to a service came to. Adapters translate HTTP answers into
 * these at the edge; the queue decides what happens next.
 */
export type SendOutcome =
  /** Delivered. `pauseMs`: the service said its bucket is empty, wait that long before the next one. */
  | { readonly ok: true; readonly pauseMs?: number }
  /** 429: try again after `retryAfterMs` (the service's `retry_after` / `Retry-After`). */
  | { readonly ok: false; readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly detail: string }
  /** 5xx, a timeout, a lost connection: try again with back-off. */
  | { readonly ok: false; readonly kind: 'temporary'; readonly detail: string; readonly retryAfterMs?: number }
  /** The service refused the message for good (bad token, unknown chat, deleted webhook). */
  | { readonly ok: false; readonly kind: 'permanent'; readonly detail: string };

/** What an adapter sends: the final text, and the kind and level some services mark it with. */
export interface OutgoingMessage {
  readonly kind: string;
  readonly level: AlertLevel;
  readonly text: string;
  /** The same on every attempt of one message, so a receiver can tell a retry from a new alert (the signed webhook sends it). */
  readonly messageId?: string;
}

export interface QueuedMessage extends OutgoingMessage {
  /** The delivery log entry this message updates. */
  readonly deliveryId: number;
  readonly messageId: string;
  attempts: number;
}

export type DeliveryStatus = 'queued' | 'sent' | 'retrying' | 'failed' | 'dropped';

export interface DeliveryQueueOptions {
  readonly send: (message: OutgoingMessage, signal: AbortSignal) => Promise<SendOutcome>;
  /** The service's published pace for this destination (e.g. Telegram 1 message/s per chat, Slack 1/s per webhook). */
  readonly minIntervalMs: number;
  /** Most messages waiting at once; beyond it the oldest of the lowest level is dropped. */
  readonly capacity: number;
  /** Attempts for temporary failures (429s never use one up: a storm delays, it does not lose messages). */
  readonly maxAttempts: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly clock: Clock;
  /** Every change of a message's fate, for the delivery log. */
  readonly onStatus: (message: QueuedMessage, status: DeliveryStatus, detail: string | null) => void;
}

/**
 * One channel destination's outbox: strictly in order, one request in flight, paced to the service's
 * published limit, retried with back-off on 429/5xx (honouring the wait the service asks for), and
 * bounded — when it overflows the oldest message of the lowest level goes first and the next message
 * that is sent says how many were dropped. Everything happens on timers, never in the caller's turn,
 * so enqueueing costs the order path nothing and a dead service only ever delays its own messages.
 */
export class DeliveryQueue {
  private readonly waiting: QueuedMessage[] = [];
  private nextAt = 0;
  private inFlight = false;
  private cancelTimer: (() => void) | null = null;
  private dropped = 0;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: DeliveryQueueOptions) {}

  get backlog(): number {
    return this.waiting.length;
  }

  enqueue(message: QueuedMessage): void {
    if (this.closed) {
      this.options.onStatus(message, 'failed', 'not sent: alerts were shut down');
      return;
    }
    this.waiting.push(message);
    this.options.onStatus(message, 'queued', null);
    if (this.waiting.length > this.options.capacity) this.dropOne();
    this.schedule();
  }

  /** Stops sending; what is still waiting is marked failed with `why` (it would be stale by the next start). */
  close(why = 'Halyard was shut down'): void {
    for (const message of this.handOver()) this.options.onStatus(message, 'failed', `not sent: ${why}`);
  }

  /** Stops sending and gives back what was still waiting, oldest first (the one in flight too), for another queue to send. */
  handOver(): QueuedMessage[] {
    this.closed = true;
    this.abort.abort();
    this.cancelTimer?.();
    this.cancelTimer = null;
    return this.waiting.splice(0);
  }

  private dropOne(): void {
    // The message being sent stays: it is the head, and dropping it mid-request would double-report it.
    const from = this.inFlight ? 1 : 0;
    let victim = from;
    for (let i = from + 1; i < this.waiting.length; i++) {
      if (levelRank(this.waiting[i]!.level) < levelRank(this.waiting[victim]!.level)) victim = i;
    }
    const [removed] = this.waiting.splice(victim, 1);
    if (!removed) return;
    this.dropped++;
    this.options.onStatus(removed, 'dropped', `dropped: more than ${this.options.capacity} alerts were waiting for this channel`);
  }

  private schedule(): void {
    if (this.closed || this.inFlight || this.cancelTimer || this.waiting.length === 0) return;
    const wait = Math.max(0, this.nextAt - this.options.clock.now());
    this.cancelTimer = this.options.clock.setTimer(() => {
      this.cancelTimer = null;
      void this.sendHead();
    }, wait);
  }

  private async sendHead(): Promise<void> {
    const message = this.waiting[0];
    if (!message || this.closed) return;
    if (this.options.clock.now() < this.nextAt) return this.schedule();
    this.inFlight = true;
    const droppedNote = this.dropped > 0 ? `⚠ ${this.dropped} lower-priority alert${this.dropped === 1 ? ' was' : 's were'} dropped: this channel was backed up.\n` : '';
    let outcome: SendOutcome;
    try {
      outcome = await this.options.send({ kind: message.kind, level: message.level, text: droppedNote + message.text, messageId: message.messageId }, this.abort.signal);
    } catch (error) {
      outcome = { ok: false, kind: 'temporary', detail: error instanceof Error ? error.message : 'the request failed' };
    }
    this.inFlight = false;
    if (this.closed) return;
    const now = this.options.clock.now();
    message.attempts++;
    if (outcome.ok) {
      this.waiting.shift();
      if (droppedNote) this.dropped = 0;
      this.nextAt = now + Math.max(this.options.minIntervalMs, outcome.pauseMs ?? 0);
      this.options.onStatus(message, 'sent', null);
    } else if (outcome.kind === 'rate_limited') {
      message.attempts--;
      this.nextAt = now + Math.max(this.options.minIntervalMs, outcome.retryAfterMs);
      this.options.onStatus(message, 'retrying', `${outcome.detail}; next try in ${seconds(this.nextAt - now)}`);
    } else if (outcome.kind === 'temporary' && message.attempts < this.options.maxAttempts) {
      const backoff = Math.min(this.options.backoff.maxMs, this.options.backoff.baseMs * 2 ** (message.attempts - 1));
      this.nextAt = now + Math.max(this.options.minIntervalMs, backoff, outcome.retryAfterMs ?? 0);
      this.options.onStatus(message, 'retrying', `${outcome.detail}; attempt ${message.attempts} of ${this.options.maxAttempts}, next in ${seconds(this.nextAt - now)}`);
    } else {
      this.waiting.shift();
      this.nextAt = now + this.options.minIntervalMs;
      this.options.onStatus(message, 'failed', outcome.kind === 'temporary' ? `${outcome.detail}; gave up after ${message.attempts} attempts` : outcome.detail);
    }
    this.schedule();
  }
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

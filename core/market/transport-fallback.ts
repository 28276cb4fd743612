/**
 * Which transport a live stream (market candles, an account's private updates) uses right now:
 * the venue's websocket while it delivers, REST polling after it fails, and back onto the
 * websocket once a back-off delay has passed (doubling on each failure up to a minute, starting
 * over once the socket delivers again). Also counts consecutive failed polls, so a venue that
 * stops answering is reported `reconnecting`, then `disconnected`. Both streams share this so
 * their status bars mean the same thing.
 */
export type StreamTransport = 'websocket' | 'polling';

export interface TransportFallbackOptions {
  readonly supportsWebsocket: boolean;
  /** First delay before retrying the websocket after it failed; default 5 s. */
  readonly reconnectMs?: number;
  /** Consecutive polling failures before the stream counts as `disconnected`; default 3. */
  readonly maxPollFailures?: number;
  readonly now: () => number;
}

const MAX_RECONNECT_MS = 60_000;

export class TransportFallback {
  private current: StreamTransport;
  private reconnectDelay: number;
  private nextWebsocketAttempt = 0;
  private pollFailures = 0;

  constructor(private readonly options: TransportFallbackOptions) {
    this.current = options.supportsWebsocket ? 'websocket' : 'polling';
    this.reconnectDelay = this.firstDelay();
  }

  get mode(): StreamTransport {
    return this.current;
  }

  /** The socket delivered: the next failure waits the first delay again. */
  delivered(): void {
    this.reconnectDelay = this.firstDelay();
  }

  /**
   * The socket failed: poll until the back-off delay has passed. Returns the status message
   * ("<socket> unavailable (why); polling every N s"), or null when already polling.
   */
  websocketFailed(error: unknown, pollMs: number, socket = 'websocket'): string | null {
    if (this.current === 'polling') return null;
    this.current = 'polling';
    this.nextWebsocketAttempt = this.options.now() + this.reconnectDelay;
    this.reconnectDelay = Math.min(MAX_RECONNECT_MS, this.reconnectDelay * 2);
    return `${socket} unavailable (${reason(error)}); polling every ${Math.round(pollMs / 1000)} s`;
  }

  /** Called after a polling round: back onto the websocket once its retry time has come. */
  maybeRetryWebsocket(): void {
    if (this.options.supportsWebsocket && this.current === 'polling' && this.options.now() >= this.nextWebsocketAttempt) this.current = 'websocket';
  }

  pollSucceeded(): void {
    this.pollFailures = 0;
  }

  /** A poll failed: the state to report and why. */
  pollFailed(error: unknown, venue: string): { state: 'reconnecting' | 'disconnected'; message: string } {
    this.pollFailures++;
    const lost = this.pollFailures >= (this.options.maxPollFailures ?? 3);
    return { state: lost ? 'disconnected' : 'reconnecting', message: `${venue} unreachable (${reason(error)}); retrying` };
  }

  private firstDelay(): number {
    return this.options.reconnectMs ?? 5_000;
  }
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 160);
}

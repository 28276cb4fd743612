import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * Connections opened ahead of need, so the emergency stop's parallel cancels do not each wait for a TCP
 * (and TLS) handshake: one request per connection (HTTP/1.1, no pipelining), so N cancels at once need N
 * connections, and a connect costs a round trip or three before the request can leave. While an account is
 * armed, `keep` holds as many idle, already-connected sockets per origin the account talks to as it has
 * working orders (plus a margin); undici takes them when it opens a connection and the pool tops itself up
 * afterwards. No request is sent to keep them: a socket the venue closes is replaced.
 */

/** TLS settings for every connect (ccxt's certificate checks). */
export type ConnectOptions = Omit<buildConnector.BuildOptions, 'port'>;
type Connector = buildConnector.connector;
type ConnectParams = Parameters<Connector>[0];
type ConnectCallback = Parameters<Connector>[1];

/** At most this many idle sockets per origin, whatever the order count (venues limit connections per IP). */
export const MAX_WARM_SOCKETS = 48;
/** A replacement for a socket the venue closed waits this long (no reconnect storm when the venue is down). */
const REFILL_DELAY_MS = 250;
/** How often the wanted count is asked again (orders placed since). */
const RECHECK_MS = 2_000;

interface Origin {
  readonly params: ConnectParams;
  readonly idle: Parked[];
  opening: number;
}

/** An idle socket and how to take our listeners off it before undici gets it. */
interface Parked {
  readonly socket: Socket;
  readonly unwatch: () => void;
}

export class WarmConnections {
  private readonly origins = new Map<string, Origin>();
  private wanted: (() => number) | null = null;
  private refill: ReturnType<typeof setTimeout> | null = null;
  private recheck: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** Connects the pool could not serve from its idle sockets. */
  misses = 0;
  private readonly base: Connector;

  constructor(tls: ConnectOptions = {}) {
    this.base = buildConnector({ timeout: 10_000, autoSelectFamily: true, ...tls } as buildConnector.BuildOptions);
  }

  /** A plain connector that remembers the origins it connects to (the ones to keep warm). */
  readonly observer: Connector = (params, callback) => {
    this.originOf(params);
    this.base(params, callback as ConnectCallback);
  };

  /** A warm socket for the origin when one is idle, else a fresh connect (and the origin is remembered). */
  readonly connector: Connector = (params, callback) => {
    const origin = this.originOf(params);
    const socket = this.takeIdle(origin);
    if (!socket) this.misses += 1;
    if (socket) {
      // Not in undici's own turn: it is still inside its resume loop, which ignores a nested resume.
      queueMicrotask(() => callback(null, socket));
      this.schedule(REFILL_DELAY_MS);
      return;
    }
    this.base(params, callback as ConnectCallback);
  };

  /** Keeps `wanted()` sockets (clamped to 0…MAX_WARM_SOCKETS) idle per origin until `stop` is called; `wanted` is asked again every few seconds. */
  keep(wanted: () => number): () => void {
    this.wanted = wanted;
    this.schedule(0);
    if (this.recheck !== null) clearInterval(this.recheck);
    this.recheck = setInterval(() => this.schedule(0), RECHECK_MS);
    this.recheck.unref();
    return () => {
      if (this.wanted !== wanted) return;
      this.wanted = null;
      this.drain();
    };
  }

  /**
   * An idle warm socket to `url`'s origin, taken now (synchronously), or null when none is idle or the
   * pool is not kept: the emergency stop writes its cancels on these itself (raw-http.ts).
   */
  take(url: URL): Socket | null {
    if (this.wanted === null) return null;
    // Keyed as undici connects: the URL's own port ('' for the default one), an IPv6 host without brackets.
    const origin = this.origins.get(`${url.protocol}//${url.hostname.replace(/^\[(.*)\]$/, '$1')}:${url.port}`);
    const socket = origin ? this.takeIdle(origin) : null;
    if (socket) this.schedule(REFILL_DELAY_MS);
    return socket;
  }

  /** True while `keep` is in force. */
  get keeping(): boolean {
    return this.wanted !== null;
  }

  /** Idle warm sockets over every origin. */
  idleCount(): number {
    let count = 0;
    for (const origin of this.origins.values()) count += origin.idle.length;
    return count;
  }

  close(): void {
    this.closed = true;
    this.wanted = null;
    this.drain();
  }

  private originOf(params: ConnectParams): Origin {
    const key = `${params.protocol}//${params.hostname}:${params.port}`;
    let origin = this.origins.get(key);
    if (!origin) {
      origin = { params: { ...params }, idle: [], opening: 0 };
      this.origins.set(key, origin);
      this.schedule(REFILL_DELAY_MS);
    }
    return origin;
  }

  private takeIdle(origin: Origin): Socket | null {
    while (origin.idle.length > 0) {
      const { socket, unwatch } = origin.idle.pop()!;
      unwatch();
      if (!socket.destroyed && socket.readyState === 'open' && socket.readableLength === 0) return socket;
      socket.destroy();
    }
    return null;
  }

  private schedule(delayMs: number): void {
    if (this.refill !== null || this.closed || this.wanted === null) return;
    // Never in the turn that hands sockets out: an emergency stop's burst goes first.
    this.refill = setTimeout(() => {
      this.refill = null;
      this.topUp();
    }, delayMs);
    this.refill.unref();
  }

  private topUp(): void {
    const wanted = this.wanted;
    if (this.closed || wanted === null) return;
    const target = Math.max(0, Math.min(MAX_WARM_SOCKETS, Math.ceil(wanted())));
    for (const origin of this.origins.values()) {
      while (origin.idle.length + origin.opening < target) this.open(origin);
      while (origin.idle.length > target) origin.idle.shift()!.socket.destroy();
    }
  }

  private open(origin: Origin): void {
    origin.opening += 1;
    this.base(origin.params, (error, socket) => {
      origin.opening -= 1;
      if (error || !socket) {
        this.schedule(REFILL_DELAY_MS * 4);
        return;
      }
      if (this.closed || this.wanted === null) {
        socket.destroy();
        return;
      }
      const warm = socket as Socket;
      const dropped = () => {
        const index = origin.idle.findIndex((parked) => parked.socket === warm);
        if (index >= 0) origin.idle.splice(index, 1)[0]!.unwatch();
        warm.destroy();
        this.schedule(REFILL_DELAY_MS);
      };
      // An idle socket has nothing to read: anything the venue sends (an idle-timeout answer) or its close retires it.
      const readable = () => {
        if (warm.read() !== null) dropped();
      };
      warm.on('readable', readable).on('close', dropped).on('error', dropped);
      origin.idle.push({ socket: warm, unwatch: () => warm.off('readable', readable).off('close', dropped).off('error', dropped) });
    });
  }

  private drain(): void {
    if (this.refill !== null) clearTimeout(this.refill);
    if (this.recheck !== null) clearInterval(this.recheck);
    this.refill = null;
    this.recheck = null;
    for (const origin of this.origins.values()) for (const { socket, unwatch } of origin.idle.splice(0)) {
      unwatch();
      socket.destroy();
    }
  }
}

import { createHash, createHmac } from 'node:crypto';
import type { Exchange } from 'ccxt';
import { Client, Dispatcher, type buildConnector } from 'undici';
import { inCancelLaneNow } from './rate-budget.js';
import { WarmConnections, type ConnectOptions } from './warm-connections.js';

/**
 * What each request costs before it leaves, made small for the emergency stop's burst of cancels:
 * connections opened ahead (warm-connections.ts) and HMAC signatures from Node's native crypto.
 */

/**
 * While the pool is kept (an armed account), cancels (requests in the rate budget's cancel lane) leave
 * through an agent of their own, each on a
 * connection that has carried nothing before — one opened ahead when there is one: undici holds a request
 * for a reused keep-alive socket until the event loop has checked that socket (GHSA-35p6-xmwp-9g52), and
 * whatever else the loop has to do then goes first. Every other request keeps ccxt's keep-alive agent,
 * whose connects teach the warm pool which origins the account uses.
 */
export function installWarmConnections(client: Exchange): { readonly connections: WarmConnections; close(): Promise<void> } {
  const target = client as unknown as { getDispatcherOptions(isPlainAgent?: boolean): Record<string, unknown>; fetchDispatcher: Dispatcher | undefined };
  const original = target.getDispatcherOptions.bind(client);
  // ccxt's TLS settings (certificate checks) for every connect, warm or not.
  const tls = original(true)['connect'];
  const connections = new WarmConnections(tls && typeof tls === 'object' ? (tls as ConnectOptions) : {});
  const cancels = new OneRequestPerConnection(connections.connector);
  // Only the plain agent: a proxy's agent connects to the proxy, not to the venue.
  target.getDispatcherOptions = (isPlainAgent = false) => (isPlainAgent ? { ...original(true), connect: connections.observer } : original(false));
  // ccxt reads its dispatcher for every request (and sets it once, when it loads undici).
  let own: Dispatcher | undefined;
  Object.defineProperty(client, 'fetchDispatcher', {
    configurable: true,
    get: () => (own !== undefined && connections.keeping && inCancelLaneNow() ? cancels : own),
    set: (dispatcher: Dispatcher | undefined) => (own = dispatcher),
  });
  return {
    connections,
    close: () => {
      connections.close();
      return Promise.resolve();
    },
  };
}

/** Each request on a connection of its own (a warm one when the pool has one), closed once answered. */
class OneRequestPerConnection extends Dispatcher {
  constructor(private readonly connector: buildConnector.connector) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const client = new Client(String(options.origin), { connect: this.connector });
    client.dispatch(options, handler);
    // Closes once its one request is answered.
    void client.close();
    return true;
  }
}

type HashFunction = (data: Uint8Array) => Uint8Array;
type Digest = 'hex' | 'base64' | 'binary';
type Hmac = (request: string | Uint8Array, secret: string | Uint8Array, hash: HashFunction, digest?: Digest) => string | Uint8Array;

const CANDIDATES = ['sha256', 'sha512', 'sha384', 'sha1'] as const;
const PROBE = new TextEncoder().encode('halyard: which hash is this?');

/**
 * ccxt signs with a pure-JS HMAC (@noble/hashes): a tenth of a millisecond or more per request, which
 * twenty cancels at once pay in a row. The same HMAC from Node's crypto gives the same bytes in a few
 * microseconds. The hash ccxt passes is recognised by what it computes (once per hash function); anything
 * else keeps ccxt's own code.
 */
export function useNativeHmac(client: Exchange): void {
  const target = client as unknown as { hmac: Hmac };
  const original = target.hmac;
  const algorithms = new WeakMap<HashFunction, string | null>();
  const algorithmOf = (hash: HashFunction): string | null => {
    let known = algorithms.get(hash);
    if (known === undefined) {
      const expected = Buffer.from(hash(PROBE)).toString('hex');
      known = CANDIDATES.find((name) => createHash(name).update(PROBE).digest('hex') === expected) ?? null;
      algorithms.set(hash, known);
    }
    return known;
  };
  target.hmac = (request, secret, hash, digest = 'hex') => {
    const algorithm = typeof hash === 'function' ? algorithmOf(hash) : null;
    if (algorithm === null || (digest !== 'hex' && digest !== 'base64' && digest !== 'binary')) return original(request, secret, hash, digest);
    const mac = createHmac(algorithm, secret).update(request);
    return digest === 'binary' ? new Uint8Array(mac.digest()) : mac.digest(digest);
  };
}

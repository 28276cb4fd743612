import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import ccxt, { type Exchange } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { useNativeHmac } from '../../../core/exchange/ccxt-transport.js';
import { WarmConnections } from '../../../core/exchange/warm-connections.js';

describe('native HMAC for ccxt signatures', () => {
  it('gives the bytes ccxt’s own HMAC gives, for every digest and input form the venues use', () => {
    const client = new ccxt.binance({}) as Exchange;
    const own = (client as unknown as { hmac: (...args: unknown[]) => unknown }).hmac;
    useNativeHmac(client);
    const native = (client as unknown as { hmac: (...args: unknown[]) => unknown }).hmac;
    expect(native).not.toBe(own);
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const cases: unknown[][] = [
      ['symbol=BTCUSDT&orderId=12&timestamp=1700000000000', secret, sha256],
      [new TextEncoder().encode('symbol=ETHUSDT&timestamp=1'), new TextEncoder().encode(secret), sha256, 'hex'],
      ['/0/private/CancelOrder' + 'nonce=1&txid=ABC', Buffer.from(secret, 'utf8'), sha512, 'base64'],
      ['payload', secret, sha512, 'binary'],
    ];
    for (const args of cases) expect(native(...args)).toEqual(own(...args));
  });
});

describe('warm connections', () => {
  let server: Server;
  let accepted: Socket[] = [];
  let warm: WarmConnections | null = null;

  afterEach(async () => {
    warm?.close();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function listen(): Promise<{ hostname: string; port: string; protocol: string }> {
    accepted = [];
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { hostname: '127.0.0.1', port: String((server.address() as AddressInfo).port), protocol: 'http:' };
  }

  const open = (pool: WarmConnections, target: { hostname: string; port: string; protocol: string }) =>
    new Promise<Socket>((resolve, reject) => pool.connector(target, (error, socket) => (error || !socket ? reject(error ?? new Error('no socket')) : resolve(socket as Socket))));

  it('opens the wanted sockets ahead to an origin it has seen, hands them out without a connect, and tops up', async () => {
    const target = await listen();
    warm = new WarmConnections();
    const first = await open(warm, target); // a fresh connect: the origin is learned
    expect(warm.misses).toBe(1);
    warm.keep(() => 3);
    await expect.poll(() => warm!.idleCount(), { timeout: 5_000 }).toBe(3);
    expect(accepted).toHaveLength(4);
    const handed = await open(warm, target);
    expect(warm.misses).toBe(1);
    expect(handed.readyState).toBe('open');
    await expect.poll(() => warm!.idleCount(), { timeout: 5_000 }).toBe(3);
    expect(accepted).toHaveLength(5);
    first.destroy();
    handed.destroy();
  });

  it('replaces a socket the venue closes and opens nothing once stopped', async () => {
    const target = await listen();
    warm = new WarmConnections();
    (await open(warm, target)).destroy();
    const stop = warm.keep(() => 2);
    await expect.poll(() => warm!.idleCount(), { timeout: 5_000 }).toBe(2);
    accepted.at(-1)!.destroy();
    await expect.poll(() => accepted.length, { timeout: 5_000 }).toBe(4);
    await expect.poll(() => warm!.idleCount(), { timeout: 5_000 }).toBe(2);
    stop();
    expect(warm.idleCount()).toBe(0);
    expect(warm.keeping).toBe(false);
  });
});

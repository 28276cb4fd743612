import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { TerminalStorage } from '../../core/app/storage.js';
import { Terminal } from '../../core/app/terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';

let terminal: Terminal | null = null;
let stub: BinanceStub;

function minutesUpToNow(count: number) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => {
    const time = now - (count - i) * 60_000;
    const price = 60_000 + i;
    return { time, open: price, high: price + 5, low: price - 5, close: price + 1, volume: 3 };
  });
}

async function connect(): Promise<ApiClient> {
  terminal = await Terminal.create({ dataDir: '/unused', speed: 60, tickMs: 50 }, { storage: TerminalStorage.inMemory() });
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  return createApiClient(clientEnd, { timeoutMs: 30_000 });
}

beforeAll(async () => {
  stub = await startBinanceStub();
  stub.setKlines('BTCUSDT', '1m', minutesUpToNow(200));
});
afterAll(async () => stub.close());
afterEach(async () => {
  await terminal?.close();
  terminal = null;
});

describe('picking an exchange as the market source', () => {
  it('watches the exchange live through ccxt with no account, and paper-trades on its prices', async () => {
    const api = await connect();
    const result = await api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: stub.url });
    expect(result).toMatchObject({ kind: 'exchange', fallback: null });
    const status = await api.call('app.status', {});
    expect(status.dataSource).toMatchObject({ kind: 'exchange', exchange: 'binance' });
    expect(['websocket', 'polling']).toContain(status.connection.transport);
    const history = await api.call('market.history', { symbol: 'BTC/USDT', limit: 50 });
    expect(history.candles.close.at(-1)).toBeGreaterThan(60_000);
    const rows = await api.call('market.watchlist', {});
    expect(rows.map((r) => r.symbol)).toEqual(['BTC/USDT']);
    // The paper account now lists the exchange's market.
    const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '50000' });
    expect(order.status).toBe('open');
    const refused = await api.call('market.setSource', { kind: 'simulated' }).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/cancel working orders/);
  });

  it('falls back to the simulated market with a banner when the exchange is unreachable', async () => {
    const api = await connect();
    const result = await api.call('market.setSource', { kind: 'exchange', exchange: 'binance', baseUrl: 'http://127.0.0.1:9' });
    expect(result.kind).toBe('simulated');
    expect(result.fallback).toMatch(/binance is unreachable/);
    const status = await api.call('app.status', {});
    expect(status.dataSource.kind).toBe('simulated');
    expect(status.connection.message).toMatch(/binance is unreachable/);
  });
});

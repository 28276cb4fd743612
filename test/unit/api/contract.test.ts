import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../core/api/client.js';
import { ApiError } from '../../../core/api/errors.js';
import { serveApi } from '../../../core/api/server.js';
import { createInMemoryPair } from '../../../core/api/transport.js';
import { EventBus } from '../../../core/app/event-bus.js';
import { TerminalStorage } from '../../../core/app/storage.js';
import { Terminal } from '../../../core/app/terminal.js';

async function connect() {
  const terminal = await Terminal.create({ dataDir: '/nonexistent-unused', speed: 60, tickMs: 1_000 }, { storage: TerminalStorage.inMemory() });
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stop = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const client = createApiClient(clientEnd, { timeoutMs: 5_000 });
  return {
    terminal,
    client,
    serverEnd,
    clientEnd,
    async close() {
      stop();
      client.dispose();
      await terminal.close();
    },
  };
}

describe('the API contract over a transport', () => {
  it('answers a valid request with data that matches the schema', async () => {
    const api = await connect();
    const rows = await api.client.call('market.watchlist', {});
    expect(rows.map((row) => row.symbol)).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']));
    const history = await api.client.call('market.history', { symbol: 'ETH/USDT', timeframe: '1h', limit: 10 });
    expect(history.candles.time).toHaveLength(10);
    expect(history.candles.time[1]! - history.candles.time[0]!).toBe(3_600_000);
    await api.close();
  });

  it('rejects invalid arguments with a typed bad_request naming the field', async () => {
    const api = await connect();
    const error = await api.client.call('market.history', { symbol: 'not a symbol', limit: -5 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad_request');
    expect((error as ApiError).issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['symbol', 'limit']));
    await api.close();
  });

  it('rejects unknown fields, unknown commands and malformed envelopes without crashing', async () => {
    const api = await connect();
    const extra = await api.client.call('app.status', { sneaky: 1 } as never).catch((e: unknown) => e);
    expect((extra as ApiError).code).toBe('bad_request');
    const unknown = await api.client.call('orders.withdrawAll' as never, {} as never).catch((e: unknown) => e);
    expect((unknown as ApiError).code).toBe('unknown_command');

    const replies: unknown[] = [];
    api.clientEnd.onMessage((message) => replies.push(message));
    api.clientEnd.send({ type: 'request', id: 'x', name: 42 });
    api.clientEnd.send('garbage');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const errors = replies.filter((r): r is { ok: false; error: { code: string } } => typeof r === 'object' && r !== null && (r as { ok?: unknown }).ok === false);
    expect(errors.map((r) => r.error.code)).toEqual(['bad_request', 'bad_request']);
    // Still serving after the garbage.
    await expect(api.client.call('app.status', {})).resolves.toMatchObject({ mode: { kind: 'paper' } });
    await api.close();
  });

  it('reports a not-found symbol as not_found, not as an internal error', async () => {
    const api = await connect();
    const error = await api.client.call('market.history', { symbol: 'NOPE/USDT' }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('not_found');
    expect((error as ApiError).message).toContain('NOPE/USDT');
    await api.close();
  });

  it('emergency stop halts, is visible in status and in pushed events, and re-arm clears it', async () => {
    const api = await connect();
    const pushed: boolean[] = [];
    api.client.on('app.status', (status) => pushed.push(status.halt.halted));
    const halted = await api.client.call('risk.emergencyStop', { source: 'button' });
    expect(halted).toMatchObject({ halted: true, source: 'button' });
    await expect(api.client.call('app.status', {})).resolves.toMatchObject({ halt: { halted: true } });
    const rearmNeedsConfirm = await api.client.call('risk.rearm', {} as never).catch((e: unknown) => e);
    expect((rearmNeedsConfirm as ApiError).code).toBe('bad_request');
    await expect(api.client.call('risk.rearm', { confirm: true })).resolves.toMatchObject({ halted: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The status is pushed again whenever it changes otherwise (the start-up reconciliation ending): the halt's transitions.
    expect(pushed.filter((halted, i) => i === 0 || halted !== pushed[i - 1])).toEqual([true, false]);
    await api.close();
  });

  it('turns a handler bug into an internal error response and keeps serving', async () => {
    const bus = new EventBus();
    const terminal = await Terminal.create({ dataDir: '/unused', tickMs: 1_000 }, { storage: TerminalStorage.inMemory() });
    const broken = { ...terminal.handlers, 'app.status': async () => ({ nonsense: true }) as never };
    const [serverEnd, clientEnd] = createInMemoryPair();
    const internal: string[] = [];
    serveApi(serverEnd, broken, bus, { batchMs: 0, onInternalError: (_e, command) => internal.push(command) });
    const client = createApiClient(clientEnd);
    const error = await client.call('app.status', {}).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('internal');
    expect(internal).toEqual(['app.status']);
    await expect(client.call('market.watchlist', {})).resolves.toHaveLength(5);
    await terminal.close();
  });
});

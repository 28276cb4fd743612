import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * A paper session survives a restart: a Terminal on the real encrypted store (real keychain: run under
 * test/with-keyring.sh) trades on paper, shuts down, and a new Terminal on the same data dir shows
 * the same balances, the resting order (still working, still cancellable), the fills with their
 * trade ids and sources, and the position rebuilt from those fills.
 */
const terminals = restartableTerminal();
const dataDir = terminals.dataDir('halyard-paper-restart-');

function start(): Promise<ApiClient> {
  return terminals.start({ dataDir, speed: 600, tickMs: 20 });
}

function positionsOf(api: ApiClient) {
  return api.call('positions.list', {});
}

/** What a position row shows that does not move with the market. */
function held(positions: Awaited<ReturnType<typeof positionsOf>>) {
  return positions.map((p) => ({ id: p.id, symbol: p.symbol, source: p.source, quantity: p.quantity, averageEntry: p.averageEntry, realizedPnl: p.realizedPnl, fees: p.fees, openedAt: p.openedAt, tranches: p.tranches }));
}

describe('the paper account across a restart', () => {
  it('keeps balances, the resting order, fills with their trade ids and the position; the order still works and cancels', async () => {
    let api = await start();
    const buy = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.5' });
    await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.clientOrderId === buy.clientOrderId && o.status === 'filled'), 'the market buy to fill');
    const sol = (await api.call('market.watchlist', {})).find((r) => r.symbol === 'SOL/USDT')!;
    const low = (sol.last! * 0.5).toFixed(2);
    const resting = await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'limit', amount: (1_900 / Number(low)).toFixed(2), price: low });
    expect(resting.status).toBe('open');

    const balances = await api.call('balances.list', {});
    const usdt = balances.find((b) => b.currency === 'USDT')!;
    expect(usdt.total).toBeLessThan(10_000);
    expect(usdt.used).toBeGreaterThan(1_800);
    expect(balances.find((b) => b.currency === 'ETH')?.total).toBe(0.5);
    const fills = await api.call('fills.list', {});
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ clientOrderId: buy.clientOrderId, side: 'buy', source: 'manual', account: 'paper' });
    expect(fills[0]!.tradeId).toEqual(expect.any(String));
    const positions = held(await positionsOf(api));
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: 'ETH/USDT', quantity: 0.5, source: 'manual' });
    await terminals.stop();

    api = await start();
    expect(await api.call('balances.list', {})).toEqual(balances);
    const open = await api.call('orders.list', { status: 'open' });
    expect(open.map((o) => [o.clientOrderId, o.status, o.price])).toEqual([[resting.clientOrderId, 'open', Number(low)]]);
    expect(await api.call('fills.list', {})).toEqual(fills);
    expect(held(await positionsOf(api))).toEqual(positions);
    // The venue knows the journal's open order, so reconciliation finds nothing to ask the trader about.
    expect(terminals.terminal.risk.reconciler?.differences()).toEqual([]);

    // Closing the position links the exit to the trade the entry opened before the restart.
    await api.call('positions.close', { id: positions[0]!.id });
    await until(() => positionsOf(api), (list) => list.length === 0, 'the position to close');
    const after = await until(() => api.call('fills.list', {}), (list) => list.length === 2, 'the exit fill');
    expect(after[1]).toMatchObject({ side: 'sell', symbol: 'ETH/USDT', tradeId: fills[0]!.tradeId });
    // Fill ids continue after the restart: the exit is its own fill, not a duplicate of the entry.
    expect(after[1]!.id).not.toBe(after[0]!.id);

    // The restored order is a real order on the venue: cancelling it releases the cash it held.
    const cancelled = await api.call('orders.cancel', { clientOrderId: resting.clientOrderId });
    expect(cancelled.status).toBe('canceled');
    expect((await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!.used).toBe(0);
  });

  it('resets to the starting balance only when flat, and the reset survives a restart too', async () => {
    let api = await start();
    // SOL: the first test's ETH exit left ETH in the (persisted) re-entry cooldown.
    const sol = (await api.call('market.watchlist', {})).find((r) => r.symbol === 'SOL/USDT')!;
    const buy = await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'market', amount: (1_000 / sol.last!).toFixed(2) });
    await until(() => positionsOf(api), (list) => list.some((p) => p.symbol === 'SOL/USDT'), 'the position');
    const refused = await api.call('accounts.resetPaper', {}).catch((e: unknown) => e);
    expect((refused as ApiError).code).toBe('rejected');
    expect((refused as ApiError).message).toMatch(/Close the paper position in SOL\/USDT first/);

    const [position] = await positionsOf(api);
    await api.call('positions.close', { id: position!.id });
    await until(() => positionsOf(api), (list) => list.length === 0, 'the position to close');
    const cash = (await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!;
    expect(cash.total).not.toBe(10_000);

    const reset = await api.call('accounts.resetPaper', {});
    expect(reset.balances).toEqual([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }]);
    await terminals.stop();

    api = await start();
    expect(await api.call('balances.list', {})).toEqual([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }]);
    expect(await positionsOf(api)).toEqual([]);
    // History is kept: the orders and fills before the reset are still in the journal.
    expect((await api.call('fills.list', {})).some((f) => f.clientOrderId === buy.clientOrderId)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

/**
 * The emergency stop end to end in paper mode, through the public API: a Terminal with the real
 * encrypted store (real keychain: run under test/with-keyring.sh), a grid of resting limit buys placed
 * from the order ticket, the stop, then a restart of the Terminal on the same data dir.
 */
const terminals = restartableTerminal();

async function lastPrice(api: ApiClient): Promise<number> {
  const row = (await api.call('market.watchlist', {})).find((r) => r.symbol === 'BTC/USDT');
  if (!row || row.last === null) throw new Error('no BTC/USDT price yet');
  return row.last;
}

describe('emergency stop in paper mode, persisted across a restart', () => {
  it('leaves zero open orders, stays HALTED after a restart, and resumes only when re-armed', { timeout: 120_000 }, async () => {
    const dataDir = terminals.dataDir('halyard-risk-stop-');
    const api = await terminals.start({ dataDir, speed: 1 });
    const last = await lastPrice(api);
    const placed: string[] = [];
    for (let level = 1; level <= 5; level++) {
      const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: (last * (1 - level / 20)).toFixed(2) });
      placed.push(order.clientOrderId);
    }
    expect(await api.call('orders.list', { status: 'open' })).toHaveLength(5);

    const stopped = await api.call('risk.emergencyStop', { source: 'button' });
    expect(stopped).toMatchObject({ halted: true, source: 'button', reason: 'Emergency Stop pressed' });
    expect(stopped.stop?.orders.map((o) => [o.clientOrderId, o.outcome]).sort()).toEqual(placed.map((id) => [id, 'canceled']).sort());
    expect(stopped.stop?.remainingOpen).toBe(0);
    expect(await api.call('orders.list', { status: 'open' })).toEqual([]);
    expect((await api.call('risk.lastStop', {}))?.orders).toHaveLength(5);
    expect((await api.call('risk.events', {})).map((e) => e.kind)).toContain('halted');
    const audit = terminals.terminal.storage.store.audit.list({ limit: 10, category: 'emergency_stop' }).map((e) => [e.action, e.source]);
    expect(audit).toEqual([
      ['cancel_results', 'button'],
      ['halt', 'button'],
    ]);
    const haltedSince = stopped.since;
    await terminals.stop();

    // Restart: still HALTED, no new entry can be sent.
    const second = await terminals.start({ dataDir, speed: 1 });
    expect((await second.call('app.status', {})).halt).toMatchObject({ halted: true, since: haltedSince, source: 'button' });
    const refused = await second.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: ((await lastPrice(second)) * 0.9).toFixed(2) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'halted' });
    expect(await second.call('orders.list', { status: 'open' })).toEqual([]);
    expect((await second.call('risk.state', {})).halted).toBe(true);

    // Re-arm is deliberate: the preview says what resumes, then trading works again.
    const preview = await second.call('risk.resumePreview', {});
    expect(preview).toMatchObject({ halted: true, since: haltedSince, accounts: [{ account: 'paper', label: 'Paper', mode: 'paper' }] });
    expect((await second.call('risk.rearm', { confirm: true })).halted).toBe(false);
    await second.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: ((await lastPrice(second)) * 0.9).toFixed(2) });
    expect(await second.call('orders.list', { status: 'open' })).toHaveLength(1);
    expect(terminals.terminal.storage.store.audit.list({ limit: 2, category: 'emergency_stop' }).map((e) => e.action)).toEqual(['resume', 'rearm']);
  });
});

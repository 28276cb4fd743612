import { describe, expect, it, vi } from 'vitest';
import type { LiveAccount } from '../../core/accounts/live-accounts.js';
import { binanceAccountApi, binanceTerminalForFile } from './order-roads-helpers.js';

/**
 * Balances of an armed account while its private stream is still connecting: the stream has none to
 * give, so the venue is asked — once for everyone who asks meanwhile, not once per question (the
 * stream's own first reads yield to such requests, so a read per question kept it connecting longer).
 */
const file = binanceTerminalForFile('connecting');

describe('balances while the account stream connects', () => {
  it('answers questions asked together from one read of the venue', async () => {
    // The stream's first read of the account is taken at the venue and held on its way: it stays connecting.
    // So is the reconciliation's, which arming waits for: the account is connected, arming has not answered yet.
    file.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 2 });
    const { api, accountId } = await binanceAccountApi(file.terminal, file.stub, 'connecting');
    const arming = api.call('accounts.arm', { id: accountId, confirmLabel: 'connecting' });
    await vi.waitFor(() => expect(file.stub.held()).toBe(2), { timeout: 15_000, interval: 20 });
    const live = file.terminal.core.registry.get('binance:connecting') as LiveAccount;
    expect(live.venue.stream.status().state).toBe('connecting');

    const reads = file.stub.requestsTo('GET', '/api/v3/account').length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.call('balances.list', { account: 'binance:connecting' })));
    expect(file.stub.requestsTo('GET', '/api/v3/account').length).toBe(reads + 1);
    for (const answer of answers) expect(answer).toEqual(expect.arrayContaining([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }, { currency: 'BTC', free: 1, used: 0, total: 1 }]));

    // A question asked after that read came back asks again (the shared read is not kept as a cache).
    await api.call('balances.list', { account: 'binance:connecting' });
    expect(file.stub.requestsTo('GET', '/api/v3/account').length).toBe(reads + 2);

    file.stub.releaseHeld();
    await arming;
    await api.call('accounts.disarm', { id: accountId });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { keychainTerminal } from '../helpers/keychain-terminal.js';

/** Live trading is armed deliberately (real keychain + encrypted store; run under test/with-keyring.sh). */
const terminals = keychainTerminal('halyard-live-', ['binance:main', 'binance:wide']);
const { connect } = terminals;
let stub: BinanceStub;

beforeAll(async () => {
  stub = await startBinanceStub();
});
afterAll(async () => {
  await stub.close();
});

const reason = (error: unknown) => (error as ApiError).message;

describe('arming an exchange account for live trading', () => {
  it('needs saved risk limits, the typed label and a trade-only key; then LIVE orders go through ccxt, journaled', async () => {
    const api = await connect();
    const account = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
    expect(account.mode).toBe('paper');

    expect(reason(await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' }).catch((e: unknown) => e))).toMatch(/save your risk limits/);
    const config = await api.call('risk.config.get', {});
    await api.call('risk.config.set', { config });
    expect(reason(await api.call('accounts.arm', { id: account.id, confirmLabel: 'Main' }).catch((e: unknown) => e))).toMatch(/type the account label "main" exactly/);

    const armed = await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
    expect(armed.mode).toBe('live');
    await expect(api.call('app.status', {})).resolves.toMatchObject({ mode: { kind: 'live', account: 'binance:main' } });

    // The stub account already holds BTC worth far more than 20 % of its equity: the gate refuses more.
    const tooMuch = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: '20000' }).catch((e: unknown) => e);
    expect(reason(tooMuch)).toMatch(/max exposure per symbol/);
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(0);
    // Selling (reducing) is never blocked by entry limits.
    const order = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: '0.001', price: '90000' });
    // Its prices at its market's tick on the account (Binance's BTC/USDT: 0.01), whatever the chart shows.
    expect(order).toMatchObject({ account: 'binance:main', status: 'open', source: 'manual', priceDecimals: 2 });
    expect(stub.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
    expect(stub.requestsTo('POST', '/api/v3/order')[0]!.params.newClientOrderId).toBe(order.clientOrderId);

    // The emergency stop cancels on the live account too.
    const stopped = await api.call('risk.emergencyStop', { source: 'button' });
    expect(stopped.stop?.orders.map((o) => [o.clientOrderId, o.outcome, o.priceDecimals])).toEqual([[order.clientOrderId, 'canceled', 2]]);
    expect((await api.call('risk.lastStop', {}))?.orders.map((o) => o.priceDecimals)).toEqual([2]);
    await api.call('risk.rearm', { confirm: true });

    expect(reason(await api.call('accounts.remove', { id: account.id }).catch((e: unknown) => e))).toMatch(/disarm it before deleting/);
    await expect(api.call('accounts.disarm', { id: account.id })).resolves.toMatchObject({ mode: 'paper' });
    const audit = terminals.terminal.storage.store.audit.list({ limit: 20, category: 'mode' }).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['armed', 'disarmed']));
  });

  it('refuses a key that allows withdrawals', async () => {
    const api = await connect();
    stub.withdrawalsEnabled = true;
    try {
      const account = await api.call('accounts.add', { exchange: 'binance', label: 'wide', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
      const error = await api.call('accounts.arm', { id: account.id, confirmLabel: 'wide' }).catch((e: unknown) => e);
      expect(reason(error)).toMatch(/allows withdrawals/);
      await expect(api.call('app.status', {})).resolves.toMatchObject({ mode: { kind: 'paper' } });
    } finally {
      stub.withdrawalsEnabled = false;
    }
  });
});

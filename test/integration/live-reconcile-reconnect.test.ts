import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import type { BinanceStub } from '../stubs/binance-stub.js';
import type { ReconcileReport } from '../../core/risk/reports.js';

/**
 * Reconciliation whenever Halyard may have missed something at a live account's venue — without the trader
 * pressing "Reconcile now": after its private stream dropped and came back (Binance replays nothing it pushed
 * meanwhile: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests),
 * and when the account is armed after start-up (trades made on the venue's website while Halyard was off are
 * listed before Halyard trades on it). Real ccxt, keychain and encrypted store against the strict Binance
 * stub: run under test/with-keyring.sh.
 */
const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 90_000, interval: 100 });

type Desk = ReturnType<typeof binanceDesk>;
type Api = Awaited<ReturnType<Desk['open']>>['api'];

/**
 * Done at the venue's website: a market buy (filled at once) and a resting sell Halyard did not place; what the
 * Reconciliation view should list for them (Binance's trades name the order by its id only).
 */
function tradeOnTheWebsite(stub: BinanceStub, tag: string): string[] {
  const buy = stub.book.create(new URLSearchParams({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: `web_buy_${tag}` }));
  const sell = stub.book.create(new URLSearchParams({ symbol: 'ETHUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.5', price: '3500', newClientOrderId: `web_sell_${tag}` }));
  return [`untracked_fill BTC/USDT ${buy.orderId}`, `untracked_order ETH/USDT ${sell.orderId}`];
}

/** The trader buys BTC/USDT through Halyard (so the venue's BTC/USDT trades are the ones Halyard reads back). */
async function boughtThroughHalyard(api: Api): Promise<void> {
  const buy = await api.call('orders.place', { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' });
  await waitFor(async () => expect((await api.call('orders.list', { status: 'all' })).find((o) => o.clientOrderId === buy.clientOrderId)?.status).toBe('filled'));
}

/** What the Reconciliation view lists for binance:main: kind, market and the venue's order id. */
async function listed(api: Api): Promise<string[]> {
  return (await api.call('risk.differences', {}))
    .filter((d) => d.account === 'binance:main')
    .map((d) => `${d.kind} ${d.symbol} ${d.exchangeOrderId ?? ''}`)
    .sort();
}

async function updates(api: Api) {
  return (await api.call('app.status', {})).liveAccounts?.find((a) => a.account === 'binance:main')?.updates;
}

describe('a live account whose private stream dropped', () => {
  const desk = binanceDesk({ prefix: 'halyard-reconcile-reconnect-' });

  it('is reconciled once the connection is back: what was done at the venue meanwhile is listed', { timeout: 240_000 }, async () => {
    const { api } = await desk.openArmed();
    await boughtThroughHalyard(api);
    await waitFor(async () => expect(await updates(api)).toMatchObject({ state: 'connected', transport: 'websocket' }));
    expect(await listed(api)).toEqual([]);

    // The connection goes: the socket is cut and refused, and the venue's REST answers 503 to the stream's reads.
    desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'server_error', times: 1_000_000 });
    desk.stub.websocketAvailable = false;
    desk.stub.dropWebsockets();
    await waitFor(async () => expect(['reconnecting', 'disconnected']).toContain((await updates(api))?.state));
    const done = tradeOnTheWebsite(desk.stub, 'down');

    // It comes back: nobody presses anything, yet the trade and the order are listed for the trader.
    desk.stub.clearFaults();
    desk.stub.websocketAvailable = true;
    await waitFor(async () => expect(await listed(api)).toEqual(done));
    const logged = async () => (await api.call('risk.events', { kind: 'reconciled' })).map((event) => event.detail).join('\n');
    await waitFor(async () => expect(await logged()).toMatch(/reconciliation \(reconnect\) of binance:main: \d+ journal update\(s\), 2 difference\(s\) for the trader/));
    expect((await api.call('risk.state', { account: 'binance:main' })).reconciling).toBe(false);
  });
});

describe('a live account armed after start-up', () => {
  const desk = binanceDesk({ prefix: 'halyard-reconcile-armed-' });

  it('is reconciled before arming answers, and refuses its orders meanwhile: trades made on the website while it was not armed are listed', { timeout: 240_000 }, async () => {
    const { api } = await desk.openArmed();
    await boughtThroughHalyard(api);
    const [account] = await api.call('accounts.list', {});
    await api.call('accounts.disarm', { id: account!.id });
    expect(await listed(api)).toEqual([]);
    const done = tradeOnTheWebsite(desk.stub, 'off');

    // The venue is slow to list the open orders (the stream's first read and the reconciliation's are held on their way).
    desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 2 });
    const arming = api.call('accounts.arm', { id: account!.id, confirmLabel: 'main' });
    await waitFor(() => expect(desk.stub.held()).toBe(2));
    expect((await api.call('risk.state', { account: 'binance:main' })).reconciling).toBe(true);
    const order = { account: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' } as const;
    await expect(api.call('orders.place', order)).rejects.toThrow(/reconciliation with the exchanges is running/);

    desk.stub.releaseHeld();
    expect((await arming).mode).toBe('live');
    // No waiting once armed: the journal was checked against the venue.
    expect(await listed(api)).toEqual(done);
    expect((await api.call('risk.state', { account: 'binance:main' })).reconciling).toBe(false);
    const logged = (await api.call('risk.events', { kind: 'reconciled' })).map((event) => event.detail);
    expect(logged.join('\n')).toMatch(/reconciliation \(start\) of binance:main: \d+ journal update\(s\), 2 difference\(s\) for the trader/);
    expect((await api.call('orders.place', order)).status).toBe('filled');
  });
});

/**
 * Binance lists an account's trades per market (GET /api/v3/myTrades needs `symbol`:
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#account-trade-list-user_data),
 * so a trade made on the website on a market Halyard never traded is found only if reconciliation asks that
 * market: the one whose coin's balance changed since Halyard last saw the account.
 */
describe('a live account left armed while Halyard was closed', () => {
  const desk = binanceDesk({ prefix: 'halyard-reconcile-restart-' });

  it('is reconciled at start on the markets whose coins changed too: a website trade on a market never traded through Halyard is listed', { timeout: 240_000 }, async () => {
    const { api: before } = await desk.openArmed();
    await boughtThroughHalyard(before);
    await desk.closeTerminal();
    const buy = desk.stub.book.create(new URLSearchParams({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '2', newClientOrderId: 'web_buy_sol' }));

    // The start-up run's open-order read is held until the test listens for its report.
    desk.stub.fault({ method: 'GET', path: '/api/v3/openOrders', kind: 'held', times: 20 });
    const { api } = await desk.open();
    const reports: ReconcileReport[] = [];
    api.on('risk.reconciled', (report) => reports.push(report));
    await waitFor(async () => expect((await api.call('risk.state', { account: 'binance:main' })).reconciling).toBe(true));
    desk.stub.clearFaults();
    desk.stub.releaseHeld();
    await waitFor(() => expect(reports.find((r) => r.trigger === 'start')).toBeDefined());

    expect(await listed(api)).toEqual([`untracked_fill SOL/USDT ${buy.orderId}`]);
    const checked = reports.find((r) => r.trigger === 'start')!.accounts.find((a) => a.account === 'binance:main');
    // BNB paid both trades' fees: its balance moved too. ETH, held but unmoved since it was checked at arming, is not asked again.
    expect(checked).toMatchObject({ ok: true, marketsChecked: ['BNB/USDT', 'BTC/USDT', 'SOL/USDT'] });
  });
});

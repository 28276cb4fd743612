import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { startKrakenStub, type KrakenStub } from '../stubs/kraken-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * An armed live account keeps the venue's cancel-all-after timer armed (Kraken through real ccxt
 * code against a loopback stub), and its private updates fall back to polling when the websocket
 * is refused. Real keychain + encrypted store: run under test/with-keyring.sh.
 */
const keychain = testKeychain();
const dataDir = tempDir('halyard-dead-man-');
let stub: KrakenStub;

beforeAll(async () => {
  stub = await startKrakenStub();
});
afterAll(async () => {
  await stub.close();
  await keychain.cleanup(['kraken:desk']);
  removeDir(dataDir);
});

/** A terminal on this test's data folder and keychain, with its public API. */
async function openTerminal() {
  const terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
  const [serverEnd, clientEnd] = createInMemoryPair();
  serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  return { terminal, api: createApiClient(clientEnd, { timeoutMs: 120_000 }) };
}

// Kraken's ccxt rate limit spaces private calls by seconds (one shared budget per account).
const waitFor = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('dead-man timer of a live account', () => {
  it('is armed while LIVE, stays armed while HALTED and after re-arm, and is switched off on disarm; the status shows it', { timeout: 240_000 }, async () => {
    const { terminal, api } = await openTerminal();
    try {
      const account = await api.call('accounts.add', { exchange: 'kraken', label: 'desk', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
      await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
      expect((await api.call('app.status', {})).liveAccounts).toEqual([]);

      await api.call('accounts.arm', { id: account.id, confirmLabel: 'desk' });
      expect(stub.timerCalls()).toEqual([60]);
      const armed = await api.call('app.status', {});
      expect(armed.liveAccounts).toEqual([expect.objectContaining({ account: 'kraken:desk', deadMan: { supported: true, armed: true, timeoutMs: 60_000, problem: null } })]);
      // ccxt.pro has kraken's private websocket, but the venue refuses it here: REST polling instead.
      await waitFor(async () => expect((await api.call('app.status', {})).liveAccounts?.[0]?.updates).toMatchObject({ transport: 'polling', state: 'connected' }));

      // HALTED keeps the timer armed and beating: an order whose cancel failed still dies at the venue if Halyard does.
      const beforeStop = stub.timerCalls().length;
      await api.call('risk.emergencyStop', { source: 'button' });
      expect((await api.call('app.status', {})).liveAccounts?.[0]?.deadMan).toMatchObject({ armed: true, problem: null });
      await waitFor(() => expect(stub.timerCalls().length).toBeGreaterThan(beforeStop)); // the next heartbeat
      expect(stub.timerCalls().slice(beforeStop).every((seconds) => seconds === 60)).toBe(true);

      await api.call('risk.rearm', { confirm: true });
      expect((await api.call('app.status', {})).liveAccounts?.[0]?.deadMan).toMatchObject({ armed: true, problem: null });
      expect(stub.timerCalls()).not.toContain(0);

      await api.call('accounts.disarm', { id: account.id });
      expect(stub.timerCalls().at(-1)).toBe(0);
      expect((await api.call('app.status', {})).liveAccounts).toEqual([]);
      // Every timer call was signed with the account's key.
      expect(stub.requests.filter((r) => r.path === '/0/private/CancelAllOrdersAfter').every((r) => r.apiKey === stub.apiKey)).toBe(true);
    } finally {
      await terminal.close();
    }
  });

  it('is held off while a protective stop rests at the venue (the timer would cancel the stop too), and armed again once none does', { timeout: 240_000 }, async () => {
    // Kraken: "If the timer expires, all orders are cancelled" (docs.kraken.com/api/docs/rest-api/cancel-all-orders-after).
    stub.book.setBalance('XXBT', 0);
    const { terminal, api } = await openTerminal();
    const deadMan = async () => (await api.call('app.status', {})).liveAccounts?.[0]?.deadMan;
    try {
      const [account] = await api.call('accounts.list', {});
      await api.call('accounts.arm', { id: account!.id, confirmLabel: 'desk' });
      expect(stub.timerCalls().at(-1)).toBe(60);
      expect(await deadMan()).toEqual({ supported: true, armed: true, timeoutMs: 60_000, problem: null });

      // A bracketed market buy: its stop loss rests at Kraken as a stop-loss-limit sell.
      const buy = await api.call('orders.place', { account: 'kraken:desk', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01', stopLoss: '45000' });
      await waitFor(() => expect(stub.book.open().map((o) => o.ordertype)).toEqual(['stop-loss-limit']));
      await waitFor(async () => expect(await deadMan()).toEqual({ supported: true, armed: false, timeoutMs: 60_000, problem: expect.stringMatching(/^off while 1 protective stop rests at kraken: the timer would cancel it too$/), heldOff: 'off while 1 protective stop rests at kraken: the timer would cancel it too' }));
      expect(stub.timerCalls().at(-1)).toBe(0);

      // Closed from its row: the stop goes, and the timer is armed again.
      const position = (await api.call('positions.list', {})).find((p) => p.account === 'kraken:desk' && p.symbol === 'BTC/USDT')!;
      await api.call('positions.close', { id: position.id });
      await waitFor(() => expect(stub.book.open()).toEqual([]));
      await waitFor(async () => expect(await deadMan()).toEqual({ supported: true, armed: true, timeoutMs: 60_000, problem: null }));
      expect(stub.timerCalls().at(-1)).toBe(60);
      expect(buy.status).toBe('filled');
      await api.call('accounts.disarm', { id: account!.id });
    } finally {
      await terminal.close();
    }
  });
});

/**
 * Kraken's TradesHistory lists the account's trades on every pair, 50 a page (docs.kraken.com/api/docs/rest-api/get-trade-history):
 * reconciliation reads that one listing for every market, so a trade made on Kraken's website on a market Halyard never
 * traded is found, for the call counter's price of one listing.
 */
describe('reconciliation of a Kraken account at arming', () => {
  it('lists a website trade made while Halyard was closed on a market it never traded, reading the trade listing once', { timeout: 240_000 }, async () => {
    // Halyard traded only BTC/USDT on kraken:desk (above); ETH/USDT is bought on the website while it is closed.
    const website = stub.book.add({ pair: 'ETHUSDT', type: 'buy', ordertype: 'market', volume: '0.05' });
    // Closed long enough for Kraken's call counter to decay (Starter tier: 15 at 0.33 a second, docs.kraken.com "Spot REST rate limits").
    stub.counter.rest();
    const { terminal, api } = await openTerminal();
    try {
      const [account] = await api.call('accounts.list', {});
      const listingsBefore = stub.requestsTo('/0/private/TradesHistory').length;
      await api.call('accounts.arm', { id: account!.id, confirmLabel: 'desk' });
      // Armed once reconciled: the listing's one page was read once, and the website trade is listed for the trader.
      expect(stub.requestsTo('/0/private/TradesHistory').length - listingsBefore).toBe(1);
      const listed = (await api.call('risk.differences', {})).filter((d) => d.account === 'kraken:desk').map((d) => `${d.kind} ${d.symbol} ${d.exchangeOrderId ?? ''}`);
      expect(listed).toEqual([`untracked_fill ETH/USDT ${website.txid}`]);
      expect((await api.call('app.status', {})).liveAccounts?.[0]?.reconciled).toMatchObject({ marketsChecked: ['BTC/USDT', 'ETH/USDT'], everyMarket: true });
      await api.call('accounts.disarm', { id: account!.id });
    } finally {
      await terminal.close();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../core/api/client.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { Terminal } from '../../core/app/terminal.js';
import { PaperExchange } from '../../core/exchange/paper-exchange.js';
import type { MarketRules } from '../../core/exchange/port.js';
import { HaltedError } from '../../core/risk/halt.js';
import { OrderJournal } from '../../core/risk/journal.js';
import { JournaledExchange } from '../../core/risk/journaled-exchange.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * The emergency stop end to end in paper mode: a Terminal with the real encrypted store (real
 * keychain: run under test/with-keyring.sh), a DCA-style grid of resting limit orders on the real paper
 * exchange, the stop through the typed API; then a restart of the Terminal on the same data dir.
 */
const keychain = testKeychain();
const dataDir = tempDir('halyard-risk-stop-');
afterAll(async () => {
  await keychain.cleanup();
  removeDir(dataDir);
});

const MARKET: MarketRules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: 0.0001, priceStep: 0.01, minAmount: 0.0001, maxAmount: null, minCost: 5, maxCost: null, tier: 'large', makerFee: 0.001, takerFee: 0.001 };
// The paper venue outlives the terminal here, like a real exchange outlives the app.
const paper = new PaperExchange({ markets: [MARKET], balances: { USDT: 50_000 } });

async function startTerminal() {
  let exchange: JournaledExchange | null = null;
  const terminal = await Terminal.create(
    { dataDir, keychainService: keychain.service, tickMs: 1_000 },
    // A second paper venue beside the terminal's own paper account: it outlives restarts like a real exchange.
    { tradingAccounts: () => (exchange ? [{ id: 'grid-venue', label: 'Grid venue', mode: 'paper' as const, port: exchange }] : []) },
  );
  expect(terminal.storage.store.location.persistent).toBe(true);
  exchange = JournaledExchange.wrap({
    inner: paper,
    journal: new OrderJournal(terminal.storage.store.orders, terminal.storage.store.fills),
    halted: () => terminal.status().halt.halted,
    venue: 'grid-venue',
    describe: () => ({ strategy: 'dca-grid', reason: 'grid level' }),
  });
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stopServing = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd);
  return {
    terminal,
    exchange,
    api,
    async close() {
      api.dispose();
      stopServing();
      await exchange!.close();
      await terminal.close();
    },
  };
}

describe('emergency stop in paper mode, persisted across a restart', () => {
  it('leaves zero open orders, stays HALTED after a restart, and resumes only when re-armed', { timeout: 120_000 }, async () => {
    const first = await startTerminal();
    for (let level = 0; level < 5; level++) {
      await first.exchange.placeOrder({ clientOrderId: `grid-${level}`, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 50_000 - level * 500 });
    }
    expect(await paper.fetchOpenOrders()).toHaveLength(5);

    const stopped = await first.api.call('risk.emergencyStop', { source: 'button' });
    expect(stopped).toMatchObject({ halted: true, source: 'button', reason: 'Emergency Stop pressed' });
    expect(stopped.stop?.orders.map((o) => [o.clientOrderId, o.outcome])).toEqual([0, 1, 2, 3, 4].map((level) => [`grid-${level}`, 'canceled']));
    expect(stopped.stop?.remainingOpen).toBe(0);
    expect(await paper.fetchOpenOrders()).toEqual([]);
    expect(first.terminal.storage.store.orders.live()).toEqual([]);
    expect((await first.api.call('risk.lastStop', {}))?.orders).toHaveLength(5);
    const events = await first.api.call('risk.events', {});
    expect(events.map((e) => e.kind)).toContain('halted');
    const audit = first.terminal.storage.store.audit.list({ limit: 10, category: 'emergency_stop' }).map((e) => [e.action, e.source]);
    expect(audit).toEqual([
      ['cancel_results', 'button'],
      ['halt', 'button'],
    ]);
    const haltedSince = stopped.since;
    await first.close();

    // Restart: still HALTED, nothing can be sent.
    const second = await startTerminal();
    const status = await second.api.call('app.status', {});
    expect(status.halt).toMatchObject({ halted: true, since: haltedSince, source: 'button' });
    await expect(second.exchange.placeOrder({ clientOrderId: 'after-restart', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 49_000 })).rejects.toBeInstanceOf(HaltedError);
    expect(await paper.fetchOpenOrders()).toEqual([]);
    const state = await second.api.call('risk.state', {});
    expect(state.halted).toBe(true);

    // Re-arm is deliberate: the preview says what resumes, then trading works again.
    const preview = await second.api.call('risk.resumePreview', {});
    expect(preview).toMatchObject({ halted: true, since: haltedSince, accounts: [
        { account: 'paper', label: 'Paper', mode: 'paper' },
        { account: 'grid-venue', label: 'Grid venue', mode: 'paper' },
      ],
    });
    const rearmed = await second.api.call('risk.rearm', { confirm: true });
    expect(rearmed.halted).toBe(false);
    await second.exchange.placeOrder({ clientOrderId: 'after-rearm', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 49_000 });
    expect(await paper.fetchOpenOrders()).toHaveLength(1);
    expect(second.terminal.storage.store.audit.list({ limit: 2, category: 'emergency_stop' }).map((e) => e.action)).toEqual(['resume', 'rearm']);
    await second.close();
  });
});

import { describe, expect, it } from 'vitest';
import { EmergencyStop, type Notification, type StopAccount } from '../../../core/risk/emergency-stop.js';
import { flattenAccounts } from '../../../core/risk/flatten.js';
import { HaltSwitch, HaltedError, InMemoryHaltStateRepository } from '../../../core/risk/halt.js';
import { Reconciler } from '../../../core/risk/reconcile.js';
import { SettingsHaltStateRepository } from '../../../core/store/repositories/halt-state.js';
import { PAPER_MARKETS, paperWorld } from './paper-world.js';
import { T0 } from './helpers.js';

async function gridOnFiveSymbols(world: ReturnType<typeof paperWorld>): Promise<void> {
  // 4 resting buy levels below the market on each of 5 symbols: 20 open orders.
  for (const [s, market] of PAPER_MARKETS.entries()) {
    for (let level = 0; level < 4; level++) {
      await world.exchange.placeOrder({ clientOrderId: `grid-${s}-${level}`, symbol: market.symbol, side: 'buy', type: 'limit', amount: 1, price: 100 - level });
    }
  }
}

describe('emergency stop on the paper exchange', () => {
  it('halts in the same turn, cancels all 20 open orders over 5 symbols, and reports each one', async () => {
    const world = paperWorld();
    await gridOnFiveSymbols(world);
    expect(await world.paper.fetchOpenOrders()).toHaveLength(20);
    const halt = new HaltSwitch(new SettingsHaltStateRepository(world.store.settings), world.now);
    world.halt.halted = false;
    const notifications: Notification[] = [];
    const account: StopAccount = { id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange };
    const stop = new EmergencyStop({ halt, accounts: () => [account], audit: world.store.audit, auditHaltChanges: true, notify: (n) => notifications.push(n), now: world.now });

    const { halt: state, done } = stop.trigger('button', 'Emergency Stop pressed');
    // Same turn, before any await: HALTED is persisted and visible.
    expect(state).toMatchObject({ halted: true, source: 'button', reason: 'Emergency Stop pressed' });
    expect(new SettingsHaltStateRepository(world.store.settings).load().halted).toBe(true);

    const report = await done;
    expect(await world.paper.fetchOpenOrders()).toEqual([]);
    expect(report.orders).toHaveLength(20);
    expect(report.orders.every((o) => o.outcome === 'canceled' && o.attempts === 1 && o.account === 'paper')).toBe(true);
    expect(new Set(report.orders.map((o) => o.symbol)).size).toBe(5);
    expect(report).toMatchObject({ remainingOpen: 0, accounts: [{ account: 'paper', method: 'cancel_all', error: null }] });
    expect(world.store.orders.live()).toEqual([]);
    expect(world.store.audit.list({ limit: 10 }).map((e) => e.action).reverse()).toEqual(['halt', 'cancel_results']);
    expect(world.store.audit.list({ limit: 1 })[0]!.detail).toMatchObject({ canceled: 20, failed: 0, remainingOpen: 0 });
    expect(notifications.at(-1)).toEqual({ title: 'Emergency stop: HALTED', body: '20 order(s) cancelled, 0 already filled.', level: 'warning' });
  });

  it('reports an order that filled before the stop as gone, and cancels only what is open', async () => {
    const world = paperWorld();
    await world.exchange.placeOrder({ clientOrderId: 'a', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 100 });
    await world.exchange.placeOrder({ clientOrderId: 'b', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90 });
    world.paper.onCandle('BTC/USDT', { time: T0, open: 101, high: 101, low: 95, close: 96, volume: 100 }); // fills a at 100
    const halt = new HaltSwitch(new InMemoryHaltStateRepository(), world.now);
    const stop = new EmergencyStop({ halt, accounts: () => [{ id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange }], now: world.now });
    const report = await stop.trigger('api', 'test').done;
    expect(report.orders.map((o) => [o.clientOrderId, o.outcome])).toEqual([['b', 'canceled']]);
    expect(world.store.orders.get('a')!.status).toBe('filled');
    expect(world.store.orders.get('b')!.status).toBe('canceled');
  });

  it('re-arm audits what resumes', async () => {
    const world = paperWorld();
    const halt = new HaltSwitch(new InMemoryHaltStateRepository(), world.now);
    const stop = new EmergencyStop({ halt, accounts: () => [], audit: world.store.audit, now: world.now });
    await stop.trigger('shortcut', 'test').done;
    expect(stop.rearm('user', { strategies: ['dca-grid'] }).halted).toBe(false);
    expect(world.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'resume', source: 'user', detail: { resumes: { strategies: ['dca-grid'] } } });
  });
});

describe('flatten', () => {
  it('sells what the bot bought at market, then verifies with the venue that nothing bot-owned is left', async () => {
    const world = paperWorld({ balances: { USDT: 10_000, ETH: 5 } });
    const market = (time: number, price: number) => ({ time, open: price, high: price, low: price, close: price, volume: 1_000 });
    world.paper.onCandle('BTC/USDT', market(T0, 100));
    await world.exchange.placeOrder({ clientOrderId: 'buy-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 2 });
    world.paper.onCandle('BTC/USDT', market(T0 + 60_000, 100)); // fills the market buy
    expect(world.store.orders.get('buy-1')!.status).toBe('filled');
    world.halt.halted = true; // flatten happens while halted
    const reconciler = new Reconciler({ journal: world.journal, accounts: () => [], now: world.now });
    let minute = 2;
    const report = await flattenAccounts([{ id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange }], {
      journal: world.journal,
      positions: (id) => reconciler.botPositions(id),
      newOrderId: () => 'flat-1',
      now: world.now,
      // The paper venue fills a market order on the next bar: each poll lets a bar pass.
      sleep: async () => world.paper.onCandle('BTC/USDT', market(T0 + minute++ * 60_000, 99)),
    });
    expect(report.verified).toBe(true);
    expect(report.positions).toEqual([
      { account: 'paper', symbol: 'BTC/USDT', quantity: 2, clientOrderId: 'flat-1', outcome: 'closed', remaining: 0, detail: 'sold 2 of 2 BTC (order filled); bot position now 0 BTC' },
    ]);
    expect(world.store.orders.get('flat-1')).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true, status: 'filled', reason: 'emergency_stop: flatten' });
    // The ETH the trader held before (never bought by the bot) is untouched.
    expect(world.paper.totalBalance('ETH')).toBe(5);
    await expect(world.exchange.placeOrder({ clientOrderId: 'after', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1 })).rejects.toBeInstanceOf(HaltedError);
  });

  it('reports dust below the market minimum instead of trying to sell it', async () => {
    const world = paperWorld();
    world.paper.onCandle('BTC/USDT', { time: T0, open: 100, high: 100, low: 100, close: 100, volume: 1_000 });
    await world.exchange.placeOrder({ clientOrderId: 'buy-d', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.1 });
    world.paper.onCandle('BTC/USDT', { time: T0 + 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1_000 });
    // Sell most of it by hand, leaving 0.0005 BTC (< 0.001 minimum).
    await world.exchange.placeOrder({ clientOrderId: 'sell-d', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.0995 });
    world.paper.onCandle('BTC/USDT', { time: T0 + 120_000, open: 100, high: 100, low: 100, close: 100, volume: 1_000 });
    const reconciler = new Reconciler({ journal: world.journal, accounts: () => [], now: world.now });
    const report = await flattenAccounts([{ id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange }], { journal: world.journal, positions: (id) => reconciler.botPositions(id), newOrderId: () => 'x', now: world.now });
    expect(report.positions.map((p) => [p.outcome, p.quantity])).toEqual([['dust', 0.0005]]);
    expect(report.verified).toBe(true);
  });
});

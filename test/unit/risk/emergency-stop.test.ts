import { describe, expect, it } from 'vitest';
import { EmergencyStop, type Notification, type StopAccount } from '../../../core/risk/emergency-stop.js';
import { flattenAccounts } from '../../../core/orders/flatten.js';
import { HaltSwitch, InMemoryHaltStateRepository } from '../../../core/risk/halt.js';
import { SettingsHaltStateRepository } from '../../../core/store/repositories/halt-state.js';
import { PAPER_MARKETS, paperWorld } from './paper-world.js';
import { T0 } from './helpers.js';
import { orderWorld } from '../../helpers/order-world.js';

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
    const account: StopAccount = { id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange, working: () => world.store.orders.live() };
    const stop = new EmergencyStop({ halt, accounts: () => [account], audit: world.store.audit, auditHaltChanges: true, notify: (n) => notifications.push(n), now: world.now });

    const { halt: state, done } = stop.trigger('button', 'Emergency Stop pressed');
    // Same turn, before any await: HALTED is in force; it is on disk once the cancels have left,
    // before the stop answers.
    expect(state).toMatchObject({ halted: true, source: 'button', reason: 'Emergency Stop pressed' });
    expect(halt.halted).toBe(true);
    expect(new SettingsHaltStateRepository(world.store.settings).load().halted).toBe(false);

    const report = await done;
    expect(new SettingsHaltStateRepository(world.store.settings).load()).toMatchObject({ halted: true, source: 'button' });
    expect(await world.paper.fetchOpenOrders()).toEqual([]);
    expect(report.orders).toHaveLength(20);
    expect(report.orders.every((o) => o.outcome === 'canceled' && o.attempts === 1 && o.account === 'paper')).toBe(true);
    expect(new Set(report.orders.map((o) => o.symbol)).size).toBe(5);
    expect(report).toMatchObject({ remainingOpen: 0, accounts: [{ account: 'paper', method: 'per_order', error: null }] });
    expect(world.store.orders.live()).toEqual([]);
    expect(world.store.audit.list({ limit: 10 }).map((e) => e.action).reverse()).toEqual(['halt', 'cancel_results']);
    expect(world.store.audit.list({ limit: 1 })[0]!.detail).toMatchObject({ canceled: 20, failed: 0, remainingOpen: 0 });
    expect(notifications.at(-1)).toEqual({ title: 'Emergency stop: HALTED', body: '20 orders cancelled, 0 already filled.', level: 'warning' });
  });

  it('lists each cancelled order with its side, symbol, amount, price and source', async () => {
    const world = paperWorld();
    await world.exchange.submit({ clientOrderId: 'mine', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.5, price: 90 }, { strategy: null, reason: 'manual order', tradeId: null, exitReason: null }, false);
    await world.exchange.submit({ clientOrderId: 'grid', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 2, price: 80 }, { strategy: 'dip-grid', reason: 'grid 1', tradeId: 't1', exitReason: null }, false);
    await world.paper.placeOrder({ clientOrderId: 'elsewhere', symbol: 'SOL/USDT', side: 'buy', type: 'limit', amount: 3, price: 80 });
    const halt = new HaltSwitch(new InMemoryHaltStateRepository(), world.now);
    const describeOrder = (account: string, id: string) => {
      const order = world.journal.get(id);
      return order && order.venue === account ? { side: order.side, amount: order.amount, price: order.price, source: order.strategy ?? 'manual' } : null;
    };
    const stop = new EmergencyStop({ halt, accounts: () => [{ id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange }], describeOrder, now: world.now });
    const report = await stop.trigger('button', 'test').done;
    const shown = report.orders.map(({ symbol, side, amount, price, source, outcome }) => ({ symbol, side, amount, price, source, outcome }));
    expect(shown.sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual([
      { symbol: 'BTC/USDT', side: 'buy', amount: 0.5, price: 90, source: 'manual', outcome: 'canceled' },
      { symbol: 'ETH/USDT', side: 'buy', amount: 2, price: 80, source: 'dip-grid', outcome: 'canceled' },
      // Not placed through Halyard's journal: found in the venue's open orders, described as the venue lists it.
      { symbol: 'SOL/USDT', side: 'buy', amount: 3, price: 80, source: 'untracked', outcome: 'canceled' },
    ]);
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

  it('keeps the orders it is told to keep, lists them as kept, and cancels the rest', async () => {
    const world = paperWorld();
    await gridOnFiveSymbols(world);
    const halt = new HaltSwitch(new InMemoryHaltStateRepository(), world.now);
    const keep = new Set(['grid-0-0', 'grid-3-2']);
    const notifications: Notification[] = [];
    const account: StopAccount = { id: 'paper', label: 'Paper', mode: 'paper', port: world.exchange, working: () => world.store.orders.live(), keep: (o) => keep.has(o.clientOrderId) };
    const report = await new EmergencyStop({ halt, accounts: () => [account], notify: (n) => notifications.push(n), now: world.now }).trigger('api', 'test').done;
    expect((await world.paper.fetchOpenOrders()).map((o) => o.clientOrderId).sort()).toEqual([...keep].sort());
    expect(report.orders.filter((o) => o.outcome === 'kept').map((o) => o.clientOrderId).sort()).toEqual([...keep].sort());
    expect(report.orders.filter((o) => o.outcome === 'canceled')).toHaveLength(18);
    expect(report.remainingOpen).toBe(0);
    expect(notifications.at(-1)!.body).toBe('18 orders cancelled, 0 already filled, 2 protective stops kept at the venue.');
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
  const market = (time: number, price: number) => ({ time, open: price, high: price, low: price, close: price, volume: 1_000 });
  const positions = (world: ReturnType<typeof orderWorld>) => (id: string) => world.ledger.entries(id).map((e) => ({ owner: e.owner, symbol: e.symbol, quantity: e.position.quantity }));

  it("sells every owner's position at market through the order pipeline while HALTED, then verifies with the venue", async () => {
    const world = orderWorld({ balances: { USDT: 10_000, ETH: 5 } });
    world.paper.onCandle('BTC/USDT', market(T0, 100));
    await world.pipeline.submit({ account: 'paper', owner: 'dca-grid', act: 'automatic', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 2, purpose: 'enter', reason: 'grid level', referencePrice: 100 } }).done;
    world.paper.onCandle('BTC/USDT', market(T0 + 60_000, 100)); // fills the market buy
    expect(world.ledger.entry('paper', 'dca-grid', 'BTC/USDT')?.position.quantity).toBe(2);
    world.halt.halt('test', 'flatten happens while halted');
    let minute = 2;
    const report = await flattenAccounts([{ id: 'paper', port: world.port }], {
      pipeline: world.pipeline,
      journal: world.journal,
      positions: positions(world),
      now: world.now,
      // The paper venue fills a market order on the next bar: each poll lets a bar pass.
      sleep: async () => world.paper.onCandle('BTC/USDT', market(T0 + minute++ * 60_000, 99)),
    });
    expect(report.verified).toBe(true);
    expect(report.positions).toEqual([
      { account: 'paper', owner: 'dca-grid', symbol: 'BTC/USDT', quantity: 2, clientOrderId: 'w-2', outcome: 'closed', remaining: 0, detail: "sold 2 of 2 BTC (order filled); dca-grid's position now 0 BTC" },
    ]);
    expect(world.store.orders.get('w-2')).toMatchObject({ side: 'sell', type: 'market', reduceOnly: false, status: 'filled', reason: 'emergency_stop: flatten', strategy: 'dca-grid', exitReason: 'emergency_stop' });
    // The trader's own act while HALTED is audited as such.
    expect(world.store.audit.list({ limit: 1, category: 'emergency_stop' })[0]).toMatchObject({ action: 'close_while_halted', detail: { owner: 'dca-grid', symbol: 'BTC/USDT' } });
    // The ETH the trader held before (no position in the ledger) is untouched.
    expect(world.paper.totalBalance('ETH')).toBe(5);
    const automatic = await world.pipeline.submit({ account: 'paper', owner: 'dca-grid', act: 'automatic', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1, purpose: 'enter', reason: 'grid level', referencePrice: 99 } }).done;
    expect(automatic).toMatchObject({ ok: false, stage: 'risk', message: expect.stringContaining('HALTED') });
  });

  it('reports dust below the market minimum instead of trying to sell it', async () => {
    const world = orderWorld();
    world.paper.onCandle('BTC/USDT', market(T0, 100));
    await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.1, purpose: 'enter', reason: 'manual order', referencePrice: 100 } }).done;
    world.paper.onCandle('BTC/USDT', market(T0 + 60_000, 100));
    // Sell most of it by hand, leaving 0.0005 BTC (< 0.001 minimum).
    await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: 0.0995, purpose: 'exit', reason: 'manual', exitReason: 'manual', referencePrice: 100 } }).done;
    world.paper.onCandle('BTC/USDT', market(T0 + 120_000, 100));
    const report = await flattenAccounts([{ id: 'paper', port: world.port }], { pipeline: world.pipeline, journal: world.journal, positions: positions(world), now: world.now });
    expect(report.positions.map((p) => [p.outcome, p.quantity])).toEqual([['dust', 0.0005]]);
    expect(report.verified).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { orderWorld } from '../../helpers/order-world.js';

/** 1 BTC bought at 100, and the trader's sell stop-limit on it working (the last price still 100). */
async function sellStopHeld(price: number, stopPrice: number) {
  const world = orderWorld();
  world.bar(100);
  await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 1, purpose: 'enter', reason: 'manual order' } }).done;
  world.bar(100);
  const placed = await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 1, price, stopPrice, purpose: 'exit', reason: 'manual order' } }).done;
  expect(placed).toMatchObject({ ok: true, order: { status: 'open', stopPrice } });
  return { world, id: placed.ok ? placed.order.clientOrderId : '' };
}

/** Modify = cancel/replace on the one order road: the replacement goes out only after a confirmed cancel. */
describe('OrderPipeline.replace', () => {
  it('cancels, then sends the new price and amount under a new client id naming the old one', async () => {
    const world = orderWorld();
    world.bar(100);
    const placed = await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, purpose: 'enter', reason: 'manual order' } }).done;
    expect(placed.ok).toBe(true);
    const id = placed.ok ? placed.order.clientOrderId : '';
    const outcome = await world.pipeline.replace(id, { price: 95, amount: 2 });
    expect(outcome).toMatchObject({ ok: true, replaced: id, order: { side: 'buy', type: 'limit', price: 95, amount: 2, status: 'open', reason: `manual order (replaces ${id})` } });
    expect(world.journal.get(id)!.status).toBe('canceled');
  });

  it('sends nothing new when the venue says the order filled before the cancel reached it', async () => {
    const world = orderWorld();
    world.bar(100);
    const placed = await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, purpose: 'enter', reason: 'manual order' } }).done;
    const id = placed.ok ? placed.order.clientOrderId : '';
    // The venue filled it while Halyard's view still said open: its cancel answers "already filled".
    Object.assign(world.paper, { cancelOrder: async () => ({ clientOrderId: id, exchangeOrderId: null, symbol: 'BTC/USDT', outcome: 'already_filled' as const }) });
    const before = world.journal.orders.recent({ limit: 100 }).length;
    const outcome = await world.pipeline.replace(id, { price: 95 });
    expect(outcome).toEqual({ ok: false, stage: 'exchange', message: 'BTC/USDT order not modified — it filled before it could be cancelled; nothing new was sent' });
    expect(world.journal.orders.recent({ limit: 100 })).toHaveLength(before);
  });

  it('leaves the order working when the new price or amount breaks the market’s rules (nothing is cancelled)', async () => {
    const world = orderWorld();
    world.bar(100);
    const placed = await world.pipeline.submit({ account: 'paper', owner: 'manual', act: 'trader', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, purpose: 'enter', reason: 'manual order' } }).done;
    const id = placed.ok ? placed.order.clientOrderId : '';
    const before = world.journal.orders.recent({ limit: 100 }).length;
    expect(await world.pipeline.replace(id, { price: 0 })).toEqual({ ok: false, stage: 'rules', field: 'price', message: 'BTC/USDT: price 0 USDT must be a positive number — the order was not changed' });
    expect(world.journal.get(id)!.status).toBe('open');
    expect(world.journal.orders.recent({ limit: 100 })).toHaveLength(before);
  });

  it('leaves a stop-limit working when its new stop is one the last price has already reached (nothing is cancelled)', async () => {
    const { world, id } = await sellStopHeld(94, 95);
    const before = world.journal.orders.recent({ limit: 100 }).length;
    // A sell stop at or above the last price (100) would trigger at once: the venue would refuse the replacement after the cancel.
    expect(await world.pipeline.replace(id, { stopPrice: 100 })).toEqual({
      ok: false,
      stage: 'rules',
      field: 'stopPrice',
      message: 'BTC/USDT: Order would trigger immediately: the stop price 100 is at or above the last price 100 — a sell stop must be below the market — the order was not changed',
    });
    expect(world.journal.get(id)!.status).toBe('open');
    expect(world.journal.orders.recent({ limit: 100 })).toHaveLength(before);
    // A stop still below the market moves as asked.
    expect(await world.pipeline.replace(id, { stopPrice: 96, price: 95 })).toMatchObject({ ok: true, replaced: id, order: { type: 'stop_limit', stopPrice: 96, price: 95, status: 'open' } });
  });

  it('leaves a triggered stop-limit working when the market is past its stop (a replacement would trigger at once)', async () => {
    // Sell stop 95, limit 97: a bar at 93 triggers it and leaves it resting at 97, unfilled.
    const { world, id } = await sellStopHeld(97, 95);
    world.bar(93);
    expect(world.journal.get(id)!.status).toBe('open');
    const outcome = await world.pipeline.replace(id, { price: 96 });
    expect(outcome).toMatchObject({ ok: false, stage: 'rules', field: 'stopPrice' });
    expect(outcome.ok ? '' : outcome.message).toMatch(/the stop price 95 is at or above the last price 93 .* — the order was not changed$/);
    expect(world.journal.get(id)!.status).toBe('open');
  });

  it('leaves a strategy’s order to its strategy', async () => {
    const world = orderWorld();
    world.bar(100);
    const placed = await world.pipeline.submit({ account: 'paper', owner: 'grid', act: 'automatic', intent: { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 1, price: 90, purpose: 'enter', reason: 'grid level' } }).done;
    const id = placed.ok ? placed.order.clientOrderId : '';
    expect(await world.pipeline.replace(id, { price: 95 })).toMatchObject({ ok: false, message: `BTC/USDT order ${id} belongs to grid; its strategy manages it` });
  });
});

import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../../core/exchange/errors.js';
import { HaltedError } from '../../../core/risk/halt.js';
import { paperWorld } from './paper-world.js';
import { T0 } from './helpers.js';

describe('order journal', () => {
  it('writes the intent before the venue sees the order, then every transition after', async () => {
    const world = paperWorld();
    const seenAtSend: (string | null)[] = [];
    // The paper venue reports the new order synchronously, inside the send: the journal row must already be there.
    world.paper.onOrderUpdate(({ order }) => seenAtSend.push(world.store.orders.get(order.clientOrderId)?.clientOrderId ?? null));
    const order = await world.exchange.submit({ clientOrderId: 'hy-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.012345, price: 40_000.004 }, { strategy: 'dca-grid', reason: 'grid level', tradeId: 'grid-t1' }, false);
    expect(seenAtSend[0]).toBe('hy-1');
    const row = world.store.orders.get('hy-1')!;
    // Journaled with the venue's rounding: amount truncated to the 0.0001 step, price rounded to the 0.01 tick.
    expect(row).toMatchObject({ amount: 0.0123, price: 40_000, status: 'open', strategy: 'dca-grid', reason: 'grid level', tradeId: 'grid-t1', exchangeOrderId: order.exchangeOrderId });
    expect(world.store.orders.transitions('hy-1').map((t) => [t.from, t.to])).toEqual([
      [null, 'pending'],
      ['pending', 'open'],
    ]);
  });

  it('records fills and the fill status when the market trades through a limit', async () => {
    const world = paperWorld();
    await world.exchange.placeOrder({ clientOrderId: 'hy-2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 });
    world.paper.onCandle('BTC/USDT', { time: T0, open: 40_100, high: 40_200, low: 39_900, close: 40_050, volume: 100 });
    expect(world.store.orders.get('hy-2')).toMatchObject({ status: 'filled', filled: 0.01, averagePrice: 40_000 });
    expect(world.store.fills.forOrder('hy-2')).toHaveLength(1);
  });

  it('closes a refused order as rejected with the venue reason', async () => {
    const world = paperWorld({ balances: { USDT: 100 } });
    await expect(world.exchange.placeOrder({ clientOrderId: 'hy-3', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 })).rejects.toThrow();
    const row = world.store.orders.get('hy-3')!;
    expect(row.status).toBe('rejected');
    expect(world.store.orders.transitions('hy-3').at(-1)!.note).toMatch(/insufficient|balance/i);
  });

  it('refuses to send while HALTED, without journaling anything', async () => {
    const world = paperWorld();
    world.halt.halted = true;
    await expect(world.exchange.placeOrder({ clientOrderId: 'hy-4', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 })).rejects.toBeInstanceOf(HaltedError);
    expect(world.store.orders.get('hy-4')).toBeNull();
    expect(await world.paper.fetchOpenOrders()).toEqual([]);
  });

  it("lets the trader's own risk-reducing orders through while HALTED, journaled with their owner and reason", async () => {
    const world = paperWorld({ balances: { USDT: 0, BTC: 1 } });
    world.halt.halted = true;
    await world.exchange.submit({ clientOrderId: 'hy-5', symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: 0.5, price: 60_000 }, { strategy: 'dca-grid', reason: 'emergency_stop: flatten', exitReason: 'emergency_stop' }, true);
    expect(world.store.orders.get('hy-5')).toMatchObject({ status: 'open', reason: 'emergency_stop: flatten', strategy: 'dca-grid', exitReason: 'emergency_stop', reduceOnly: false });
  });

  it('marks a journaled order cancelled when the venue confirms the cancel', async () => {
    const world = paperWorld();
    await world.exchange.placeOrder({ clientOrderId: 'hy-6', symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: 1, price: 2_000 });
    const [result] = await world.exchange.cancelAllOrders();
    expect(result?.outcome).toBe('canceled');
    expect(world.store.orders.get('hy-6')!.status).toBe('canceled');
    expect(world.store.orders.live()).toEqual([]);
  });

  it('keeps an ambiguous send unknown, also when the lookups found nothing yet; only a clear refusal rejects', () => {
    const world = paperWorld();
    const intend = (id: string) => world.journal.intend({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 }, { venue: 'paper', strategy: null, reason: 'test' });
    intend('hy-7');
    intend('hy-8');
    intend('hy-9');
    world.journal.sendFailed('hy-7', new ExchangeError('unknown_outcome', 'timed out; not found after 4 lookups'));
    world.journal.sendFailed('hy-8', new ExchangeError('order_not_found', 'not found'));
    world.journal.sendFailed('hy-9', new ExchangeError('invalid_order', 'Filter failure: LOT_SIZE'));
    expect(['hy-7', 'hy-8', 'hy-9'].map((id) => world.store.orders.get(id)!.status)).toEqual(['unknown', 'unknown', 'rejected']);
  });

  it('reopens an order closed as never placed when the venue reports it after all, and takes the venue state', () => {
    const world = paperWorld();
    world.journal.intend({ clientOrderId: 'hy-10', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 }, { venue: 'paper', strategy: null, reason: 'test' });
    world.journal.sendFailed('hy-10', new ExchangeError('unknown_outcome', 'timed out'));
    world.journal.mark('hy-10', 'rejected', 'not found during reconciliation: it was never placed');
    const late = { clientOrderId: 'hy-10', exchangeOrderId: 'X-77', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000, stopPrice: null, filled: 0, averagePrice: null, status: 'open', fee: 0, feeCurrency: null, createdAt: T0, updatedAt: T0 } as const;
    expect(world.journal.apply('paper', late)).toMatchObject({ status: 'open', exchangeOrderId: 'X-77' });
    expect(world.store.orders.transitions('hy-10').map((t) => t.to)).toEqual(['pending', 'unknown', 'rejected', 'unknown', 'open']);
    // An order the venue acknowledged and ended stays ended: only a rejection without any exchange id can be reopened.
    world.journal.intend({ clientOrderId: 'hy-11', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000 }, { venue: 'paper', strategy: null, reason: 'test' });
    world.journal.apply('paper', { ...late, clientOrderId: 'hy-11', exchangeOrderId: 'X-78', status: 'canceled' });
    expect(world.journal.apply('paper', { ...late, clientOrderId: 'hy-11', exchangeOrderId: 'X-78', status: 'open' })).toMatchObject({ status: 'canceled' });
    expect(() => world.store.orders.transition('hy-11', { status: 'unknown', at: T0, reopen: true })).toThrow(/only a rejected order no venue acknowledged can be reopened/);
  });
});

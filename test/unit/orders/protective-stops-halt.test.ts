import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../core/orders/order-record.js';
import type { SubmitRequest } from '../../../core/orders/pipeline.js';
import { PROTECTIVE_REASON, ProtectiveStops } from '../../../core/orders/protective-stops.js';

/**
 * ProtectiveStops while HALTED, with the pipeline and the journal as plain records: a stop a manual exit took
 * away comes back when the emergency stop cancels that exit (the trader's act: it passes HALTED) — unless the
 * trader ticked "Cancel protective stops on emergency stop"; and nothing else is sent while HALTED.
 */
function world(options: { keptOnHalt: boolean }) {
  const orders = new Map<string, OrderRecord>();
  const sent: SubmitRequest[] = [];
  let halted = false;
  let next = 0;
  const record = (id: string, fields: Partial<OrderRecord>): OrderRecord => {
    const order = { clientOrderId: id, symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, filled: 0, status: 'open', reason: PROTECTIVE_REASON, strategy: null, stopPrice: 45_000, ...fields } as OrderRecord;
    orders.set(id, order);
    return order;
  };
  const stops = new ProtectiveStops({
    pipeline: {
      submit: (request) => {
        sent.push(request);
        const order = record(`o${++next}`, { amount: request.intent.amount, stopPrice: request.intent.stopPrice ?? null, reason: request.intent.reason });
        return { clientOrderId: order.clientOrderId, done: Promise.resolve({ ok: true as const, order }) };
      },
      cancel: async (id) => {
        record(id, { ...orders.get(id), status: 'canceled' });
        return { ok: true as const };
      },
    } as ConstructorParameters<typeof ProtectiveStops>[0]['pipeline'],
    account: () => ({ live: true, port: { capabilities: { stopOrders: true }, market: () => ({}), cancelOrder: async (id: string) => (record(id, { ...orders.get(id), status: 'canceled' }), { outcome: 'canceled' }) } }) as never,
    workingOrders: () => [],
    halted: () => halted,
    isOpen: (id) => orders.get(id)?.status === 'open',
    order: (id) => orders.get(id) ?? null,
    keptOnHalt: () => options.keptOnHalt,
  });
  const target = { account: 'binance:main', owner: 'manual', symbol: 'BTC/USDT', stop: { price: 45_000, quantity: 0.01, reason: 'stop_loss' as const } };
  return {
    stops,
    sent,
    orders,
    halt: () => (halted = true),
    /** The stop rests; then a manual stop-limit sell takes it away and rests itself. */
    async exitResting(): Promise<OrderRecord> {
      stops.want(target);
      await stops.settled();
      await stops.release('binance:main', 'manual', 'BTC/USDT');
      const exit = record('exit', { amount: 0.002, stopPrice: 48_000, reason: 'manual' });
      stops.exitSent('binance:main', 'manual', 'BTC/USDT', { ok: true, order: exit });
      await stops.settled();
      return exit;
    },
  };
}

describe('protective stops while HALTED', () => {
  it('put back the stop an exit took away once the emergency stop cancels that exit, as the trader’s act', async () => {
    const w = world({ keptOnHalt: true });
    const exit = await w.exitResting();
    expect(w.sent).toHaveLength(1);
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toMatch(/an exit is on its way/);
    w.halt();
    w.orders.set('exit', { ...exit, status: 'canceled' });
    w.stops.orderChanged(w.orders.get('exit')!);
    await w.stops.settled();
    expect(w.sent.map((r) => [r.act, r.intent.stopPrice, r.intent.amount])).toEqual([
      ['automatic', 45_000, 0.01],
      ['trader', 45_000, 0.01],
    ]);
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toBe('protected at venue (stop 45000)');
  });

  it('leave it off when the trader has the emergency stop cancel protective stops, and send nothing else while HALTED', async () => {
    const w = world({ keptOnHalt: false });
    const exit = await w.exitResting();
    w.halt();
    w.orders.set('exit', { ...exit, status: 'canceled' });
    w.stops.orderChanged(w.orders.get('exit')!);
    w.stops.want({ account: 'binance:main', owner: 'manual', symbol: 'BTC/USDT', stop: { price: 46_000, quantity: 0.01, reason: 'trailing_stop' } });
    await w.stops.settled();
    expect(w.sent).toHaveLength(1);
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toBe('stop held by Halyard only: HALTED — placed at the venue again once re-armed');
  });

  it('after a restart, read the position’s saved stop when nothing has asked for it yet: never a silent row', () => {
    const w = world({ keptOnHalt: true });
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT', null)).toBeNull();
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT', 45_000)).toBe('stop held by Halyard only: none at the venue while nothing runs its exits');
    w.halt();
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT', 45_000)).toBe('stop held by Halyard only: HALTED — placed at the venue again once re-armed');
  });
});


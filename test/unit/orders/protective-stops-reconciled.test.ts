import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../core/orders/order-record.js';
import type { SubmitRequest } from '../../../core/orders/pipeline.js';
import { PROTECTIVE_REASON, ProtectiveStops } from '../../../core/orders/protective-stops.js';

/**
 * ProtectiveStops when an account's reconciliation completes: a stop the gate refused while it ran goes to the
 * venue then — after the stops the journal now knows resting are taken over, so none is doubled — and only the
 * reconciled account's stops are applied again. Pipeline and journal as plain records.
 */
const REFUSED = 'reconciliation with the exchanges is running; BTC/USDT exit refused until the journal matches the venues';

function world() {
  const orders = new Map<string, OrderRecord & { account: string }>();
  const sent: SubmitRequest[] = [];
  let reconciling = true;
  let next = 0;
  const record = (id: string, account: string, fields: Partial<OrderRecord>) => {
    const order = { clientOrderId: id, symbol: 'BTC/USDT', side: 'sell', type: 'stop_limit', amount: 0.01, filled: 0, status: 'open', reason: PROTECTIVE_REASON, strategy: null, stopPrice: 45_000, ...fields, account } as OrderRecord & { account: string };
    orders.set(id, order);
    return order;
  };
  const stops = new ProtectiveStops({
    pipeline: {
      submit: (request: SubmitRequest) => {
        sent.push(request);
        if (reconciling) return { clientOrderId: 'refused', done: Promise.resolve({ ok: false as const, message: REFUSED }) };
        const order = record(`o${++next}`, request.account, { amount: request.intent.amount, stopPrice: request.intent.stopPrice ?? null });
        return { clientOrderId: order.clientOrderId, done: Promise.resolve({ ok: true as const, order }) };
      },
      cancel: async () => ({ ok: true as const }),
    } as unknown as ConstructorParameters<typeof ProtectiveStops>[0]['pipeline'],
    account: () => ({ live: true, port: { capabilities: { stopOrders: true }, market: () => ({}), cancelOrder: async () => ({ outcome: 'canceled' }) } }) as never,
    workingOrders: (account) => [...orders.values()].filter((o) => o.account === account && o.status === 'open'),
    halted: () => false,
    isOpen: (id) => orders.get(id)?.status === 'open',
    order: (id) => orders.get(id) ?? null,
  });
  const target = (account: string) => ({ account, owner: 'manual', symbol: 'BTC/USDT', stop: { price: 45_000, quantity: 0.01, reason: 'stop_loss' as const } });
  return { stops, sent, record, target, reconciled: () => (reconciling = false) };
}

describe('protective stops once an account is reconciled', () => {
  it('place the stop refused while reconciliation ran, for that account only', async () => {
    const w = world();
    w.stops.want(w.target('binance:main'));
    w.stops.want(w.target('kraken:main'));
    await w.stops.settled();
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toBe(`stop held by Halyard only: the venue's stop was refused: ${REFUSED}`);

    w.reconciled();
    w.stops.reconciled('binance:main');
    await w.stops.settled();
    expect(w.sent.slice(2).map((r) => [r.account, r.intent.stopPrice, r.intent.amount])).toEqual([['binance:main', 45_000, 0.01]]);
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toBe('protected at venue (stop 45000)');
    expect(w.stops.status('kraken:main', 'manual', 'BTC/USDT')).toMatch(/refused/);
  });

  it('take over a stop the reconciliation found resting instead of placing a second one', async () => {
    const w = world();
    w.stops.want(w.target('binance:main'));
    await w.stops.settled();
    // The reconciliation brought the journal up to date: a stop of an earlier run rests at the venue after all.
    w.record('earlier', 'binance:main', { stopPrice: 45_000, amount: 0.01 });
    w.reconciled();
    w.stops.reconciled('binance:main');
    await w.stops.settled();
    expect(w.sent).toHaveLength(1);
    expect(w.stops.status('binance:main', 'manual', 'BTC/USDT')).toBe('protected at venue (stop 45000)');
  });
});

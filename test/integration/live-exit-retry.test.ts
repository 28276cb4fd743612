import { describe, expect, it, vi } from 'vitest';
import { binanceDesk } from '../helpers/binance-desk.js';
import { armedOnStub } from '../helpers/venue-bars.js';

/**
 * Exits are never lost: a strategy's take profit that the venue refuses (the coins are not free at the
 * venue: -2010 "Account has insufficient balance") stays pending — the position row says so — and is
 * retried on later bars until it fills. Real ccxt against the strict Binance stub, real keychain and
 * encrypted store: run under test/with-keyring.sh.
 */
const STRATEGY = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'tp-once',
  description: 'Test strategy: one BTC market entry with a take profit just above the market, once.',
  params: z.object({ qty: z.number().positive().default(0.01), takeProfit: z.number().positive().default(50050) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    let done = false;
    return {
      onCandle(ctx) {
        if (done || ctx.position !== null || ctx.openEntryOrders > 0) return [];
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.qty }, orderType: 'market', reason: 'enter once', exits: { takeProfits: [{ price: p.takeProfit, fraction: 1 }] } }];
      },
      onPositionClosed() { done = true; },
      readiness() { return 0; },
    };
  },
};
`;

const waitFor = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 60_000, interval: 100 });

describe('a take profit the venue refuses', () => {
  const desk = binanceDesk({ prefix: 'halyard-exit-retry-', strategies: { 'tp-once': STRATEGY } });

  it('stays pending, shows why on the position row, and is retried until it fills', { timeout: 180_000 }, async () => {
    const { stub, pump } = desk;
    const { api } = await desk.open();
    await armedOnStub(api, stub, ['BTC/USDT']);
    pump.start();
    await api.call('strategies.save', { name: 'tp-bot', strategy: 'tp-once', symbols: ['BTC/USDT'], account: 'binance:main', enabled: true });
    const id = 'binance:main:tp-bot:BTC/USDT';
    await waitFor(async () => expect((await api.call('positions.list', {})).find((p) => p.id === id)).toMatchObject({ quantity: 0.01, exitStatus: 'enforced' }));

    // The coins are no longer free at the venue (the trader moved them): the take profit's sell is refused.
    stub.book.setBalance('BTC', 0);
    pump.close.BTCUSDT = 50_100;
    await waitFor(async () => expect((await api.call('positions.list', {})).find((p) => p.id === id)?.exitStatus).toMatch(/^exit pending: .*insufficient balance/i));
    const refused = (await api.call('orders.list', { status: 'all' })).filter((o) => o.source === 'tp-bot' && o.side === 'sell');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((o) => o.status === 'rejected')).toBe(true);
    // Still held, its take profit still planned: nothing was dropped.
    expect((await api.call('positions.list', {})).find((p) => p.id === id)).toMatchObject({ quantity: 0.01, takeProfits: [{ price: 50_050, fraction: 1 }] });

    // The coins are back: the next retry sells them, and the trade closes with its one reason.
    stub.book.setBalance('BTC', 0.01);
    await waitFor(async () => expect((await api.call('positions.list', {})).some((p) => p.id === id)).toBe(false));
    const fills = (await api.call('fills.list', {})).filter((f) => f.source === 'tp-bot');
    expect(fills.map((f) => [f.side, f.exitReason])).toEqual([
      ['buy', null],
      ['sell', 'take_profit'],
    ]);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(1);
    expect(stub.book.orders.filter((o) => o.symbol === 'BTCUSDT' && o.side === 'SELL' && o.status === 'FILLED')).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { apiTerminal, until } from '../helpers/api-terminal.js';

let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

afterEach(async () => {
  await current?.close();
  current = null;
});

describe('pnl.summary (API)', () => {
  it('shows an open position as unrealized, then the round trip as realized P&L with both fees', async () => {
    current = await apiTerminal({ speed: 600, tickMs: 20 });
    const api = current.api;
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');

    const empty = await api.call('pnl.summary', {});
    expect(empty).toMatchObject({ account: 'paper', quote: 'USDT', startingBalance: 10_000, bySource: [], bySymbol: [] });
    expect(empty.periods.all.returnPct).toBeNull();

    const filled = async (clientOrderId: string) =>
      (await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.clientOrderId === clientOrderId && o.status === 'filled'), 'the fill')).find(
        (o) => o.clientOrderId === clientOrderId,
      )!;
    const buy = await filled((await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.5' })).clientOrderId);

    const open = await api.call('pnl.summary', {});
    expect(open.periods.all.exits).toBe(0);
    expect(open.periods.all.realizedGross).toBe(0);
    expect(open.periods.all.openFees).toBeCloseTo(buy.fee, 8);
    expect(open.periods.all.costBasis).toBeCloseTo(0.5 * buy.averagePrice!, 6);
    expect(open.bySource.map((s) => s.source)).toEqual(['manual']);

    const sell = await filled((await api.call('orders.place', { symbol: 'ETH/USDT', side: 'sell', type: 'market', amount: '0.5' })).clientOrderId);
    const summary = await api.call('pnl.summary', {});
    const all = summary.periods.all;
    const gross = 0.5 * (sell.averagePrice! - buy.averagePrice!);
    expect(all.exits).toBe(1);
    expect(all.realizedGross).toBeCloseTo(gross, 6);
    expect(all.realizedFees).toBeCloseTo(buy.fee + sell.fee, 8);
    expect(all.realizedFees).toBeGreaterThan(0);
    expect(all.realizedNet).toBeCloseTo(gross - buy.fee - sell.fee, 6);
    expect(all.unrealized).toBe(0);
    expect(all.net).toBeCloseTo(all.realizedNet, 8);
    expect(all.returnPct).toBeCloseTo((all.net / (0.5 * buy.averagePrice!)) * 100, 6);
    expect(summary.periods.week).toEqual(all); // both fills are minutes old on the market's clock
    expect(summary.bySymbol).toEqual([{ symbol: 'ETH/USDT', periods: expect.objectContaining({ all }) }]);

    // The account is flat again: the equity curve ends at its cash.
    const cash = (await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!.total;
    expect(summary.equity.value[0]).toBe(10_000);
    expect(summary.equity.value.at(-1)).toBeCloseTo(cash, 6);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { FillView } from '../../core/api/contract/trading.js';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';

let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

async function connect(): Promise<ApiClient> {
  current = await apiTerminal({ speed: 600, tickMs: 20 });
  return current.api;
}


afterEach(async () => {
  await current?.close();
  current = null;
});

describe('paper trading from the order ticket (API)', () => {
  it('fills a market buy at the next price with fees, shows the position, and closes it', async () => {
    const api = await connect();
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    const before = await api.call('balances.list', {});
    expect(before.find((b) => b.currency === 'USDT')?.total).toBe(10_000);

    const order = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.5' });
    expect(order).toMatchObject({ symbol: 'ETH/USDT', side: 'buy', source: 'manual', account: 'paper' });
    const filled = await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.clientOrderId === order.clientOrderId && o.status === 'filled'), 'the fill');
    const done = filled.find((o) => o.clientOrderId === order.clientOrderId)!;
    expect(done.filled).toBe(0.5);
    expect(done.fee).toBeCloseTo(0.5 * done.averagePrice! * 0.001, 8);

    const positions = await api.call('positions.list', {});
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: 'ETH/USDT', quantity: 0.5, source: 'manual' });
    expect(positions[0]!.averageEntry).toBeCloseTo(done.averagePrice!, 8);

    const cash = (await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!;
    expect(cash.total).toBeCloseTo(10_000 - 0.5 * done.averagePrice! - done.fee, 6);

    const pushed: FillView[] = [];
    api.on('fills.new', ({ fill }) => pushed.push(fill));
    await api.call('positions.close', { id: positions[0]!.id });
    await until(() => api.call('positions.list', {}), (list) => list.length === 0, 'the position to close');
    const fills = await api.call('fills.list', {});
    expect(fills.map((f) => f.side)).toEqual(['buy', 'sell']);
    // One trade: the entry and the exit carry the same trade id, and the exit says why it happened.
    const [entry, exit] = fills;
    expect(entry!.tradeId).not.toBeNull();
    expect(exit!.tradeId).toBe(entry!.tradeId);
    expect([entry!.exitReason, exit!.exitReason]).toEqual([null, 'manual']);
    await until(async () => pushed, (list) => list.length > 0, 'the exit fill event');
    expect(pushed[0]).toMatchObject({ side: 'sell', tradeId: entry!.tradeId, exitReason: 'manual' });
    const orders = await api.call('orders.list', { status: 'all' });
    expect(orders.find((o) => o.clientOrderId === exit!.clientOrderId)?.reason).toBe('manual');
    expect(orders.find((o) => o.clientOrderId === entry!.clientOrderId)?.reason).toBe('manual order');
  });

  it('rejects bad amounts, impossible prices and orders over the balance with reasons a trader can act on', async () => {
    const api = await connect();
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    for (const amount of ['', '1,5', '0x10', '-1']) {
      const error = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount }).catch((e: unknown) => e);
      expect((error as ApiError).code, amount).toBe('bad_request');
      expect((error as ApiError).issues?.[0]?.path).toBe('amount');
    }
    const noPrice = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01' }).catch((e: unknown) => e);
    expect((noPrice as ApiError).issues?.[0]).toMatchObject({ path: 'price' });
    const tiny = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.00001' }).catch((e: unknown) => e);
    expect((tiny as ApiError).code).toBe('rejected');
    expect((tiny as ApiError).message).toMatch(/minimum/);
    const tooMuch = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'limit', amount: '1', price: '9000' }).catch((e: unknown) => e);
    expect((tooMuch as ApiError).code).toBe('rejected');
    expect((tooMuch as ApiError).message).toMatch(/insufficient|balance|exposure|notional/i);
  });

  it('two limit orders cannot spend the same cash, and a cancelled order releases it', async () => {
    const api = await connect();
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    const [row] = (await api.call('market.watchlist', {})).filter((r) => r.symbol === 'SOL/USDT');
    const low = (row!.last! * 0.5).toFixed(2);
    const amount = (1_900 / Number(low)).toFixed(2); // ~1,900 USDT each: inside the 20 % exposure limit
    const first = await api.call('orders.place', { symbol: 'SOL/USDT', side: 'buy', type: 'limit', amount, price: low });
    expect(first.status).toBe('open');
    const cash = (await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!;
    expect(cash.used).toBeGreaterThan(0);
    const open = await api.call('orders.list', { status: 'open' });
    expect(open.map((o) => o.clientOrderId)).toContain(first.clientOrderId);
    const cancelled = await api.call('orders.cancel', { clientOrderId: first.clientOrderId });
    expect(cancelled.status).toBe('canceled');
    const after = (await api.call('balances.list', {})).find((b) => b.currency === 'USDT')!;
    expect(after.used).toBe(0);
    expect(after.free).toBe(10_000);
  });

  it('refuses new orders while HALTED and accepts them after re-arm', async () => {
    const api = await connect();
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    await api.call('risk.emergencyStop', { source: 'api' });
    const error = await api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.1' }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('halted');
    await api.call('risk.rearm', { confirm: true });
    await expect(api.call('orders.place', { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.1' })).resolves.toMatchObject({ side: 'buy' });
  });

  it('risk.state shows one account: paper by default or by name, and refuses an account that is not armed', async () => {
    const api = await connect();
    const paper = await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    const named = await api.call('risk.state', { account: 'paper' });
    expect([named.breaker.dayStartEquity, named.limits.map((l) => l.rule)]).toEqual([paper.breaker.dayStartEquity, paper.limits.map((l) => l.rule)]);
    await expect(api.call('risk.state', { account: 'binance:nobody' })).rejects.toMatchObject({ code: 'not_found', message: 'binance:nobody is not the paper account nor an armed account' });
  });
});

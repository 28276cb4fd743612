import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';

let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

async function connect(speed: number): Promise<ApiClient> {
  current = await apiTerminal({ speed, tickMs: 20 });
  return current.api;
}


afterEach(async () => {
  await current?.close();
  current = null;
});

describe('strategies running live on the paper account', () => {
  it('validates parameters with the strategy schema and refuses unknown strategies or symbols', async () => {
    const api = await connect(60);
    const bad = await api.call('strategies.save', { name: 'grid', strategy: 'dca-grid', params: { levels: 500 }, symbols: ['BTC/USDT'] }).catch((e: unknown) => e);
    expect((bad as ApiError).code).toBe('bad_request');
    expect((bad as ApiError).message).toMatch(/levels/);
    const unknown = await api.call('strategies.save', { name: 'x', strategy: 'martingale', symbols: ['BTC/USDT'] }).catch((e: unknown) => e);
    expect((unknown as ApiError).message).toMatch(/no strategy named "martingale"/);
    const symbol = await api.call('strategies.save', { name: 'x', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 0.01 }, symbols: ['PEPE/USDT'] }).catch((e: unknown) => e);
    expect((symbol as ApiError).message).toMatch(/PEPE\/USDT/);
    await expect(api.call('strategies.configs', {})).resolves.toEqual([]);
  });

  it('a DCA grid warms up on history, rests limit orders, and the emergency stop leaves none open', async () => {
    const api = await connect(600);
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    // A hair-trigger grid on 1m bars so it sets up within seconds of simulated market.
    const saved = await api.call('strategies.save', {
      name: 'grid-eth',
      strategy: 'dca-grid',
      params: { timeframe: '1m', dropPct: 0.5, highWindowHours: 0.25, volumeFactor: 0.5, levels: 3, spacingPct: 1, budgetFraction: 0.3, gridExpiryHours: 48 },
      symbols: ['ETH/USDT', 'SOL/USDT', 'BTC/USDT'],
      enabled: true,
    });
    expect(saved).toMatchObject({ name: 'grid-eth', version: 1, enabled: true, state: 'running' });
    const open = await until(
      () => api.call('orders.list', { status: 'open' }),
      (orders) => orders.some((o) => o.source === 'grid-eth' && o.type === 'limit'),
      'the grid to place its limit orders',
    );
    expect(open.filter((o) => o.source === 'grid-eth').every((o) => o.side === 'buy')).toBe(true);
    const configs = await api.call('strategies.configs', {});
    expect(Object.values(configs[0]!.readiness).some((r) => r !== null)).toBe(true);

    const halted = await api.call('risk.emergencyStop', { source: 'button' });
    expect(halted.halted).toBe(true);
    await expect(api.call('orders.list', { status: 'open' })).resolves.toEqual([]);
    expect(halted.stop?.remainingOpen).toBe(0);
    expect(halted.stop?.orders.length).toBeGreaterThan(0);
    expect(halted.stop?.orders.every((o) => o.outcome === 'canceled' || o.outcome === 'already_filled')).toBe(true);
    // While halted, the strategy keeps evaluating but nothing new reaches the exchange.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expect(api.call('orders.list', { status: 'open' })).resolves.toEqual([]);
  });
});

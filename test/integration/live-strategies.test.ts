import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { FillView } from '../../core/api/contract/trading.js';
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

/** A hair-trigger grid on 1m bars so it sets up within seconds of simulated market. */
const HAIR_TRIGGER_GRID = { timeframe: '1m', dropPct: 0.5, highWindowHours: 0.25, volumeFactor: 0.5, levels: 3, spacingPct: 1, budgetFraction: 0.15, gridExpiryHours: 48 };

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
    const saved = await api.call('strategies.save', {
      name: 'grid-eth',
      strategy: 'dca-grid',
      params: HAIR_TRIGGER_GRID,
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

  it('shows a running DCA grid’s planned levels for the chart where its orders rest, and none once it stops', async () => {
    const api = await connect(600);
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    const pushed: { symbol: string; levels: { label: string }[] }[] = [];
    api.on('strategies.levels', (event) => pushed.push(event));
    await api.call('strategies.save', { name: 'grid-eth', strategy: 'dca-grid', params: HAIR_TRIGGER_GRID, symbols: ['ETH/USDT', 'SOL/USDT', 'BTC/USDT'], enabled: true });
    const open = await until(
      () => api.call('orders.list', { status: 'open' }),
      (orders) => orders.some((o) => o.source === 'grid-eth' && o.type === 'limit'),
      'the grid to place its limit orders',
    );
    const symbol = open.find((o) => o.source === 'grid-eth')!.symbol;
    const levels = await until(() => api.call('strategies.levels', { symbol }), (list) => list.some((l) => l.label === 'grid 1'), 'the grid levels');
    expect(levels.every((l) => l.config === 'grid-eth' && l.strategy === 'dca-grid')).toBe(true);
    const price = (label: string) => levels.find((l) => l.label === label)?.price ?? Number.NaN;
    expect(levels.map((l) => l.label).sort()).toEqual(['grid 1', 'grid 2', 'grid 3', 'stop loss', 'take profit']);
    // 1 % apart, take profit above the first level, stop below the deepest (the strategy's own plan).
    expect(price('grid 2') / price('grid 1')).toBeCloseTo(0.99, 10);
    expect(price('grid 3') / price('grid 1')).toBeCloseTo(0.98, 10);
    expect(price('take profit')).toBeGreaterThan(price('grid 1'));
    expect(price('stop loss')).toBeLessThan(price('grid 3'));
    // The levels are where the grid's buy orders were placed (orders are rounded to the market's tick).
    const placed = (await api.call('orders.list', { status: 'all' })).filter((o) => o.source === 'grid-eth' && o.symbol === symbol && o.type === 'limit');
    for (const label of ['grid 1', 'grid 2', 'grid 3']) {
      expect(placed.some((o) => Math.abs(o.price! - price(label)) / price(label) < 0.001), label).toBe(true);
    }
    await until(async () => pushed, (events) => events.some((e) => e.symbol === symbol && e.levels.some((l) => l.label === 'grid 1')), 'the levels event');
    await expect(api.call('strategies.levels', { symbol: 'XRP/USDT' })).resolves.toEqual([]); // not one of its symbols

    await api.call('strategies.setEnabled', { name: 'grid-eth', enabled: false });
    await expect(api.call('strategies.levels', { symbol })).resolves.toEqual([]);
    expect(pushed.filter((e) => e.symbol === symbol).at(-1)?.levels).toEqual([]);
  });

  it('groups a strategy position’s fills into one trade and names the exit reason when it is closed from the row', async () => {
    const api = await connect(600);
    await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'start-up reconciliation');
    await api.call('strategies.save', { name: 'grid-eth', strategy: 'dca-grid', params: HAIR_TRIGGER_GRID, symbols: ['ETH/USDT', 'SOL/USDT', 'BTC/USDT'], enabled: true });
    const positions = await until(() => api.call('positions.list', {}), (list) => list.some((p) => p.source === 'grid-eth'), 'a grid level to fill', 60_000);
    const position = positions.find((p) => p.source === 'grid-eth')!;
    const pushed: FillView[] = [];
    api.on('fills.new', ({ fill }) => pushed.push(fill));
    await api.call('positions.close', { id: position.id });
    const exitPushed = await until(async () => pushed, (list) => list.some((f) => f.symbol === position.symbol && f.side === 'sell'), 'the exit fill event');
    const fills = (await api.call('fills.list', {})).filter((f) => f.source === 'grid-eth' && f.symbol === position.symbol);
    const entries = fills.filter((f) => f.side === 'buy');
    const exits = fills.filter((f) => f.side === 'sell');
    expect(entries.length).toBeGreaterThan(0);
    expect(exits.length).toBeGreaterThan(0);
    const tradeId = entries[0]!.tradeId;
    expect(tradeId).not.toBeNull();
    expect(fills.every((f) => f.tradeId === tradeId)).toBe(true);
    expect(entries.every((f) => f.exitReason === null)).toBe(true);
    expect(exits.every((f) => f.exitReason === 'manual')).toBe(true);
    // The pushed event already carries the attribution (the chart and history update from it).
    expect(exitPushed.find((f) => f.side === 'sell')).toMatchObject({ tradeId, exitReason: 'manual' });
  });
});

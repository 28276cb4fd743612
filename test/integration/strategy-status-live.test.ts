import { describe, expect, it } from 'vitest';
import type { StrategyConfigView } from '../../core/api/contract/live-strategies.js';
import { terminalPerTest, until } from '../helpers/api-terminal.js';

const terminals = terminalPerTest({ speed: 600, tickMs: 20 });

/**
 * The Strategies tab's row of a running configuration follows the market without the trader saving
 * anything: its open positions and realized P&L as its fills land, its readiness bar by bar. Each
 * `strategies.updated` the core sends is what `strategies.configs` says at that moment.
 */
describe('a running configuration’s status as the market moves', () => {
  it('is sent again when its positions open and close, with the realized P&L of its closed trades', async () => {
    const { api } = await terminals.start();
    let latest: StrategyConfigView | null = null;
    let updates = 0;
    api.on('strategies.updated', ({ configs }) => {
      latest = configs.find((config) => config.name === 'quick') ?? latest;
      updates++;
    });
    await api.call('strategies.save', { name: 'quick', strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 0.01 }, symbols: ['BTC/USDT', 'ETH/USDT'], enabled: true });
    const afterSave = updates;

    // A position of its own opens: the last status sent counts it, as the Positions list does.
    const open = await until(() => api.call('positions.list', {}), (list) => list.some((p) => p.source === 'quick'), 'quick to open a position', 60_000);
    await until(async () => latest, (status) => status !== null && status.openPositions === open.filter((p) => p.source === 'quick').length, 'a status with the open position');
    expect(updates).toBeGreaterThan(afterSave);

    // A trade of its own closes: the realized P&L sent is the sum of its closed trades' P&L (net of fees).
    await until(() => api.call('trades.list', {}), (trades) => trades.some((t) => t.source === 'quick' && t.status === 'closed'), 'quick to close a trade', 90_000);
    const realized = async () => (await api.call('trades.list', {})).filter((t) => t.source === 'quick').reduce((sum, t) => sum + t.pnl, 0);
    await until(
      async () => ({ sent: latest?.realizedPnl ?? 0, booked: await realized() }),
      ({ sent, booked }) => sent !== 0 && Math.abs(sent - booked) < 1e-6,
      'a status with the realized P&L of the closed trades',
    );
    // Readiness is sent as it is, symbol by symbol, once the strategy has warmed up.
    const configs = await api.call('strategies.configs', {});
    expect(Object.keys(latest!.readiness)).toEqual(Object.keys(configs[0]!.readiness));
  }, 180_000);
});

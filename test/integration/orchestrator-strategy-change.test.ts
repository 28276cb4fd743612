import { describe, expect, it } from 'vitest';
import { terminalPerTest, until } from '../helpers/api-terminal.js';

const terminals = terminalPerTest({ speed: 600, tickMs: 20 });

/**
 * A configuration's edge belongs to the strategy it runs, through the public API: `swing` trades the built-in
 * `sma-cross` on paper until it has closed trades; a parameter change keeps them as its evidence, while saving
 * the same name with another strategy (`ema-trend`, v3) starts the edge over — the old trades and decisions
 * stay in the log.
 */
describe('the edge after a configuration’s strategy changed', () => {
  it('a new strategy under the same name starts with its own evidence; a parameter change keeps it; the old history stays readable', async () => {
    const { api } = await terminals.start();
    await api.call('strategies.save', { name: 'swing', strategy: 'sma-cross', params: { fast: 2, slow: 4, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });
    const traded = await until(() => api.call('edge.stats', { name: 'swing' }), (view) => (view.symbols[0]?.trades ?? 0) >= 2, 'closed trades of sma-cross', 90_000);
    const before = traded.symbols[0]!.trades;
    // Each entry says whose trades it counts.
    expect(traded.symbols[0]).toMatchObject({ symbol: 'BTC/USDT', strategy: 'sma-cross' });

    // Parameters only (v2): the same strategy, its trades still count.
    await api.call('strategies.save', { name: 'swing', strategy: 'sma-cross', params: { fast: 2, slow: 5, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: false });
    expect((await api.call('edge.stats', { name: 'swing' })).symbols[0]!.trades).toBeGreaterThanOrEqual(before);

    // Another strategy under the same name (v3): its edge starts empty.
    await api.call('strategies.save', { name: 'swing', strategy: 'ema-trend', params: {}, symbols: ['BTC/USDT'], enabled: false });
    expect((await api.call('strategies.configs', {})).find((c) => c.name === 'swing')).toMatchObject({ version: 3, strategy: 'ema-trend' });
    expect((await api.call('edge.stats', { name: 'swing' })).symbols[0]).toMatchObject({ symbol: 'BTC/USDT', strategy: 'ema-trend', trades: 0, inUse: false });
    // sma-cross's settled entries are still in the decision log.
    const entries = await api.call('orchestrator.decisions', { name: 'swing', verdict: 'entered', limit: 1_000 });
    expect(entries.filter((d) => d.strategy === 'sma-cross' && d.outcomeReturn !== null).length).toBeGreaterThanOrEqual(2);
  }, 150_000);
});

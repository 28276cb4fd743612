import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';

const terminals = restartableTerminal();

/**
 * The orchestrator's state across a switch off and on and a restart of the app, through the public API on
 * the real encrypted store: budgets, policies, the decision log, the edge and the tuning history are what
 * they were, and a running configuration runs again.
 */
describe('the orchestrator across switching and a restart', () => {
  it('keeps budgets, policies, decisions, edge and tuning history', async () => {
    const dataDir = terminals.dataDir('halyard-orch-restart-');
    let api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    await api.call('strategies.save', { name: 'quick', strategy: 'sma-cross', params: { fast: 2, slow: 5, stake: 0.01 }, symbols: ['BTC/USDT', 'ETH/USDT'], enabled: true });
    await api.call('strategies.save', { name: 'other', strategy: 'sma-cross', params: { fast: 3, slow: 7, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: false });
    await api.call('allocation.set', { account: 'paper', reservePct: 15, budgets: [{ config: 'quick', kind: 'percent', value: 30 }, { config: 'other', kind: 'amount', value: 1234.56 }] });
    await api.call('orchestrator.setPolicy', { name: 'quick', allowStacking: true, filterWeight: 0.45, tuning: 'auto' });
    await until(() => api.call('trades.list', {}), (trades) => trades.some((t) => t.source === 'quick' && t.status === 'closed'), 'a closed trade of quick', 90_000);
    // Off and on again: nothing of the orchestrator's is lost.
    await api.call('strategies.setEnabled', { name: 'quick', enabled: false });
    await api.call('strategies.setEnabled', { name: 'quick', enabled: true });
    const read = async () => ({
      allocation: (await api.call('allocation.get', { account: 'paper' })).budgets.map((b) => [b.config, b.kind, b.value]),
      reserve: (await api.call('allocation.get', { account: 'paper' })).reservePct,
      policy: await api.call('orchestrator.policy', { name: 'quick' }),
      decisions: (await api.call('orchestrator.decisions', { name: 'quick', limit: 1_000 })).map((d) => [d.id, d.verdict, d.reason]),
      edge: (await api.call('edge.stats', { name: 'quick' })).symbols.map((s) => [s.symbol, s.trades, s.expectedReturn]),
      // The last reading is the manager's latest look at the market (every 15 market minutes), not kept state.
      tuning: await api.call('tuning.list', { name: 'quick' }).then(({ lastEvaluation: _reading, ...kept }) => kept),
    });
    await api.call('strategies.setEnabled', { name: 'quick', enabled: false });
    const before = await read();
    expect(before.decisions.length).toBeGreaterThan(0);
    expect(before.edge.some(([, trades]) => Number(trades) > 0)).toBe(true);
    await api.call('strategies.setEnabled', { name: 'quick', enabled: true });
    await terminals.stop();

    api = await terminals.start({ dataDir, speed: 600, tickMs: 20 });
    await api.call('strategies.setEnabled', { name: 'quick', enabled: false });
    const after = await read();
    // Entries decided in the moment before the stop may be added: nothing is taken away or changed.
    expect(after.allocation).toEqual(before.allocation);
    expect(after.reserve).toBe(15);
    expect(after.policy).toEqual({ name: 'quick', tuning: 'auto', allowStacking: true, kellySizing: true, filterWeight: 0.45, filterMinScore: 50 });
    expect(after.decisions.slice(-before.decisions.length)).toEqual(before.decisions);
    expect(after.tuning).toEqual(before.tuning);
    for (const [symbol, trades] of before.edge) expect(Number(after.edge.find(([s]) => s === symbol)?.[1])).toBeGreaterThanOrEqual(Number(trades));
  }, 180_000);
});

import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { trendMarketTerminals } from '../helpers/trend-market-terminal.js';

/**
 * The emergency stop freezes automatic tuning, through the public API on a real Terminal (run under
 * test/with-keyring.sh): a rising market replayed fast, `sma-cross` on paper in Automatic mode, and a shadow
 * variant that earns more. While HALTED the manager only holds its proposal; once re-armed it applies one
 * adjustment, from the shadows' evidence at that time.
 */
const { start } = trendMarketTerminals('halyard-orchestrator-halt-');

describe('automatic tuning and the emergency stop', () => {
  it('while HALTED an automatic adjustment is held (no new version, said in the tuning history); after re-arming it is applied once', async () => {
    const api = await start();
    await api.call('strategies.save', { name: 'hold', strategy: 'sma-cross', params: { fast: 5, slow: 30, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });
    await api.call('orchestrator.setPolicy', { name: 'hold', tuning: 'auto' });
    await api.call('strategies.addShadow', { name: 'hold', id: 'patient', params: { slow: 20 } });
    await api.call('risk.emergencyStop', { source: 'button', reason: 'stepping away' });

    const held = await until(() => api.call('tuning.evaluate', { name: 'hold' }), (answer) => answer.adjustment !== null, 'a significant proposal while halted', 120_000);
    expect(held.adjustment).toMatchObject({ config: 'hold', variant: 'patient', status: 'proposed', mode: 'auto', fromVersion: 1, toVersion: null, note: 'held: emergency stop: applied after re-arming only if the shadows still support it' });
    expect(held.why).toMatch(/; held: emergency stop \(nothing is applied automatically while HALTED\)$/);
    // The shadows keep gathering evidence; the configuration stays at v1 however often they are read.
    for (let i = 0; i < 3; i++) expect((await api.call('tuning.evaluate', { name: 'hold' })).adjustment?.status).not.toBe('applied');
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 1, params: { slow: 30 } });
    expect(await api.call('tuning.list', { name: 'hold' })).toMatchObject({ mode: 'auto', appliedToday: 0 });
    expect(await api.call('risk.events', { kind: 'strategy_adjusted' })).toEqual([]);

    await api.call('risk.rearm', { confirm: true });
    // The manager also reads the shadows on its own every 15 market minutes: the history says what was applied.
    const applying = async () => {
      await api.call('tuning.evaluate', { name: 'hold' });
      return api.call('tuning.list', { name: 'hold' });
    };
    const history = await until(applying, (list) => list.adjustments.some((a) => a.status === 'applied'), 'the adjustment after re-arming', 120_000);
    expect(history.adjustments.find((a) => a.status === 'applied')).toMatchObject({ decidedBy: 'auto', fromVersion: 1, toVersion: 2, variant: 'patient' });
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 2 });
    expect(history.appliedToday).toBe(1);
    // The held proposal was applied (the same change still led) or replaced by the newer evidence: never both.
    expect(history.adjustments.find((a) => a.id === held.adjustment!.id)?.status).toMatch(/^(applied|superseded)$/);
  }, 240_000);
});

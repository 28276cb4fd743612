import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors.js';
import { until } from '../helpers/api-terminal.js';
import { trendMarketTerminals } from '../helpers/trend-market-terminal.js';

/**
 * The orchestrator through the public API, on a real Terminal with the real encrypted store (run under
 * test/with-keyring.sh), replaying a rising market in hourly waves at 50 bars a second. The configuration
 * trades the built-in `sma-cross` on paper; a shadow variant with a shorter slow average earns more per
 * trade, which the threshold manager must find significant before it proposes anything. Two
 * configurations of a trader's strategy file (`hold-for`, in its sandbox) contend for one coin.
 */
const { start } = trendMarketTerminals('halyard-orchestrator-');

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe('the orchestrator through the API', () => {
  it('budgets a configuration from the seed plan, refuses a plan beyond 100 % − reserve with the numbers, proposes a significant and bounded adjustment from shadows, applies and reverts it as versions, then tunes by itself in auto mode', async () => {
    const api = await start();
    await api.call('strategies.save', { name: 'hold', strategy: 'sma-cross', params: { fast: 5, slow: 30, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: true });

    // The seed's default: 20 % reserve; `sma-cross` is a Swing strategy, alone in its family: 30 % of 80 %.
    const seed = await api.call('allocation.get', { account: 'paper' });
    expect(seed).toMatchObject({ account: 'paper', quote: 'USDT', seed: true, reservePct: 20, known: true });
    expect(seed.budgets).toEqual([expect.objectContaining({ config: 'hold', strategy: 'sma-cross', kind: 'seed', value: 24, percentOfEquity: 24 })]);
    expect(seed.budgets[0]!.budget).toBeCloseTo(seed.equity * 0.24, 6);

    const refused = await errorOf(api.call('allocation.set', { account: 'paper', reservePct: 20, budgets: [{ config: 'hold', kind: 'percent', value: 85 }] }));
    expect(refused).toMatchObject({ code: 'bad_request', message: 'budgets add up to 85 % of equity (hold 85 %), but with a 20 % cash reserve at most 80 % may be allocated: lower them by 5 %', issues: [{ path: 'budgets' }] });
    const unknown = await errorOf(api.call('allocation.set', { account: 'paper', reservePct: 20, budgets: [{ config: 'nobody', kind: 'percent', value: 5 }] }));
    expect(unknown?.issues).toEqual([{ path: 'budgets.0.config', message: 'nobody is not a configuration on paper' }]);
    const plan = await api.call('allocation.set', { account: 'paper', reservePct: 25, budgets: [{ config: 'hold', kind: 'percent', value: 40 }] });
    expect(plan).toMatchObject({ seed: false, reservePct: 25, budgets: [expect.objectContaining({ config: 'hold', kind: 'percent', value: 40, percentOfEquity: 40 })] });

    // The configuration trades: its budget shows what is in use and what is free.
    const busy = await until(() => api.call('allocation.get', { account: 'paper' }), (view) => view.budgets[0]!.used.total > 0, 'the configuration to hold a position');
    expect(busy.budgets[0]!.free).toBeCloseTo(busy.budgets[0]!.budget - busy.budgets[0]!.used.total, 6);

    // A variant with a slow average of 20 bars: the manager proposes only once the evidence is significant.
    await api.call('strategies.addShadow', { name: 'hold', id: 'patient', params: { slow: 20 } });
    const proposed = await until(() => api.call('tuning.evaluate', { name: 'hold' }), (answer) => answer.adjustment !== null, 'a significant proposal', 120_000);
    const adjustment = proposed.adjustment!;
    expect(adjustment).toMatchObject({ config: 'hold', variant: 'patient', status: 'proposed', mode: 'propose', fromVersion: 1, toVersion: null });
    expect(adjustment.pValue).toBeLessThan(0.1);
    const [change] = adjustment.changes;
    // Within the bound of its confidence: LOW ±5 %, MEDIUM ±20 %, HIGH ±30 % of the trader's 30, in whole bars.
    const bound = { LOW: 0.05, MEDIUM: 0.2, HIGH: 0.3 }[adjustment.confidence];
    expect(change).toEqual({ param: 'slow', from: 30, to: { LOW: 29, MEDIUM: 24, HIGH: 21 }[adjustment.confidence], original: 30, variantValue: 20, bound });
    expect(adjustment.windows.some((w) => w.qualifies && w.better)).toBe(true);
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 1, params: { slow: 30 } });

    // Accepting saves the next version, audits it, and keeps the replaced parameters running as a variant.
    const applied = await api.call('tuning.accept', { id: adjustment.id });
    expect(applied).toMatchObject({ status: 'applied', toVersion: 2, keptAs: 'previous-v1', decidedBy: 'trader' });
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 2, params: { slow: change!.to } });
    const audit = await api.call('audit.list', { category: 'settings', limit: 10 });
    expect(audit.find((entry) => entry.action === 'strategy_adjusted')?.detail).toMatchObject({ config: 'hold', from: 1, to: 2, changes: [{ param: 'slow', from: 30, to: change!.to }] });
    expect((await api.call('strategies.shadows', { name: 'hold' })).variants.map((v) => v.id)).toEqual(['patient', 'previous-v1']);
    await expect(api.call('tuning.accept', { id: adjustment.id })).rejects.toMatchObject({ code: 'rejected', message: `adjustment #${adjustment.id} is applied, not a pending proposal` });

    // Reverting from the history: the old parameters come back as v3.
    const reverted = await api.call('tuning.revert', { id: adjustment.id });
    expect(reverted).toMatchObject({ status: 'reverted', note: 'reverted to the parameters of v1 as v3' });
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 3, params: { slow: 30 } });
    const history = await api.call('tuning.list', { name: 'hold' });
    expect(history).toMatchObject({ name: 'hold', mode: 'propose', dailyLimit: 3, appliedToday: 1 });
    expect(history.adjustments.map((a) => [a.id, a.status])).toContainEqual([adjustment.id, 'reverted']);

    // Automatic mode: the manager applies the variant's lead itself, on the lanes that restarted with v3.
    await api.call('orchestrator.setPolicy', { name: 'hold', tuning: 'auto' });
    const auto = await until(() => api.call('tuning.evaluate', { name: 'hold' }), (answer) => answer.adjustment?.status === 'applied', 'an automatic adjustment', 120_000);
    expect(auto.adjustment).toMatchObject({ decidedBy: 'auto', fromVersion: 3, toVersion: 4, variant: 'patient' });
    expect((await api.call('strategies.configs', {}))[0]).toMatchObject({ version: 4, params: { slow: auto.adjustment!.changes[0]!.to } });
    expect(await api.call('tuning.list', { name: 'hold' })).toMatchObject({ mode: 'auto', appliedToday: 2 });
    // Announced as the trader did not click it (a risk event, which alert channels routed for risk events get); the accepted one was not.
    const announced = await api.call('risk.events', { kind: 'strategy_adjusted' });
    expect(announced.map((event) => [event.strategy, event.detail])).toEqual([
      ['hold', `hold: parameters adjusted automatically (v3 → v4): slow 30 → ${auto.adjustment!.changes[0]!.to} — from variant patient, confidence ${auto.adjustment!.confidence}`],
    ]);

    // The configuration's own closed trades give its edge; every entry decision is logged with features.
    const edge = await until(() => api.call('edge.stats', { name: 'hold' }), (view) => (view.symbols[0]?.trades ?? 0) >= 2, 'closed trades of the configuration');
    expect(edge).toMatchObject({ name: 'hold', quote: 'USDT', kellySizing: true, settings: { minSample: 30, cap: 0.25, kellyMultiplier: 0.5 } });
    expect(edge.symbols[0]).toMatchObject({ symbol: 'BTC/USDT', inUse: false, allowance: null });
    const entered = await until(() => api.call('orchestrator.decisions', { name: 'hold', verdict: 'entered', limit: 1_000 }), (list) => list.some((d) => d.outcomeReturn !== null && d.source === 'paper'), 'an entry settled with its outcome');
    expect(Object.keys(entered[0]!.features)).toEqual(expect.arrayContaining(['rule_score', 'ret_1h', 'volatility_24h', 'trend_persistence', 'spread_bps']));

    // The symbol's profile, for the Scanner and the threshold manager.
    const [profile] = await api.call('profiles.list', { symbols: ['BTC/USDT'] });
    expect(profile).toMatchObject({ symbol: 'BTC/USDT', liquidityTier: 'large' });
    expect(profile!.trendPersistence).toBeGreaterThan(0.5);

    // The learned filter: trained on demand in a worker, from paper, shadow and backtest setups.
    const card = await api.call('filter.retrain', { name: 'hold' });
    expect(card.versions[0]).toMatchObject({ version: 1, trigger: 'manual', features: expect.arrayContaining(['rule_score', 'ret_1h']) });
    expect(card.versions[0]!.samples.backtest).toBeGreaterThan(0);
    expect(card.versions[0]!.samples.shadow).toBeGreaterThan(0);
    expect(card.versions[0]!.status).toMatch(/^(active|inactive): /);
    const oos = card.versions[0]!.outOfSample;
    if (card.versions[0]!.active) expect(oos!.filteredReturn).toBeGreaterThanOrEqual(oos!.baselineReturn);
    expect(card).toMatchObject({ name: 'hold', weight: 0.3, minScore: 50, failure: null });
  }, 240_000);

  it('two configurations that want the same coin on the same bar: one gets it, the other is logged as skipped with why', async () => {
    const api = await start();
    const twin = { strategy: 'hold-for', params: { holdMinutes: 5, stake: 0.01 }, symbols: ['BTC/USDT'], enabled: false };
    await api.call('strategies.save', { name: 'alpha', ...twin });
    await api.call('strategies.save', { name: 'beta', ...twin });
    await api.call('allocation.set', { account: 'paper', reservePct: 20, budgets: [{ config: 'alpha', kind: 'percent', value: 40 }, { config: 'beta', kind: 'percent', value: 40 }] });
    await api.call('orchestrator.setPolicy', { name: 'beta', kellySizing: false });
    await expect(api.call('orchestrator.policy', { name: 'beta' })).resolves.toEqual({ name: 'beta', tuning: 'propose', allowStacking: false, kellySizing: false, filterWeight: 0.3, filterMinScore: 50 });
    await api.call('strategies.setEnabled', { name: 'alpha', enabled: true });
    await api.call('strategies.setEnabled', { name: 'beta', enabled: true });
    // Both start flat on the same bar: the tie goes to alpha by name; later beta finds the coin taken.
    const conflict = /^(same bar: alpha also wants BTC\/USDT and scores the same \(50\) and comes first by name|one position per coin: BTC\/USDT is (held|being bought) by alpha \(allow stacking for beta to share it\))$/;
    const skipped = await until(() => api.call('orchestrator.decisions', { name: 'beta', verdict: 'skipped', limit: 1_000 }), (list) => list.some((d) => conflict.test(d.reason)), 'beta skipped for alpha');
    const loser = skipped.find((d) => conflict.test(d.reason))!;
    expect(loser.features.rule_score).toBe(50);
    expect(loser.features.volatility_24h).toBeGreaterThan(0);
    // Never both at once: the coin has one configuration's position at a time.
    const positions = await api.call('positions.list', {});
    expect(new Set(positions.filter((p) => p.symbol === 'BTC/USDT').map((p) => p.source)).size).toBeLessThanOrEqual(1);
    await expect(api.call('orchestrator.setPolicy', { name: 'nobody', allowStacking: true })).rejects.toMatchObject({ code: 'not_found' });
    // The learned filter backtests a strategy file in its sandbox too, once the book holds enough bars (120).
    await until(() => api.call('profiles.list', { symbols: ['BTC/USDT'] }), (list) => (list[0]?.bars ?? 0) >= 150, '150 bars of BTC/USDT', 60_000);
    const card = await api.call('filter.retrain', { name: 'alpha' });
    expect(card.versions[0]!.samples.backtest).toBeGreaterThan(0);
    expect(card.failure).toBeNull();
  }, 150_000);
});

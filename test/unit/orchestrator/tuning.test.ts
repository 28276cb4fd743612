import { describe, expect, it } from 'vitest';
import { smaCrossParamsSchema } from '../../../core/strategies/sma-cross.js';
import { PolicyBook } from '../../../core/orchestrator/policies.js';
import { profileSymbol, type SymbolProfile } from '../../../core/orchestrator/profiler.js';
import { CONFIDENCE_BOUNDS, evaluateShadows, type LaneReadout, type LaneTrade } from '../../../core/orchestrator/tuning/evaluate.js';
import { ThresholdManager } from '../../../core/orchestrator/tuning/manager.js';
import { paramProblems } from '../../../core/orchestrator/tuning/param-problems.js';
import { studentUpperTail, welchTest } from '../../../core/orchestrator/tuning/welch.js';
import { memoryStore, T0 } from './desk-world.js';

const HOUR = 3_600_000;

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** `n` trades closing evenly over `spanMs` before `now`, returning `mean` ± `spread` (seeded). */
function laneTrades(n: number, mean: number, spread: number, now: number, spanMs: number, seed: number): LaneTrade[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const ret = mean + (random() - 0.5) * 2 * spread;
    const exitTime = now - spanMs + ((i + 1) * spanMs) / (n + 1);
    return { id: `t${i}`, symbol: 'BTC/USDT', entryTime: exitTime - 600_000, exitTime, ret, pnl: ret * 1_000, cost: 1_000 };
  });
}

const lane = (id: string, params: Record<string, unknown>, trades: LaneTrade[], value = 10_000): LaneReadout => ({ id, champion: id === 'champion', params, since: T0, trades, value, cash: 10_000 });
const CHAMPION = { fast: 20, slow: 60, stake: 1, timeframe: '1m' };

describe('Welch’s t-test', () => {
  it('matches Student’s t tables and a textbook two-sample case', () => {
    expect(2 * studentUpperTail(2.0, 10)).toBeCloseTo(0.073388, 5);
    expect(studentUpperTail(2.228139, 10)).toBeCloseTo(0.025, 6);
    const result = welchTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(result.t).toBeCloseTo(-1.897367, 5);
    expect(result.df).toBeCloseTo(5.882353, 5);
    expect(result.pLess).toBeCloseTo(0.05377, 4);
  });
});

describe('the threshold manager adjusts only with significance, within bounds', () => {
  const now = T0 + 40 * 24 * HOUR;

  it('no proposal when the variant’s lead is noise, or when there are too few trades', () => {
    const same = evaluateShadows({ now, original: CHAMPION, lanes: [lane('champion', CHAMPION, laneTrades(40, 0.001, 0.01, now, 20 * HOUR, 1)), lane('faster', { ...CHAMPION, fast: 10 }, laneTrades(40, 0.0012, 0.01, now, 20 * HOUR, 2))] });
    expect(same.proposal).toBeNull();
    expect(same.why).toBe('no variant beats the champion with p < 0.1');
    const few = evaluateShadows({ now, original: CHAMPION, lanes: [lane('champion', CHAMPION, laneTrades(5, 0, 0.01, now, 20 * HOUR, 1)), lane('faster', { ...CHAMPION, fast: 10 }, laneTrades(9, 0.05, 0.01, now, 20 * HOUR, 2))] });
    expect(few.proposal).toBeNull();
    expect(few.why).toMatch(/^not enough closed trades yet \(24 h needs 10 per lane/);
  });

  it('LOW confidence (one window, p < 0.10) moves a parameter at most 5 % from the trader’s original value', () => {
    const evaluation = evaluateShadows({
      now,
      original: CHAMPION,
      integers: new Set(['fast', 'slow']),
      lanes: [lane('champion', CHAMPION, laneTrades(12, 0, 0.01, now, 20 * HOUR, 3)), lane('faster', { ...CHAMPION, fast: 10, slow: 90 }, laneTrades(12, 0.007, 0.01, now, 20 * HOUR, 4))],
    });
    expect(evaluation.proposal?.confidence).toBe('LOW');
    expect(evaluation.proposal!.pValue).toBeLessThan(0.1);
    // fast 20 → at most 19 (5 % of 20 is 1); slow 60 → at most 63; integers stay integers.
    expect(evaluation.proposal!.changes).toEqual([
      { param: 'fast', from: 20, to: 19, original: 20, variantValue: 10, bound: 0.05 },
      { param: 'slow', from: 60, to: 63, original: 60, variantValue: 90, bound: 0.05 },
    ]);
  });

  it('HIGH confidence (three windows, p < 0.01) may go ±30 %; a window where the variant is significantly worse vetoes it', () => {
    const champion = [...laneTrades(40, 0, 0.004, now, 20 * HOUR, 5), ...laneTrades(40, 0, 0.004, now - 20 * HOUR, 5 * 24 * HOUR, 6)];
    const better = [...laneTrades(40, 0.006, 0.004, now, 20 * HOUR, 7), ...laneTrades(40, 0.006, 0.004, now - 20 * HOUR, 5 * 24 * HOUR, 8)];
    const high = evaluateShadows({ now, original: CHAMPION, integers: new Set(['fast', 'slow']), lanes: [lane('champion', CHAMPION, champion), lane('wide', { ...CHAMPION, slow: 200, stake: 1.1 }, better)] });
    expect(high.proposal).toMatchObject({ variant: 'wide', confidence: 'HIGH' });
    expect(high.proposal!.changes).toEqual([
      { param: 'slow', from: 60, to: 78, original: 60, variantValue: 200, bound: CONFIDENCE_BOUNDS.HIGH },
      { param: 'stake', from: 1, to: 1.1, original: 1, variantValue: 1.1, bound: CONFIDENCE_BOUNDS.HIGH },
    ]);
    // The last 24 h look great, but over 7 days the variant trails significantly: no adjustment.
    const recentOnly = [...laneTrades(40, 0.006, 0.004, now, 20 * HOUR, 7), ...laneTrades(60, -0.01, 0.004, now - 20 * HOUR, 5 * 24 * HOUR, 9)];
    const vetoed = evaluateShadows({ now, original: CHAMPION, lanes: [lane('champion', CHAMPION, champion), lane('wide', { ...CHAMPION, slow: 200 }, recentOnly)] });
    expect(vetoed.proposal).toBeNull();
    expect(vetoed.verdicts[0]!.windows.find((w) => w.window === '7d')).toMatchObject({ qualifies: true, worse: true });
  });

  it('bounds are measured from the trader’s own value, not from the last adjustment', () => {
    const current = { ...CHAMPION, fast: 19 };
    const evaluation = evaluateShadows({ now, original: CHAMPION, integers: new Set(['fast', 'slow']), lanes: [lane('champion', current, laneTrades(12, 0, 0.01, now, 20 * HOUR, 3)), lane('faster', { ...current, fast: 10 }, laneTrades(12, 0.007, 0.01, now, 20 * HOUR, 4))] });
    expect(evaluation.proposal).toBeNull();
    expect(evaluation.why).toBe('faster leads, but its numeric parameters are already as far as the LOW bound allows');
  });

  it('never moves a parameter away from the variant that beat the champion: one already past a lower bound stays', () => {
    // A HIGH adjustment took fast 20 → 14 (−30 %); now a variant at 10 leads with LOW confidence (±5 % of 20: 19 to 21).
    const current = { ...CHAMPION, fast: 14 };
    const evaluation = evaluateShadows({ now, original: CHAMPION, integers: new Set(['fast', 'slow']), lanes: [lane('champion', current, laneTrades(12, 0, 0.01, now, 20 * HOUR, 3)), lane('faster', { ...current, fast: 10 }, laneTrades(12, 0.007, 0.01, now, 20 * HOUR, 4))] });
    expect(evaluation.proposal).toBeNull();
    expect(evaluation.why).toBe('faster leads, but its numeric parameters are already as far as the LOW bound allows');
    // The same for a decimal parameter: stake 1.3 after a HIGH adjustment, a variant at 1.5 leading with LOW confidence.
    const stake = evaluateShadows({ now, original: CHAMPION, lanes: [lane('champion', { ...CHAMPION, stake: 1.3 }, laneTrades(12, 0, 0.01, now, 20 * HOUR, 3)), lane('bigger', { ...CHAMPION, stake: 1.5 }, laneTrades(12, 0.007, 0.01, now, 20 * HOUR, 4))] });
    expect(stake.proposal).toBeNull();
  });
});

/** The manager over real repositories (in memory), lanes the test sets, and saves that add versions. */
function managerWorld(mode: 'propose' | 'auto', profiles: () => readonly SymbolProfile[] = () => []) {
  let now = T0 + 40 * 24 * HOUR;
  const store = memoryStore(() => now);
  store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: CHAMPION, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
  const policies = new PolicyBook(store.settings);
  policies.set('sma', { tuning: mode });
  const audits: { action: string; source: string; detail: Readonly<Record<string, unknown>> }[] = [];
  const notices: string[] = [];
  const kept: Record<string, unknown>[] = [];
  let lanes: LaneReadout[] = [];
  let halted = false;
  const managed: number[] = [];
  const manager = new ThresholdManager({
    configs: store.strategies,
    adjustments: store.adjustments,
    shadows: {
      lanes: () => lanes,
      keep: (_config, base, params) => {
        kept.push({ ...params });
        return base;
      },
      drop: () => undefined,
    },
    policies,
    profiles,
    integers: () => new Set(['fast', 'slow']),
    validate: (_record, params) => paramProblems(smaCrossParamsSchema, params),
    save: async (record, params) => store.strategies.save({ name: record.name, strategy: record.strategy, params, symbols: record.symbols, enabled: record.enabled, account: record.account }, smaCrossParamsSchema),
    managed: { list: () => managed, add: (_config, version) => managed.push(version) },
    audit: (action, source, detail) => audits.push({ action, source, detail }),
    notify: (_config, _kind, detail) => notices.push(detail),
    changed: () => undefined,
    now: () => now,
    halted: () => halted,
  });
  /** A variant changing `change` wins significantly over the last 24 h. */
  const winning = (change: Record<string, number>) => {
    const params = store.strategies.current('sma')!.params as Record<string, unknown>;
    lanes = [lane('champion', params, laneTrades(12, 0, 0.01, now, 20 * HOUR, 3)), lane('faster', { ...params, ...change }, laneTrades(12, 0.007, 0.01, now, 20 * HOUR, 4))];
  };
  return {
    store,
    manager,
    policies,
    audits,
    notices,
    kept,
    winning,
    setLanes: (next: LaneReadout[]) => (lanes = next),
    advance: (ms: number) => (now += ms),
    setHalted: (value: boolean) => (halted = value),
    get now() {
      return now;
    },
  };
}

describe('the threshold manager: proposals, versions, the daily limit and rollbacks', () => {
  it('in propose mode the trader accepts: a new version, audited, the replaced parameters kept as a variant; revert restores them', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const { adjustment } = await world.manager.evaluate('sma');
    expect(adjustment).toMatchObject({ status: 'proposed', mode: 'propose', confidence: 'LOW', fromVersion: 1, toVersion: null });
    expect(world.store.strategies.current('sma')!.version).toBe(1);
    const applied = await world.manager.accept(adjustment!.id);
    expect(applied).toMatchObject({ status: 'applied', toVersion: 2, keptAs: 'previous-v1', decidedBy: 'trader' });
    expect(world.store.strategies.current('sma')!.params).toMatchObject({ fast: 19 });
    expect(world.kept).toEqual([CHAMPION]);
    expect(world.audits[0]).toMatchObject({ action: 'strategy_adjusted', source: 'user', detail: { config: 'sma', from: 1, to: 2, confidence: 'LOW', changes: [{ param: 'fast', from: 20, to: 19 }] } });
    const reverted = await world.manager.revert(applied.id);
    expect(reverted).toMatchObject({ status: 'reverted', decidedBy: 'trader', note: 'reverted to the parameters of v1 as v3' });
    expect(world.store.strategies.current('sma')).toMatchObject({ version: 3, params: CHAMPION });
    // The trader's original is v1's still: v2 and v3 were the manager's.
    expect(world.manager.original('sma')).toEqual(CHAMPION);
    await expect(world.manager.revert(applied.id)).rejects.toThrow(/only an applied adjustment can be reverted/);
  });

  it('in auto mode applies at most 3 adjustments in any 24 hours', async () => {
    const world = managerWorld('auto');
    const results = [];
    const changes: Record<string, number>[] = [{ fast: 10 }, { slow: 90 }, { stake: 2 }, { slow: 30 }];
    for (const change of changes) {
      world.winning(change);
      const r = await world.manager.evaluate('sma');
      results.push(r.adjustment);
      world.advance(HOUR);
    }
    expect(results.map((a) => a?.status)).toEqual(['applied', 'applied', 'applied', 'proposed']);
    expect(results[3]!.note).toBe('sma already had 3 adjustments in the last 24 h (at most 3); it can take another once the oldest is a day old');
    expect(world.store.strategies.current('sma')!.version).toBe(4);
    // Each within 5 % of the trader's own value (LOW confidence).
    expect(world.store.strategies.current('sma')!.params).toMatchObject({ fast: 19, slow: 63, stake: 1.05 });
    expect(results[3]!.changes).toEqual([{ param: 'slow', from: 63, to: 57, original: 60, variantValue: 30, bound: 0.05 }]);
    expect(world.manager.appliedToday('sma')).toBe(3);
    // The first adjustment was 25 h ago: two remain within the last 24 h.
    world.advance(21 * HOUR);
    expect(world.manager.appliedToday('sma')).toBe(2);
  });

  it('switched to auto mode, the manager applies the proposal that was waiting for the trader', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const waiting = (await world.manager.evaluate('sma')).adjustment!;
    expect(waiting).toMatchObject({ status: 'proposed', mode: 'propose' });
    world.policies.set('sma', { tuning: 'auto' });
    const { adjustment } = await world.manager.evaluate('sma');
    expect(adjustment).toMatchObject({ id: waiting.id, status: 'applied', decidedBy: 'auto', toVersion: 2 });
    expect(world.store.strategies.current('sma')!.params).toMatchObject({ fast: 19 });
    expect(world.audits.at(-1)).toMatchObject({ action: 'strategy_adjusted', source: 'auto' });
  });

  it('rolls back automatically when the adjusted version falls more than 15 % within 24 h (seeded drop)', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const applied = await world.manager.accept((await world.manager.evaluate('sma')).adjustment!.id);
    const adjusted = world.store.strategies.current('sma')!;
    world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], 9_000), lane('previous-v1', CHAMPION, [], 10_100)]);
    world.advance(6 * HOUR);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'applied' });
    world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], 8_380), lane('previous-v1', CHAMPION, [], 10_100)]);
    world.advance(HOUR);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'rolled_back', decidedBy: 'rollback', note: 'fell 16.2 % within 24 h of the adjustment (limit 15 %)' });
    expect(world.store.strategies.current('sma')).toMatchObject({ version: 3, params: CHAMPION });
    expect(world.notices).toEqual(['sma: adjustment #1 rolled back (v3 restores v1): it fell 16.2 % within 24 h of the adjustment (limit 15 %)']);
    expect(world.audits.at(-1)).toMatchObject({ action: 'strategy_adjustment_rolled_back', source: 'auto' });
  });

  it('rolls back after trailing the previous version for 48 h without a break', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const applied = await world.manager.accept((await world.manager.evaluate('sma')).adjustment!.id);
    const adjusted = world.store.strategies.current('sma')!;
    const trail = (mine: number, theirs: number) => world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], mine), lane('previous-v1', CHAMPION, [], theirs)]);
    trail(9_950, 10_050);
    await world.manager.watch(adjusted);
    const since = world.now;
    world.advance(30 * HOUR);
    trail(10_100, 10_050); // ahead for a moment: the 48 h start again
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)!.trailingSince).toBeNull();
    trail(9_990, 10_000);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)!.trailingSince).toBe(world.now);
    world.advance(47 * HOUR);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)!.status).toBe('applied');
    world.advance(HOUR);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'rolled_back', note: 'trailed the previous version (v1) for 48 h: -0.1 % against 0 % since the adjustment' });
    expect(since).toBeLessThan(world.now);
  });

  it('holds adjustments back while a symbol’s volatility is far from the week before (its profile)', async () => {
    // A week of 1m bars: the last day moves `factor` times as much as the six before it.
    const week = (factor: number) =>
      Array.from({ length: 7 * 1_440 }, (_, i) => {
        const close = 100 * Math.exp(0.001 * Math.sin(i) * (i < 6 * 1_440 ? 1 : factor));
        return { time: T0 + i * 60_000, open: close, high: close, low: close, close, volume: 10 };
      });
    let factor = 3;
    const world = managerWorld('propose', () => [profileSymbol('BTC/USDT', week(factor), T0 + 7 * 1_440 * 60_000)!]);
    world.winning({ fast: 10 });
    const held = await world.manager.evaluate('sma');
    expect(held.adjustment).toBeNull();
    expect(held.evaluation.why).toMatch(/^the volatility of BTC\/USDT is ×(2\.[5-9]|3\.\d)\d* the week before: adjustments wait until the market settles$/);
    factor = 1;
    const { adjustment } = await world.manager.evaluate('sma');
    expect(adjustment).toMatchObject({ status: 'proposed', confidence: 'LOW' });
    expect(adjustment!.evidence.profiles).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', volatilityChange: expect.closeTo(1, 1) })]);
  });
});

describe('the threshold manager during an emergency stop', () => {
  it('in auto mode holds a proposal while HALTED (no new version), applies it after re-arming only when the shadows still make it', async () => {
    const world = managerWorld('auto');
    world.winning({ fast: 10 });
    world.setHalted(true);
    const held = await world.manager.evaluate('sma');
    expect(held.adjustment).toMatchObject({ status: 'proposed', mode: 'auto', toVersion: null, note: 'held: emergency stop: applied after re-arming only if the shadows still support it' });
    expect(held.evaluation.why).toMatch(/; held: emergency stop \(nothing is applied automatically while HALTED\)$/);
    expect(world.manager.lastEvaluation('sma')?.why).toBe(held.evaluation.why);
    // Every evaluation while halted keeps holding the same proposal: no version, no audit, no notice.
    world.advance(HOUR);
    expect((await world.manager.evaluate('sma')).adjustment).toMatchObject({ id: held.adjustment!.id, status: 'proposed' });
    expect(world.store.strategies.current('sma')!.version).toBe(1);
    expect(world.audits).toEqual([]);
    expect(world.notices).toEqual([]);
    // Re-armed: the current evidence still makes the same change, applied once.
    world.setHalted(false);
    const applied = await world.manager.evaluate('sma');
    expect(applied.adjustment).toMatchObject({ id: held.adjustment!.id, status: 'applied', decidedBy: 'auto', toVersion: 2, note: "held: emergency stop until re-armed; applied on the shadows' evidence since" });
    expect(world.store.strategies.current('sma')!.version).toBe(2);
    expect(world.manager.appliedToday('sma')).toBe(1);
    // The rollback watch keeps that note (it clears only its own held rollback).
    await world.manager.watch(world.store.strategies.current('sma')!);
    expect(world.store.adjustments.get(held.adjustment!.id)!.note).toBe("held: emergency stop until re-armed; applied on the shadows' evidence since");
  });

  it('after re-arming, a held proposal the shadows no longer make is dropped, not applied', async () => {
    const world = managerWorld('auto');
    world.winning({ fast: 10 });
    world.setHalted(true);
    const held = (await world.manager.evaluate('sma')).adjustment!;
    world.setHalted(false);
    const params = world.store.strategies.current('sma')!.params as Record<string, unknown>;
    world.setLanes([lane('champion', params, laneTrades(40, 0.001, 0.01, world.now, 20 * HOUR, 1)), lane('faster', { ...params, fast: 10 }, laneTrades(40, 0.0012, 0.01, world.now, 20 * HOUR, 2))]);
    expect((await world.manager.evaluate('sma')).adjustment).toBeNull();
    expect(world.store.adjustments.get(held.id)).toMatchObject({ status: 'superseded', note: 'held: emergency stop; after re-arming the evaluation no longer proposes it: no variant beats the champion with p < 0.1' });
    expect(world.store.strategies.current('sma')!.version).toBe(1);
  });

  it('after re-arming, a held proposal whose parameters no longer fit the edited configuration is dropped at the next bar, naming the field', async () => {
    const world = managerWorld('auto');
    world.winning({ fast: 30 });
    world.setHalted(true);
    const held = (await world.manager.evaluate('sma')).adjustment!;
    expect(held).toMatchObject({ status: 'proposed', changes: [{ param: 'fast', from: 20, to: 21 }] });
    // Meanwhile the trader saves v2 with slow 21: fast 21 would no longer be shorter than slow.
    world.store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { ...CHAMPION, slow: 21 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    world.setHalted(false);
    world.advance(60_000);
    await world.manager.onBar([world.store.strategies.current('sma')!]);
    const note = 'held: emergency stop; dropped after re-arming: its parameters no longer fit sma v2 (saved since v1) — fast: fast must be shorter than slow';
    expect(world.store.adjustments.get(held.id)).toMatchObject({ status: 'superseded', decidedBy: 'manager', note });
    expect(world.manager.lastEvaluation('sma')?.why).toBe(note);
    expect(world.audits).toEqual([{ action: 'strategy_adjustment_dropped', source: 'auto', detail: { config: 'sma', adjustment: held.id, why: note } }]);
    expect(world.store.strategies.current('sma')!.version).toBe(2);
  });

  it('after re-arming, a held proposal made for a version the trader replaced since is dropped, saying so', async () => {
    const world = managerWorld('auto');
    world.winning({ fast: 10 });
    world.setHalted(true);
    const held = (await world.manager.evaluate('sma')).adjustment!;
    world.store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { ...CHAMPION, stake: 2 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    world.setHalted(false);
    await world.manager.onBar([world.store.strategies.current('sma')!]);
    expect(world.store.adjustments.get(held.id)).toMatchObject({ status: 'superseded', note: 'held: emergency stop; dropped after re-arming: it was made for v1 and sma is at v2 (saved since v1)' });
    expect(world.store.strategies.current('sma')!.version).toBe(2);
  });

  it('holds a due rollback while HALTED, marked on the adjustment; rolls back after re-arming only if the lanes still call for it', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const applied = await world.manager.accept((await world.manager.evaluate('sma')).adjustment!.id);
    const adjusted = world.store.strategies.current('sma')!;
    world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], 8_380), lane('previous-v1', CHAMPION, [], 10_100)]);
    world.setHalted(true);
    world.advance(HOUR);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'applied', note: 'held: emergency stop: rollback due — it fell 16.2 % within 24 h of the adjustment (limit 15 %)' });
    expect(world.store.strategies.current('sma')!.version).toBe(2);
    expect(world.notices).toEqual([]);
    // Re-armed with the lanes recovered: nothing to roll back, the mark goes.
    world.setHalted(false);
    world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], 10_200), lane('previous-v1', CHAMPION, [], 10_100)]);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'applied', note: null });
    expect(world.store.strategies.current('sma')!.version).toBe(2);
    // Falling again (not halted): rolled back as usual.
    world.setLanes([lane('champion', adjusted.params as Record<string, unknown>, [], 8_380), lane('previous-v1', CHAMPION, [], 10_100)]);
    await world.manager.watch(adjusted);
    expect(world.store.adjustments.get(applied.id)).toMatchObject({ status: 'rolled_back' });
  });

  it('the trader may still accept a proposal while HALTED (a deliberate act), noted and audited as such', async () => {
    const world = managerWorld('propose');
    world.winning({ fast: 10 });
    const proposal = (await world.manager.evaluate('sma')).adjustment!;
    world.setHalted(true);
    const applied = await world.manager.accept(proposal.id);
    expect(applied).toMatchObject({ status: 'applied', decidedBy: 'trader', toVersion: 2, note: 'accepted by the trader while HALTED (emergency stop)' });
    expect(world.audits.at(-1)).toMatchObject({ action: 'strategy_adjusted', source: 'user', detail: { whileHalted: true } });
  });
});

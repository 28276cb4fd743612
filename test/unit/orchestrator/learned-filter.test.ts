import { afterEach, describe, expect, it, vi } from 'vitest';
import { FEATURE_NAMES } from '../../../core/orchestrator/features.js';
import { LeakageError, type FilterExample } from '../../../core/orchestrator/learn/dataset.js';
import { FilterService, RETRAIN_EVERY_MS, TrainingRefused } from '../../../core/orchestrator/learn/service.js';
import { trainFilter } from '../../../core/orchestrator/learn/train-filter.js';
import { FilterTrainer } from '../../../core/orchestrator/learn/trainer.js';
import { PolicyBook } from '../../../core/orchestrator/policies.js';
import { smaCrossParamsSchema } from '../../../core/strategies/sma-cross.js';
import { memoryStore, T0 } from './desk-world.js';

const HOUR = 3_600_000;
const BLEND = { weight: 0.3, minScore: 50 };
const SOURCES = ['paper', 'shadow', 'backtest'] as const;

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/**
 * `n` closed setups an hour apart, each closing 30 minutes after its decision. `outcome` sets the return
 * from the features (and the setup's place in time); everything is seeded.
 */
function setups(n: number, seed: number, outcome: (features: Record<string, number>, i: number, noise: number) => number): FilterExample[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const time = T0 + i * HOUR;
    const features: Record<string, number> = {};
    const featureTimes: Record<string, number> = {};
    for (const name of FEATURE_NAMES) {
      features[name] = Math.round(random() * 1000) / 10;
      featureTimes[name] = time - 60_000;
    }
    features.rule_score = 50;
    return { id: `s${i}`, time, source: SOURCES[i % 3]!, features, featureTimes, closedAt: time + HOUR / 2, ret: outcome(features, i, random() - 0.5) };
  });
}


/** A filter service over `store` whose trainer fits `examples()` — the setups the test holds then — and counts its trainings. */
function filterService(store: ReturnType<typeof memoryStore>, examples: () => FilterExample[], options: { now?: () => number; halted?: () => boolean } = {}) {
  const trained = { count: 0 };
  const service = new FilterService({
    models: store.models,
    decisions: store.decisions,
    trainer: { train: async (_examples, fit) => (trained.count++, trainFilter(examples(), fit)) },
    configs: store.strategies,
    policies: new PolicyBook(store.settings),
    shadowTrades: () => [],
    backtestTrades: async () => [],
    changed: () => undefined,
    now: options.now ?? (() => T0),
    ...(options.halted ? { halted: options.halted } : {}),
  });
  return { service, trained };
}

describe('the learned setup filter', () => {
  it('fails training when a feature comes from the future (leakage), naming the feature and the example', () => {
    const data = setups(120, 1, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.01) + noise * 0.01);
    const leaky = data.map((example, i) => (i === 77 ? { ...example, featureTimes: { ...example.featureTimes, ret_4h: example.time + 5 * 60_000 } } : example));
    expect(() => trainFilter(leaky, { features: FEATURE_NAMES, blend: BLEND })).toThrow(LeakageError);
    expect(() => trainFilter(leaky, { features: FEATURE_NAMES, blend: BLEND })).toThrow(/^leakage: feature "ret_4h" of example s77 \(backtest\) was read at .*, after the decision at .* — features must be known at entry time$/);
    // The same data without the leak trains.
    expect(trainFilter(data, { features: FEATURE_NAMES, blend: BLEND }).model).not.toBeNull();
  }, 60_000);

  it('learns a planted edge out of sample and becomes active: the filtered setups beat taking them all', () => {
    const result = trainFilter(setups(200, 2, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.012) + noise * 0.01), { features: FEATURE_NAMES, blend: BLEND });
    expect(result.active).toBe(true);
    const oos = result.metrics.outOfSample!;
    expect(oos.filteredReturn).toBeGreaterThan(oos.baselineReturn);
    expect(oos.filteredWinRate).toBeGreaterThan(oos.baselineWinRate);
    expect(result.samples).toEqual({ live: 0, paper: 67, shadow: 67, backtest: 66, total: 200 });
    expect(result.status).toMatch(/^active: out of sample the filtered setups made [\d.]+ % against -?[\d.]+ % for the rule-only baseline$/);
    // Walk-forward: every fold trained only on setups that had closed before it began.
    for (const fold of result.metrics.folds) expect(fold.train).toBeLessThanOrEqual(Math.round((fold.from - T0) / HOUR));
  }, 60_000);

  it('never activates while out of sample it trails the rule-only baseline (an edge that reverses; and 12 seeded random data sets)', () => {
    const reversing = trainFilter(setups(200, 3, (f, i, noise) => (f.rsi_14! > 50 === i < 120 ? 0.01 : -0.01) + noise * 0.004), { features: FEATURE_NAMES, blend: BLEND });
    expect(reversing.active).toBe(false);
    expect(reversing.metrics.outOfSample!.filteredReturn).toBeLessThan(reversing.metrics.outOfSample!.baselineReturn);
    expect(reversing.status).toMatch(/^inactive: out of sample the filtered setups made -?[\d.]+ % against -?[\d.]+ % for the rule-only baseline$/);
    for (let seed = 10; seed < 22; seed++) {
      const result = trainFilter(setups(80, seed, (_f, _i, noise) => noise * 0.02), { features: FEATURE_NAMES, blend: BLEND, boost: { rounds: 10, learningRate: 0.2, maxDepth: 2, minLeaf: 6, rowsPerTree: 64, seed } });
      const oos = result.metrics.outOfSample;
      if (result.active) expect(oos!.filteredReturn).toBeGreaterThanOrEqual(oos!.baselineReturn);
      else expect(oos === null || oos.filteredReturn < oos.baselineReturn || result.metrics.folds.length < 2).toBe(true);
    }
    const few = trainFilter(setups(30, 4, () => 0.01), { features: FEATURE_NAMES, blend: BLEND });
    expect(few).toMatchObject({ active: false, model: null, status: 'inactive: 30 closed setups, 40 needed to train' });
  }, 60_000);

  it('trains in a worker thread: the same result as on this thread, and the leak refused there too', async () => {
    const trainer = new FilterTrainer();
    const data = setups(90, 5, (f, _i, noise) => (f.vol_1h! > 50 ? 0.01 : -0.01) + noise * 0.01);
    const options = { features: FEATURE_NAMES, blend: BLEND };
    expect(await trainer.train(data, options)).toEqual(trainFilter(data, options));
    const leaky = data.map((example, i) => (i === 3 ? { ...example, featureTimes: { ...example.featureTimes, vol_1h: example.time + 1 } } : example));
    await expect(trainer.train(leaky, options)).rejects.toThrow(LeakageError);
  }, 60_000);
});

describe('the filter service keeps versions and serves only an active model', () => {
  it('stores every version with its features and out-of-sample results; a worse one is never active; a leak is refused and shown', async () => {
    const store = memoryStore();
    store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 1 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    let data = setups(200, 2, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.012) + noise * 0.01);
    const { service } = filterService(store, () => data);
    const first = await service.retrain('sma');
    expect(first).toMatchObject({ version: 1, active: true, trigger: 'manual', features: [...FEATURE_NAMES] });
    expect(service.active('sma')?.version).toBe(1);
    expect(service.active('sma')!.predict(data[0]!.features).pWin).toBeGreaterThan(0);
    data = setups(200, 3, (f, i, noise) => (f.rsi_14! > 50 === i < 120 ? 0.01 : -0.01) + noise * 0.004);
    const second = await service.retrain('sma');
    expect(second).toMatchObject({ version: 2, active: false });
    expect(service.active('sma')).toBeNull();
    expect(store.models.list('sma', 5).map((m) => [m.version, m.active])).toEqual([
      [2, false],
      [1, false],
    ]);
    data = data.map((example, i) => (i === 5 ? { ...example, featureTimes: { ...example.featureTimes, hour_utc: example.time + 60_000 } } : example));
    await expect(service.retrain('sma')).rejects.toThrow(TrainingRefused);
    expect(service.failure('sma')).toMatch(/^leakage: feature "hour_utc" of example s5/);
    expect(store.models.list('sma', 5)).toHaveLength(2);
  }, 60_000);
});

describe('the filter learns only from the strategy a configuration runs now', () => {
  it('a strategy changed under the same name: the old strategy’s model is no longer used and its setups no longer train; a parameter change keeps both', async () => {
    const store = memoryStore();
    const save = (strategy: string, fast = 5) => store.strategies.save({ name: 'sma', strategy, params: { fast, slow: 20, stake: 1 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    save('channel');
    const data = setups(200, 2, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.012) + noise * 0.01);
    const logged = (strategy: string) => {
      for (const example of data.slice(0, 10)) {
        store.decisions.record({ time: example.time, account: 'paper', config: 'sma', strategy, version: 1, symbol: 'BTC/USDT', source: 'paper', verdict: 'entered', reason: 'opens', score: 50, threshold: null, modelScore: null, features: example.features, featureTimes: example.featureTimes, tradeId: null, ref: `${strategy}-${example.id}`, outcome: { ret: example.ret, pnl: example.ret * 1_000, closedAt: example.closedAt } });
      }
    };
    logged('channel');
    const { service } = filterService(store, () => data);
    expect(await service.retrain('sma')).toMatchObject({ version: 1, active: true, strategy: 'channel' });
    expect(service.examples('sma')).toHaveLength(10);
    save('channel', 7);
    expect(service.active('sma')?.version).toBe(1);
    expect(service.examples('sma')).toHaveLength(10);
    save('breakout');
    // The card (its versions) already shows it retired, before the desk asks for the filter.
    expect(service.versions('sma')).toEqual([expect.objectContaining({ version: 1, active: false, strategy: 'channel', status: 'inactive: trained while sma ran channel; it runs breakout now' })]);
    expect(service.active('sma')).toBeNull();
    expect(service.examples('sma')).toEqual([]);
    logged('breakout');
    expect(service.examples('sma')).toHaveLength(10);
    // Channel's setups stay in the decision log.
    expect(store.decisions.outcomes('sma', 100)).toHaveLength(20);
  }, 60_000);
});

describe('the filter retrains on a schedule', () => {
  afterEach(() => vi.useRealTimers());

  it('trains an enabled configuration an hour after it was saved, then every 24 hours; never a disabled one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = T0;
    const store = memoryStore(() => clock);
    store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 1 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    store.strategies.save({ name: 'idle', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 1 }, symbols: ['BTC/USDT'], enabled: false }, smaCrossParamsSchema);
    const data = setups(200, 2, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.012) + noise * 0.01);
    const { service, trained } = filterService(store, () => data, { now: () => clock });
    expect(service.nextScheduledAt('sma')).toBe(T0 + HOUR);
    expect(service.nextScheduledAt('idle')).toBeNull();
    service.start();
    const tick = async (at: number) => {
      clock = at;
      await vi.advanceTimersByTimeAsync(HOUR);
    };
    await tick(T0 + HOUR / 2);
    expect(trained.count).toBe(0);
    await tick(T0 + HOUR);
    await expect.poll(() => store.models.list('sma', 5).map((m) => [m.version, m.trigger])).toEqual([[1, 'schedule']]);
    expect(service.nextScheduledAt('sma')).toBe(T0 + HOUR + RETRAIN_EVERY_MS);
    await tick(T0 + 5 * HOUR);
    expect(trained.count).toBe(1);
    await tick(T0 + HOUR + RETRAIN_EVERY_MS);
    await expect.poll(() => store.models.list('sma', 5).map((m) => [m.version, m.trigger])).toEqual([
      [2, 'schedule'],
      [1, 'schedule'],
    ]);
    expect(store.models.list('idle', 5)).toEqual([]);
    service.stop();
    await tick(T0 + HOUR + 3 * RETRAIN_EVERY_MS);
    expect(trained.count).toBe(2);
  }, 60_000);

  it('while HALTED a due training waits (no new version); once re-armed the next check trains once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = T0;
    let halted = true;
    const store = memoryStore(() => clock);
    store.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 1 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    const data = setups(200, 2, (f, _i, noise) => (f.rsi_14! > 50 ? 0.01 : -0.012) + noise * 0.01);
    const { service, trained } = filterService(store, () => data, { now: () => clock, halted: () => halted });
    service.start();
    for (const hours of [1, 2, 30]) {
      clock = T0 + hours * HOUR;
      await vi.advanceTimersByTimeAsync(HOUR);
    }
    expect(trained.count).toBe(0);
    expect(store.models.list('sma', 5)).toEqual([]);
    halted = false;
    clock = T0 + 31 * HOUR;
    await vi.advanceTimersByTimeAsync(HOUR);
    await expect.poll(() => store.models.list('sma', 5).map((m) => [m.version, m.trigger])).toEqual([[1, 'schedule']]);
    expect(trained.count).toBe(1);
    service.stop();
  }, 60_000);
});

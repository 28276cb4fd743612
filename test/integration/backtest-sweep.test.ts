import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { EventPayload } from '../../core/api/contract/index.js';
import { apiTerminal } from '../helpers/api-terminal.js';

/** Sweeps through the public API, as the Backtests tab and scripts use it. */
describe('backtest.sweep', () => {
  let api: ApiClient;
  let close: () => Promise<void>;
  const progress: EventPayload<'backtest.sweepProgress'>[] = [];
  const source = { kind: 'simulated', seed: 4, bars: 20_000 } as const;

  beforeAll(async () => {
    ({ api, close } = await apiTerminal());
    api.on('backtest.sweepProgress', (payload) => progress.push(payload));
  });
  afterAll(() => close());

  it('runs every valid combination on worker threads; each row is exactly the backtest of its parameters', async () => {
    const result = await api.call('backtest.sweep', { runId: 'grid', strategy: 'sma-cross', params: { stake: 0.5 }, sweep: { fast: [5, 15, 5], slow: [10, 30, 10] }, risk: false, workers: 2, source });
    expect(result).toMatchObject({ runId: 'grid', strategy: 'sma-cross', names: ['fast', 'slow'], gridSize: 9, skipped: 2, bars: 20_000, workers: 2 });
    expect(result.skipReason).toContain('fast must be shorter than slow');
    expect(result.rows.map((row) => row.id)).toEqual(['fast=5 slow=10', 'fast=5 slow=20', 'fast=5 slow=30', 'fast=10 slow=20', 'fast=10 slow=30', 'fast=15 slow=20', 'fast=15 slow=30']);
    for (const row of result.rows.filter((_, i) => i % 2 === 0)) {
      const single = await api.call('backtest.run', { strategy: 'sma-cross', params: row.params, risk: false, source });
      expect(row.metrics, row.id).toEqual(single.metrics);
    }
    const last = progress.filter((p) => p.runId === 'grid').at(-1)!;
    expect(last).toMatchObject({ done: result.rows.length, total: result.rows.length, etaMs: 0 });
  }, 120_000);

  it('behind the risk gate (the default), each row is exactly the backtest of its parameters behind a gate of its own', async () => {
    // The sweep's gates replay the market regime and volatility switches each worker works out once: with
    // the trader's stored thresholds set low, both change often on these bars and decide many entries.
    const stored = await api.call('risk.config.get', {});
    await api.call('risk.config.set', {
      config: {
        ...stored,
        regime: { ...(stored['regime'] as object), panic: [{ minutes: 60, pct: 1.5 }], caution: [{ minutes: 30, pct: 0.7 }], euphoria: [{ minutes: 60, pct: 1.2 }], minDwellMinutes: 15 },
        volatility: { ...(stored['volatility'] as object), windowMinutes: 120, strategies: { 'sma-cross': { offAbovePct: 1.8, onBelowPct: 1.4 } } },
      },
    });
    const result = await api.call('backtest.sweep', { runId: 'gated', strategy: 'sma-cross', params: { stake: 0.02 }, sweep: { fast: [5, 15, 10], slow: [20, 60, 40] }, workers: 2, source });
    expect(result.rows.map((row) => row.id)).toEqual(['fast=5 slow=20', 'fast=5 slow=60', 'fast=15 slow=20', 'fast=15 slow=60']);
    const kinds = new Set<string>();
    for (const row of result.rows) {
      const single = await api.call('backtest.run', { strategy: 'sma-cross', params: row.params, source });
      expect(row.metrics, row.id).toEqual(single.metrics);
      expect(row.metrics.trades, row.id).toBeGreaterThan(100);
      for (const event of single.riskEvents) kinds.add(event.kind);
    }
    // The gate did act on these runs: the market changed regime, sma-cross was switched off, entries were refused.
    expect([...kinds].some((kind) => kind.startsWith('regime:')), [...kinds].join(', ')).toBe(true);
    expect(kinds).toContain('entry_blocked');
    expect(kinds).toContain('strategy_disabled');
    await api.call('risk.config.set', { config: stored });
  }, 120_000);

  it('refuses an invalid range before anything runs, naming the parameter', async () => {
    const before = progress.length;
    const call = (sweep: Record<string, unknown>) => api.call('backtest.sweep', { runId: 'bad', strategy: 'sma-cross', sweep: sweep as never, source });
    await expect(call({ fast: [20, 5, 5] })).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'sweep.fast', message: 'from 20 is above to 5' }] });
    await expect(call({ fast: [5, 20, 0] })).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'sweep.fast', message: 'step must be positive, got 0' }] });
    await expect(call({ fats: [5, 20, 5] })).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'sweep.fats', message: expect.stringContaining('not a parameter of sma-cross') }] });
    await expect(call({ slow: [1, 3, 1] })).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'sweep.slow', message: expect.stringContaining('1 is not a valid value') }] });
    await expect(call({ fast: [10, 20, 5], slow: [5, 10, 5] })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('none of the 6 combinations is valid') });
    expect(progress.length).toBe(before);
  });

  it('draws random combinations, and gives out-of-sample figures with walk-forward', async () => {
    const result = await api.call('backtest.sweep', {
      runId: 'walk-forward',
      strategy: 'sma-cross',
      params: { stake: 0.5 },
      sweep: { fast: [2, 20, 1], slow: [30, 90, 5] },
      random: 6,
      walkForward: { trainDays: 4, testDays: 2 },
      selectBy: 'totalReturn',
      risk: false,
      source: { kind: 'simulated', seed: 5, bars: 20_000 },
    });
    expect(result.gridSize).toBe(19 * 13);
    expect(result.rows).toHaveLength(6);
    expect(result.walkForward).toMatchObject({ trainMs: 4 * 86_400_000, testMs: 2 * 86_400_000, selectBy: 'totalReturn' });
    const folds = result.walkForward!.folds;
    // 20,000 minutes ≈ 13.9 days: folds start every 2 days while train 4 + test 2 fit.
    expect(folds).toHaveLength(4);
    for (const fold of folds) expect(result.rows.map((row) => row.id)).toContain(fold.chosen);
    expect(folds.map((fold) => fold.testTo - fold.trainTo)).toEqual([2, 2, 2, 2].map((d) => d * 86_400_000));
    for (const row of result.rows) expect(row.outOfSample).toMatchObject({ trades: expect.any(Number), totalReturn: expect.any(Number) });
    const compounded = folds.reduce((growth, fold) => growth * (1 + fold.test.totalReturn), 1) - 1;
    expect(result.walkForward!.outOfSampleReturn).toBeCloseTo(compounded, 12);
    // Each variant is its whole run plus a run of every fold's train span and of its test span: progress counts them all.
    const counts = progress.filter((p) => p.runId === 'walk-forward');
    expect(counts.at(-1)).toMatchObject({ done: 6 * (1 + 2 * 4), total: 6 * (1 + 2 * 4), etaMs: 0 });
    expect(counts.map((p) => p.done)).toEqual([...counts.map((p) => p.done)].sort((a, b) => a - b));
  }, 120_000);

  it('stops when the trader cancels it', async () => {
    let cancel: Promise<{ canceled: boolean }> | null = null;
    const off = api.on('backtest.sweepProgress', (p) => {
      if (p.runId === 'long') cancel ??= api.call('backtest.cancel', { runId: 'long' });
    });
    const running = api.call('backtest.sweep', { runId: 'long', strategy: 'sma-cross', sweep: { fast: [2, 40, 1], slow: [50, 60, 1] }, risk: false, workers: 1, source });
    await expect(running).rejects.toMatchObject({ code: 'rejected', message: 'Sweep cancelled' });
    expect(await cancel).toEqual({ canceled: true });
    off();
  }, 120_000);
});

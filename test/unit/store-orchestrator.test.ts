import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { smaCrossParamsSchema } from '../../core/strategies/sma-cross.js';
import { migratedDatabases } from '../helpers/migrated-db.js';

const T0 = Date.UTC(2024, 0, 1);
const databaseAt = migratedDatabases();

const decision = {
  time: T0,
  account: 'paper',
  config: 'sma',
  strategy: 'sma-cross',
  version: 1,
  symbol: 'BTC/USDT',
  source: 'shadow' as const,
  verdict: 'entered' as const,
  reason: 'shadow variant quick took it',
  score: null,
  threshold: null,
  modelScore: null,
  features: { ret_1h: 0.5 },
  featureTimes: { ret_1h: T0 },
  tradeId: null,
  ref: 'quick|t1|1',
  outcome: { ret: 0.01, pnl: 10, closedAt: T0 + 60_000 },
};

describe('migration 009 (the orchestrator)', () => {
  it('applies on top of a version-8 database with configurations, and its tables keep their rules', () => {
    const { db, migrations } = databaseAt(8);
    const v8 = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    v8.strategies.save({ name: 'sma', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['BTC/USDT'], enabled: true }, smaCrossParamsSchema);
    expect(migrate(db, migrations, { target: 9 })).toEqual({ from: 8, to: 9 });
    // Today's repositories also write what later versions added (013: the strategy of a trade and of a model).
    migrate(db, migrations);
    const store = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    expect(store.strategies.current('sma')).toMatchObject({ version: 1, enabled: true });

    // A shadow or backtest trade is logged once per ref; live entries are settled when their trade closes.
    expect(store.decisions.record(decision)).toMatchObject({ id: 1, outcomeReturn: 0.01 });
    expect(store.decisions.record(decision)).toBeNull();
    store.decisions.record({ ...decision, source: 'paper', ref: null, tradeId: 'sma-1', outcome: undefined });
    expect(store.decisions.settle('paper', 'sma', 'sma-1', { ret: -0.02, pnl: -20, closedAt: T0 + 120_000 })).toBe(1);
    expect(store.decisions.outcomes('sma', 10).map((d) => [d.source, d.outcomeReturn])).toEqual([
      ['shadow', 0.01],
      ['paper', -0.02],
    ]);
    expect(() => db.prepare(`INSERT INTO decisions (time, account, config, strategy, version, symbol, source, verdict, reason, features, feature_times) VALUES (0, 'paper', 'x', 'y', 1, 'BTC/USDT', 'dream', 'entered', 'r', '{}', '{}')`).run()).toThrow(/CHECK/);

    const trade = store.outcomes.addExit({ account: 'paper', owner: 'sma', tradeId: 'sma-1', symbol: 'BTC/USDT', source: 'paper', openedAt: T0, closedAt: T0 + 60_000, cost: 500, pnl: 5, closed: false });
    expect(trade.closed).toBe(false);
    expect(store.outcomes.addExit({ ...trade, tradeId: 'sma-1', closedAt: T0 + 90_000, cost: 500, pnl: -1, closed: true })).toMatchObject({ cost: 1_000, pnl: 4, closed: true, closedAt: T0 + 90_000 });

    const proposal = store.adjustments.add({ config: 'sma', createdAt: T0, status: 'proposed', mode: 'propose', variant: 'quick', confidence: 'LOW', pValue: 0.05, fromVersion: 1, changes: [{ param: 'fast', from: 5, to: 4, original: 5, variantValue: 3, bound: 0.05 }], evidence: { windows: [], profiles: [], why: 'quick beats the champion' } });
    expect(store.adjustments.update(proposal.id, { status: 'applied', toVersion: 2, appliedAt: T0 + 1 })).toMatchObject({ status: 'applied', toVersion: 2, changes: proposal.changes });
    expect(store.adjustments.appliedSince('sma', T0)).toBe(1);

    const model = { config: 'sma', createdAt: T0, trigger: 'manual' as const, features: ['ret_1h'], samples: { total: 50 }, metrics: { folds: [], outOfSample: null }, model: { kind: 'boosted-trees/2' }, active: true, status: 'active' };
    store.models.add(model);
    expect(store.models.add(model)).toMatchObject({ version: 2, active: true });
    expect(store.models.list('sma', 5).map((m) => [m.version, m.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    store.models.deactivate('sma', 'worse than the rule-only baseline');
    expect(store.models.active('sma')).toBeNull();
  });
});

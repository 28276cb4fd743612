import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { migratedDatabases } from '../helpers/migrated-db.js';

const T0 = Date.UTC(2024, 0, 1);
const databaseAt = migratedDatabases();

describe('migration 013 (edge and learned filter per strategy)', () => {
  it('gives trades kept before it the strategy that opened them (else the configuration’s newest) and models the strategy they were trained under', () => {
    const { db, migrations } = databaseAt(12);
    // swing ran channel (v1), then breakout (v2); a trade with an entry decision, one without.
    const config = db.prepare(`INSERT INTO strategy_configs (name, version, strategy, params, symbols, enabled, created_at) VALUES ('swing', ?, ?, '{}', '["BTC/USDT"]', 1, ?)`);
    config.run(1, 'channel', T0);
    config.run(2, 'breakout', T0 + 10_000);
    db.prepare(
      `INSERT INTO decisions (time, account, config, strategy, version, symbol, source, verdict, reason, features, feature_times, trade_id)
       VALUES (?, 'paper', 'swing', 'channel', 1, 'BTC/USDT', 'paper', 'entered', 'opens', '{}', '{}', 't-old')`,
    ).run(T0);
    const trade = db.prepare(`INSERT INTO trade_outcomes (account, owner, trade_id, symbol, source, opened_at, closed_at, cost, pnl, closed) VALUES ('paper', 'swing', ?, 'BTC/USDT', 'paper', ?, ?, 1000, 10, 1)`);
    trade.run('t-old', T0, T0 + 60_000);
    trade.run('t-unlogged', T0 + 20_000, T0 + 80_000);
    const model = db.prepare(`INSERT INTO learned_models (config, version, created_at, trigger, features, samples, metrics, model, active, status) VALUES ('swing', ?, ?, 'manual', '[]', '{}', '{}', NULL, 0, 'inactive: test')`);
    model.run(1, T0 + 5_000);
    model.run(2, T0 + 15_000);

    expect(migrate(db, migrations, { target: 13 })).toEqual({ from: 12, to: 13 });
    const store = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    expect(store.outcomes.closed('swing').map((t) => [t.tradeId, t.strategy])).toEqual([
      ['t-old', 'channel'],
      ['t-unlogged', 'breakout'],
    ]);
    expect(store.outcomes.closed('swing', 'BTC/USDT', 'breakout').map((t) => t.tradeId)).toEqual(['t-unlogged']);
    expect(store.models.list('swing', 5).map((m) => [m.version, m.strategy])).toEqual([
      [2, 'breakout'],
      [1, 'channel'],
    ]);
  });
});

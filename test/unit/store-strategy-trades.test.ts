import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { migratedDatabases } from '../helpers/migrated-db.js';

const T0 = Date.UTC(2024, 0, 1);
const databaseAt = migratedDatabases();

describe('migration 003 (strategy trades, reset boundary)', () => {
  it('applies on top of a version-2 database with a saved paper account; a reset then records the fill counter it happened at', () => {
    const { db, migrations } = databaseAt(2);
    // A version-2 paper account as version 2 wrote it, after one filled market buy (later code writes later columns).
    db.prepare('INSERT INTO paper_accounts (id, order_seq, fill_seq, created_at, updated_at) VALUES (?, 1, 1, ?, ?)').run('paper', T0, T0 + 60_000);
    const balance = db.prepare('INSERT INTO paper_balances (account, currency, total_units) VALUES (?, ?, ?)');
    balance.run('paper', 'BTC', '100000000000');
    balance.run('paper', 'USDT', '9989994000000000');
    const v2 = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    const saved = v2.paper.load('paper')!;
    expect(saved.fillSeq).toBe(1);

    expect(migrate(db, migrations, { target: 3 })).toEqual({ from: 2, to: 3 });
    expect(schemaVersion(db)).toBe(3);
    const store = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    expect(store.paper.load('paper')).toEqual(saved);
    expect(store.paper.resetFillSeq('paper')).toBeNull();
    store.paper.markReset('paper', T0 + 5);
    expect(store.paper.resetFillSeq('paper')).toBe(1);
    expect(store.paper.resetAt('paper')).toBe(T0 + 5);

    // The ledger's legs (fill_trades) as every later version reads and writes them.
    migrate(db, migrations);
    const latest = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    latest.ledger.recordLeg({ account: 'paper', fillId: 'f-1', owner: 'bot', tradeId: 't1', quantity: 1, exitReason: null });
    latest.ledger.recordLeg({ account: 'paper', fillId: 'f-1', owner: 'bot', tradeId: 'other', quantity: 2, exitReason: 'manual' });
    expect(latest.ledger.legsOfFill('paper', 'f-1')).toEqual([{ account: 'paper', fillId: 'f-1', owner: 'bot', tradeId: 't1', quantity: 1, exitReason: null }]);
    expect(() => latest.ledger.recordLeg({ account: 'paper', fillId: 'f-2', owner: 'bot', tradeId: 't1', quantity: 1, exitReason: 'sold' as never })).toThrow(/CHECK/);
  });
});

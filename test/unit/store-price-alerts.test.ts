import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type SqliteDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { ChartDrawingRepository } from '../../core/store/repositories/chart-drawings.js';
import { PriceAlertRepository } from '../../core/store/repositories/price-alerts.js';

const shipped = loadMigrations();
const version = shipped.find((m) => m.name === 'price_alerts_and_drawings')!.version;
const open: SqliteDatabase[] = [];

function database(target?: number): SqliteDatabase {
  const db = openMemoryDatabase();
  open.push(db);
  migrate(db, shipped, target === undefined ? {} : { target });
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe(`migration ${version} (price alerts and drawings)`, () => {
  it('carries the price alerts kept as JSON in the settings table over as `once` alerts, and drops the old key', () => {
    const db = database(version - 1);
    const alerts = [
      { id: 3, symbol: 'BTC/USDT', direction: 'above', price: 70_000, createdAt: 1_000, triggeredAt: null },
      { id: 7, symbol: 'ETH/USDT', direction: 'below', price: 2_500.5, createdAt: 2_000, triggeredAt: 5_000 },
    ];
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('alerts.priceAlerts', JSON.stringify({ nextId: 8, alerts }), 1);
    migrate(db, shipped);
    expect(new PriceAlertRepository(db).list()).toEqual([
      { id: 3, symbol: 'BTC/USDT', direction: 'above', price: 70_000, repeat: 'once', createdAt: 1_000, triggeredAt: null, fireCount: 0 },
      { id: 7, symbol: 'ETH/USDT', direction: 'below', price: 2_500.5, repeat: 'once', createdAt: 2_000, triggeredAt: 5_000, fireCount: 1 },
    ]);
    expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key = 'alerts.priceAlerts'`).get()).toEqual({ n: 0 });
    // New alerts continue after the carried ids.
    expect(new PriceAlertRepository(db).insert({ symbol: 'BTC/USDT', direction: 'crossing', price: 1, repeat: 'every', createdAt: 9 }).id).toBe(8);
  });

  it('migrates a database that never had a price alert', () => {
    const db = database(version - 1);
    migrate(db, shipped);
    expect(new PriceAlertRepository(db).list()).toEqual([]);
  });
});

describe('the price alert and drawing repositories', () => {
  it('count firings and refuse what the schema forbids', () => {
    const repository = new PriceAlertRepository(database());
    const alert = repository.insert({ symbol: 'BTC/USDT', direction: 'crossing', price: 65_000, repeat: 'every', createdAt: 1 });
    repository.fired(alert.id, 10);
    repository.fired(alert.id, 20);
    expect(repository.list()).toEqual([{ ...alert, triggeredAt: 20, fireCount: 2 }]);
    expect(() => repository.insert({ symbol: 'BTC/USDT', direction: 'sideways' as 'above', price: 1, repeat: 'once', createdAt: 1 })).toThrow(/CHECK/);
    expect(repository.remove(alert.id)).toBe(true);
    expect(repository.remove(alert.id)).toBe(false);
  });

  it('keep drawings per symbol with their anchor points', () => {
    const repository = new ChartDrawingRepository(database(), () => 42);
    const fib = repository.insert({ symbol: 'ETH/USDT', kind: 'fibonacci', points: [{ time: 60_000, price: 3_000 }, { time: 120_000, price: 3_200.25 }] });
    repository.insert({ symbol: 'BTC/USDT', kind: 'horizontal', points: [{ time: 60_000, price: 65_000 }] });
    expect(repository.list('ETH/USDT')).toEqual([{ id: fib.id, symbol: 'ETH/USDT', kind: 'fibonacci', points: [{ time: 60_000, price: 3_000 }, { time: 120_000, price: 3_200.25 }], createdAt: 42 }]);
    expect(repository.count('BTC/USDT')).toBe(1);
    expect(repository.remove(fib.id)).toBe(true);
    expect(repository.list('ETH/USDT')).toEqual([]);
  });
});

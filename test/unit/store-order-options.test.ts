import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';
import { migratedDatabases } from '../helpers/migrated-db.js';

const T0 = Date.UTC(2024, 0, 1);
const databaseAt = migratedDatabases();

describe('migration 012 (post-only and time in force journaled)', () => {
  it('reads orders journaled before it as GTC and not post-only, and keeps what later orders were sent with', () => {
    const { db, migrations } = databaseAt(11);
    // Version 11 rows: a journaled order and a paper order working on the book.
    db.prepare(
      `INSERT INTO orders (client_order_id, venue, symbol, side, type, price, amount, status, reason, created_at, updated_at)
       VALUES ('h-old', 'paper', 'BTC/USDT', 'buy', 'limit', 95, 1, 'open', 'manual order', ?, ?)`,
    ).run(T0, T0);
    db.prepare('INSERT INTO paper_accounts (id, order_seq, fill_seq, created_at, updated_at) VALUES (?, 1, 0, ?, ?)').run('paper', T0, T0);
    db.prepare(
      `INSERT INTO paper_orders (account, client_order_id, exchange_order_id, symbol, side, type, amount, price, stop_price, reduce_only, status,
         reserved_currency, reserved_units, filled_units, cost_units, fee_units, triggered, fresh, created_at, updated_at)
       VALUES ('paper', 'h-old', 'paper-1', 'BTC/USDT', 'buy', 'limit', 1, 95, NULL, 0, 'open', 'USDT', '95000000000000', '0', '0', '0', 0, 1, ?, ?)`,
    ).run(T0, T0);

    expect(migrate(db, migrations, { target: 12 })).toEqual({ from: 11, to: 12 });
    const store = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    expect(store.orders.get('h-old')).toMatchObject({ postOnly: false, timeInForce: 'GTC', status: 'open', price: 95 });
    expect(store.paper.load('paper')?.orders).toEqual([expect.objectContaining({ clientOrderId: 'h-old', postOnly: false, timeInForce: 'GTC', fresh: true })]);

    // From now on the journal and the paper book keep what each order was sent with.
    store.orders.insert({ clientOrderId: 'h-ioc', venue: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 90, amount: 1, timeInForce: 'IOC', reason: 'manual order', at: T0 + 1 });
    store.orders.insert({ clientOrderId: 'h-maker', venue: 'binance:main', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 49_000, amount: 0.01, postOnly: true, reason: 'manual order', at: T0 + 2 });
    expect(store.orders.get('h-ioc')).toMatchObject({ postOnly: false, timeInForce: 'IOC' });
    expect(store.orders.get('h-maker')).toMatchObject({ postOnly: true, timeInForce: 'GTC' });
    const saved = store.paper.load('paper')!;
    store.paper.save('paper', { ...saved, orders: saved.orders.map((order) => ({ ...order, timeInForce: 'FOK' as const })) });
    expect(store.paper.load('paper')?.orders[0]).toMatchObject({ clientOrderId: 'h-old', timeInForce: 'FOK' });
    // Only the venues' three values are kept.
    expect(() => db.prepare(`UPDATE orders SET time_in_force = 'GTD' WHERE client_order_id = 'h-ioc'`).run()).toThrow(/CHECK/);
  });
});

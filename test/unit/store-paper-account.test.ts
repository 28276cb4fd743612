import { afterEach, describe, expect, it } from 'vitest';
import { PaperExchange } from '../../core/exchange/paper-exchange.js';
import type { Fill } from '../../core/exchange/port.js';
import type { Candle } from '../../core/market/candle.js';
import { migrate, schemaVersion } from '../../core/store/migrate.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import { HalyardStore } from '../../core/store/store.js';
import { testMarket } from '../helpers/markets.js';
import { migratedDatabases } from '../helpers/migrated-db.js';

const BTC = testMarket('BTC/USDT', { minAmount: 0.0001, minCost: 5 });
const T0 = Date.UTC(2024, 0, 1);

function bar(minute: number, open: number, high: number, low: number, close: number, volume = 1_000): Candle {
  return { time: T0 + minute * 60_000, open, high, low, close, volume };
}

const stores: HalyardStore[] = [];
const databaseAt = migratedDatabases();
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function paperOn(store: HalyardStore, fills: Fill[] = []): PaperExchange {
  const paper = new PaperExchange({ markets: [BTC], balances: { USDT: 10_000 }, now: () => T0, persistence: store.paper.port('paper') });
  paper.onOrderUpdate((update) => fills.push(...update.fills));
  return paper;
}

describe('migration 002 (paper account)', () => {
  it('applies on top of a version-1 database that already holds orders and fills, keeping them', () => {
    const { db, migrations } = databaseAt(1);
    // An order as version 1 wrote it (the repository of today writes later columns too).
    db.prepare(`INSERT INTO orders (client_order_id, venue, symbol, side, type, amount, status, reason, created_at, updated_at) VALUES ('h-old', 'paper', 'BTC/USDT', 'buy', 'market', 0.1, 'filled', 'manual order', ?, ?)`).run(T0, T0);
    db.prepare(`INSERT INTO fills (venue, fill_id, client_order_id, exchange_order_id, symbol, side, price, amount, fee, fee_currency, liquidity, time) VALUES ('paper', 'paper-1-1', 'h-old', 'paper-1', 'BTC/USDT', 'buy', 100, 0.1, 0.01, 'USDT', 'taker', ?)`).run(T0);

    expect(migrate(db, migrations)).toEqual({ from: 1, to: migrations.length });
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new HalyardStore(db, { persistent: false, file: null }, () => T0);
    expect(store.orders.get('h-old')?.symbol).toBe('BTC/USDT');
    expect(store.fills.forOrder('h-old').map((f) => f.id)).toEqual(['paper-1-1']);
    // No paper account saved yet: the exchange starts from its starting balance and saves it.
    expect(store.paper.load('paper')).toBeNull();
    const paper = paperOn(store);
    expect(paper.totalBalance('USDT')).toBe(10_000);
    expect(store.paper.load('paper')?.balances.get('USDT')).toBe(10_000n * 10n ** 12n);
  });
});

describe('the paper exchange on a saved account', () => {
  it('comes back with the exact balances, its working order (still reserving, still filling, still cancellable) and fresh ids', async () => {
    const store = openMemoryStore({ now: () => T0 });
    stores.push(store);
    const first: Fill[] = [];
    const before = paperOn(store, first);
    before.onCandle('BTC/USDT', bar(0, 30_000, 30_010, 29_990, 30_000));
    await before.placeOrder({ clientOrderId: 'buy-now', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.0123 });
    before.onCandle('BTC/USDT', bar(1, 30_000.37, 30_100, 29_900, 30_050));
    await before.placeOrder({ clientOrderId: 'rest-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 20_000 });
    await before.placeOrder({ clientOrderId: 'rest-2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.02, price: 21_000 });
    expect(first).toHaveLength(1);
    const balances = before.balancesNow();
    expect(balances.find((b) => b.currency === 'USDT')!.used).toBeGreaterThan(0);

    // "Restart": a new exchange on the same store, nothing carried over in memory.
    const after: Fill[] = [];
    const restored = paperOn(store, after);
    expect(restored.balancesNow()).toEqual(balances);
    expect((await restored.fetchOpenOrders()).map((o) => [o.clientOrderId, o.price, o.status])).toEqual([
      ['rest-1', 20_000, 'open'],
      ['rest-2', 21_000, 'open'],
    ]);

    // The reservation is real: cancelling releases exactly what the order held.
    const usedBefore = restored.balancesNow().find((b) => b.currency === 'USDT')!.used;
    expect((await restored.cancelOrder('rest-1', 'BTC/USDT')).outcome).toBe('canceled');
    expect(restored.balancesNow().find((b) => b.currency === 'USDT')!.used).toBeLessThan(usedBefore);

    // The other keeps working against the market: the price trades through it and it fills.
    restored.onCandle('BTC/USDT', bar(2, 22_000, 22_000, 20_900, 21_500));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ clientOrderId: 'rest-2', price: 21_000, amount: 0.02 });
    // Ids continue where the first run stopped, so the journal never mistakes a new fill for an old one.
    expect(after[0]!.id).not.toBe(first[0]!.id);
    expect(after[0]!.exchangeOrderId).not.toBe(first[0]!.exchangeOrderId);
    expect(restored.balancesNow().find((b) => b.currency === 'USDT')!.used).toBe(0);
    const btc = restored.totalBalance('BTC');
    expect(btc).toBe(0.0323);

    // And that state is saved too.
    const third = paperOn(store);
    expect(third.balancesNow()).toEqual(restored.balancesNow());
    expect(await third.fetchOpenOrders()).toEqual([]);
  });

  it('reset starts over at the given balance and is refused while an order works', async () => {
    const store = openMemoryStore({ now: () => T0 });
    stores.push(store);
    const paper = paperOn(store);
    paper.onCandle('BTC/USDT', bar(0, 30_000, 30_010, 29_990, 30_000));
    await paper.placeOrder({ clientOrderId: 'rest', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 20_000 });
    expect(() => paper.reset({ USDT: 10_000 })).toThrow(/working orders/);
    await paper.cancelOrder('rest', 'BTC/USDT');
    await paper.placeOrder({ clientOrderId: 'buy', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.05 });
    paper.onCandle('BTC/USDT', bar(1, 30_000, 30_010, 29_990, 30_000));
    expect(paper.totalBalance('USDT')).toBeLessThan(10_000);
    paper.reset({ USDT: 10_000 });
    expect(paper.balancesNow()).toEqual([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }]);
    expect(paperOn(store).balancesNow()).toEqual([{ currency: 'USDT', free: 10_000, used: 0, total: 10_000 }]);
  });
});

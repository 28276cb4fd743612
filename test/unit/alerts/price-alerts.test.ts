import { describe, expect, it } from 'vitest';
import type { PriceAlertRecord, PriceAlertStore } from '../../../core/alerts/ports.js';
import { fires, type PriceAlertRule } from '../../../core/alerts/price-alert-rule.js';
import { PriceAlerts } from '../../../core/alerts/price-alerts.js';

/** The store as a plain array (the SQLite repository has its own test in store-price-alerts). */
class ArrayStore implements PriceAlertStore {
  rows: PriceAlertRecord[] = [];
  private nextId = 1;
  list() {
    return this.rows.map((row) => ({ ...row }));
  }
  insert(alert: Omit<PriceAlertRecord, 'id' | 'triggeredAt' | 'fireCount'>) {
    const row = { ...alert, id: this.nextId++, triggeredAt: null, fireCount: 0 };
    this.rows.push(row);
    return { ...row };
  }
  remove(id: number) {
    const before = this.rows.length;
    this.rows = this.rows.filter((row) => row.id !== id);
    return this.rows.length < before;
  }
  fired(id: number, time: number) {
    this.rows = this.rows.map((row) => (row.id === id ? { ...row, triggeredAt: time, fireCount: row.fireCount + 1 } : row));
  }
}

const rule = (direction: PriceAlertRule['direction'], repeat: PriceAlertRule['repeat'], fireCount = 0): PriceAlertRule => ({ direction, price: 100, repeat, fireCount });

/** Which prices of `path` fire `alert`, played through PriceAlerts as live ticks, drained after each. */
function firingsAlong(path: readonly number[], direction: PriceAlertRule['direction'], repeat: PriceAlertRule['repeat'], addAfter = 0) {
  let now = 0;
  const store = new ArrayStore();
  const alerts = new PriceAlerts(store, () => ++now);
  const fired: number[] = [];
  path.forEach((price, index) => {
    if (index === addAfter) alerts.add({ symbol: 'BTC/USDT', direction, price: 100, repeat });
    alerts.observe('BTC/USDT', price);
    alerts.observe('ETH/USDT', price); // another market never fires a BTC alert
    for (const firing of alerts.drain('PAPER')) fired.push(firing.price);
  });
  return { fired, stored: store.rows[0] };
}

describe('the price alert rule', () => {
  it('above / below fire at or beyond the level; once means done after the first firing', () => {
    expect(fires(rule('above', 'once'), 99, 100)).toBe(true);
    expect(fires(rule('above', 'once'), undefined, 101)).toBe(true);
    expect(fires(rule('above', 'once'), 98, 99.99)).toBe(false);
    expect(fires(rule('above', 'once', 1), 99, 101)).toBe(false);
    expect(fires(rule('below', 'once'), 101, 100)).toBe(true);
    expect(fires(rule('below', 'once'), 101, 100.01)).toBe(false);
  });

  it('every time fires only when the level is reached from the other side', () => {
    expect(fires(rule('above', 'every', 1), 99, 101)).toBe(true);
    expect(fires(rule('above', 'every', 1), 101, 102)).toBe(false);
    // After a restart (no previous price) a level already reached is reported only if it never was.
    expect(fires(rule('above', 'every', 0), undefined, 101)).toBe(true);
    expect(fires(rule('above', 'every', 3), undefined, 101)).toBe(false);
    expect(fires(rule('below', 'every', 2), 100.5, 99)).toBe(true);
  });

  it('crossing fires on a pass through the level either way, never on the first price seen', () => {
    expect(fires(rule('crossing', 'every'), 99, 100)).toBe(true);
    expect(fires(rule('crossing', 'every'), 101, 99)).toBe(true);
    expect(fires(rule('crossing', 'every'), 101, 102)).toBe(false);
    expect(fires(rule('crossing', 'every'), undefined, 100)).toBe(false);
    expect(fires(rule('crossing', 'once', 1), 99, 101)).toBe(false);
  });
});

describe('price alerts on a live price path', () => {
  const path = [98, 99, 101, 102, 99, 97, 103, 100, 96];

  it('above, once: the first tick at or over the level, then never again', () => {
    const { fired, stored } = firingsAlong(path, 'above', 'once');
    expect(fired).toEqual([101]);
    expect(stored).toMatchObject({ fireCount: 1, triggeredAt: expect.any(Number) });
  });

  it('above, every time: each return over the level', () => {
    expect(firingsAlong(path, 'above', 'every').fired).toEqual([101, 103]);
  });

  it('below, once and every time', () => {
    expect(firingsAlong([101, ...path], 'below', 'once', 1).fired).toEqual([98]);
    expect(firingsAlong([101, ...path], 'below', 'every', 1).fired).toEqual([98, 99, 100]);
  });

  it('crossing, once and every time', () => {
    expect(firingsAlong(path, 'crossing', 'once').fired).toEqual([101]);
    expect(firingsAlong(path, 'crossing', 'every').fired).toEqual([101, 99, 103, 100]);
  });

  it('refuses an above/below alert the price already passed, naming the price field', () => {
    const alerts = new PriceAlerts(new ArrayStore(), () => 1);
    alerts.observe('BTC/USDT', 105);
    expect(() => alerts.add({ symbol: 'BTC/USDT', direction: 'above', price: 100, repeat: 'once' })).toThrow(expect.objectContaining({ code: 'rejected', issues: [{ path: 'price', message: 'already above this price (last 105.00)' }] }));
    expect(alerts.add({ symbol: 'BTC/USDT', direction: 'crossing', price: 100, repeat: 'once' })).toMatchObject({ active: true, fireCount: 0 });
  });

  it('says which way the price went, and lists a fired once-alert as no longer active', () => {
    let now = 0;
    const alerts = new PriceAlerts(new ArrayStore(), () => ++now);
    alerts.observe('ETH/USDT', 3_010);
    alerts.add({ symbol: 'ETH/USDT', direction: 'crossing', price: 3_000, repeat: 'once' });
    alerts.observe('ETH/USDT', 2_999.5);
    const [firing] = alerts.drain('PAPER');
    expect(firing!.alertMessage).toMatchObject({ kind: 'price_alerts', text: 'PAPER · Price alert: ETH/USDT crossed down to 2,999.50 (crossing 3,000.00)' });
    expect(alerts.list()).toEqual([expect.objectContaining({ active: false, fireCount: 1 })]);
    alerts.observe('ETH/USDT', 3_001);
    expect(alerts.drain('PAPER')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { RiskEventLog } from '../../core/risk/events.js';
import { openMemoryStore } from '../../core/store/open-store.js';

describe('the risk events log in the store', () => {
  it('keeps every event and each episode’s repeats across a new log on the same store, newest first, filtered', () => {
    const store = openMemoryStore({ now: () => 0 });
    const log = new RiskEventLog(500, store.riskEvents);
    log.record({ time: 1, kind: 'regime:PANIC', detail: 'BTC/USDT fell 6 % in 1 h', symbol: 'BTC/USDT' });
    log.record({ time: 2, kind: 'entry_blocked', detail: 'max order notional: ETH/USDT order of 20000 USDT', rule: 'max_order_notional', strategy: 'grid', symbol: 'ETH/USDT' }, 'grid|ETH|notional');
    expect(log.record({ time: 3, kind: 'entry_blocked', detail: 'again', rule: 'max_order_notional', strategy: 'grid', symbol: 'ETH/USDT' }, 'grid|ETH|notional')).toBeNull();
    log.record({ time: 4, kind: 'regime:NORMAL', detail: 'recovered', symbol: 'BTC/USDT' });

    // A restart: a new log reads what the old one wrote.
    const after = new RiskEventLog(500, store.riskEvents);
    expect(after.query({ limit: 10 }).map((e) => e.kind)).toEqual(['regime:NORMAL', 'entry_blocked', 'regime:PANIC']);
    expect(after.query({ limit: 10 }).find((e) => e.kind === 'entry_blocked')).toMatchObject({ repeats: 1, lastTime: 3, strategy: 'grid', rule: 'max_order_notional' });
    expect(after.recent(10).map((e) => e.time)).toEqual([1, 2, 4]);
    expect(after.query({ limit: 10, kind: 'regime' }).map((e) => e.kind)).toEqual(['regime:NORMAL', 'regime:PANIC']);
    expect(after.query({ limit: 10, search: 'notional' }).map((e) => e.kind)).toEqual(['entry_blocked']);
    expect(after.query({ limit: 10, search: '100%_' })).toEqual([]);
    const newest = after.query({ limit: 1 })[0]!;
    expect(after.query({ limit: 10, before: newest.id }).map((e) => e.kind)).toEqual(['entry_blocked', 'regime:PANIC']);
    // New events continue the ids.
    const next = after.record({ time: 5, kind: 'breaker', detail: 'daily loss' })!;
    expect(next.id).toBeGreaterThan(newest.id);
  });

  it('filters the same way without a store (backtests)', () => {
    const log = new RiskEventLog();
    log.record({ time: 1, kind: 'regime:PANIC', detail: 'x' });
    log.record({ time: 2, kind: 'cooldown', detail: 'SOL/USDT stop-loss streak' });
    expect(log.query({ limit: 5, kind: 'regime' }).map((e) => e.kind)).toEqual(['regime:PANIC']);
    expect(log.query({ limit: 5, search: 'sol' }).map((e) => e.kind)).toEqual(['cooldown']);
  });
});

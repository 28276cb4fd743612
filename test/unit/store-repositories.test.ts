import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SeriesKey } from '../../core/market/candle-store.js';
import { simulateCandles, DEFAULT_SIMULATED_SYMBOLS } from '../../core/market/simulator.js';
import type { Candle } from '../../core/market/candle.js';
import { HaltSwitch } from '../../core/risk/halt.js';
import { StoreError } from '../../core/store/errors.js';
import { openMemoryStore } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';

let clock = 1_700_000_000_000;
const now = () => clock;
let store: HalyardStore;

beforeEach(() => {
  clock = 1_700_000_000_000;
  store = openMemoryStore({ now });
});
afterEach(() => store.close());

function storeError(work: () => unknown): StoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

const MINUTE = 60_000;
const btc: SeriesKey = { exchange: 'simulated', symbol: 'BTC/USDT', timeframe: '1m' };

function bars(start: number, count: number, step = MINUTE): Candle[] {
  return Array.from({ length: count }, (_, i) => ({ time: start + i * step, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 10 + i }));
}

describe('candles', () => {
  const start = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE);

  it('stores a series and reads ranges back as typed columns, ascending, with a half-open range', () => {
    expect(store.candles.upsert(btc, bars(start, 1_000))).toBe(1_000);
    const range = store.candles.range(btc, start + 10 * MINUTE, start + 20 * MINUTE);
    expect(range.time).toBeInstanceOf(Float64Array);
    expect(Array.from(range.time)).toEqual(Array.from({ length: 10 }, (_, i) => start + (10 + i) * MINUTE));
    expect(Array.from(range.close)).toEqual(Array.from({ length: 10 }, (_, i) => 110.5 + i));
    expect(Array.from(range.volume.slice(0, 2))).toEqual([20, 21]);
    expect(store.candles.bounds(btc)).toEqual({ first: start, last: start + 999 * MINUTE, count: 1_000 });
  });

  it('replaces a bar that is written again (a forming bar updated, a backfill overlapping) instead of duplicating it', () => {
    store.candles.upsert(btc, bars(start, 300));
    store.candles.upsert(btc, [{ time: start + 5 * MINUTE, open: 1, high: 2, low: 0.5, close: 1.5, volume: 7 }]);
    expect(store.candles.bounds(btc)?.count).toBe(300);
    const bar = store.candles.range(btc, start + 5 * MINUTE, start + 6 * MINUTE);
    expect([bar.open[0], bar.close[0], bar.volume[0]]).toEqual([1, 1.5, 7]);
  });

  it('keeps series apart by exchange, symbol and timeframe', () => {
    store.candles.upsert(btc, bars(start, 10));
    store.candles.upsert({ ...btc, exchange: 'binance' }, bars(start, 3));
    store.candles.upsert({ ...btc, timeframe: '5m' }, bars(start - (start % (5 * MINUTE)), 4, 5 * MINUTE));
    store.candles.upsert({ ...btc, symbol: 'ETH/USDT' }, bars(start, 5));
    expect(store.candles.bounds(btc)?.count).toBe(10);
    expect(store.candles.bounds({ ...btc, exchange: 'binance' })?.count).toBe(3);
    expect(store.candles.bounds({ ...btc, timeframe: '5m' })?.count).toBe(4);
    expect(store.candles.range({ ...btc, symbol: 'ETH/USDT' }, 0, Number.MAX_SAFE_INTEGER).time.length).toBe(5);
    expect(store.candles.bounds({ ...btc, symbol: 'SOL/USDT' })).toBeNull();
  });

  it('returns the latest bars ascending, and handles gaps, empty and out-of-range reads', () => {
    const withGap = [...bars(start, 5), ...bars(start + 100 * MINUTE, 5)];
    store.candles.upsert(btc, withGap);
    expect(Array.from(store.candles.latest(btc, 3).time)).toEqual(withGap.slice(-3).map((c) => c.time));
    expect(Array.from(store.candles.latest(btc, 1_000).time)).toEqual(withGap.map((c) => c.time));
    expect(Array.from(store.candles.range(btc, 0, Number.MAX_SAFE_INTEGER).time)).toEqual(withGap.map((c) => c.time));
    expect(store.candles.range(btc, start + 10 * MINUTE, start + 50 * MINUTE).time.length).toBe(0);
    expect(store.candles.range(btc, start + 5 * MINUTE, start).time.length).toBe(0);
    expect(store.candles.latest({ ...btc, symbol: 'XRP/USDT' }, 10).time.length).toBe(0);
  });

  it('round-trips simulated market data exactly, through the multi-row insert path and its remainder', () => {
    const spec = DEFAULT_SIMULATED_SYMBOLS[0]!;
    const candles = simulateCandles(spec, 7, start, 1_337);
    store.candles.upsert(btc, candles);
    const back = store.candles.range(btc, start, start + 1_337 * MINUTE);
    expect(back.time.length).toBe(1_337);
    candles.forEach((c, i) => {
      expect([back.time[i], back.open[i], back.high[i], back.low[i], back.close[i], back.volume[i]]).toEqual([c.time, c.open, c.high, c.low, c.close, c.volume]);
    });
  });

  it('reads a range longer than one read slice, across a gap and a slice edge, bar for bar and bounded by its ends', () => {
    const spec = DEFAULT_SIMULATED_SYMBOLS[1]!;
    // 9,000 bars, then a gap of 5,000 minutes, then 4,000 more: a range read spans several 4,096-bar slices.
    const candles = [...simulateCandles(spec, 3, start, 9_000), ...simulateCandles(spec, 4, start + 14_000 * MINUTE, 4_000)];
    store.candles.upsert(btc, candles);
    const all = store.candles.range(btc, 0, Number.MAX_SAFE_INTEGER);
    expect(Array.from(all.time)).toEqual(candles.map((c) => c.time));
    expect(Array.from(all.close)).toEqual(candles.map((c) => c.close));
    expect(Array.from(all.volume)).toEqual(candles.map((c) => c.volume));
    const middle = store.candles.range(btc, start + 4_095 * MINUTE, start + 14_001 * MINUTE);
    expect(Array.from(middle.time)).toEqual(candles.filter((c) => c.time >= start + 4_095 * MINUTE && c.time < start + 14_001 * MINUTE).map((c) => c.time));
  });

  it('refuses a misaligned or non-finite bar and writes nothing of that batch', () => {
    const batch = bars(start, 200);
    const misaligned = [...batch, { ...batch[0]!, time: start + 200 * MINUTE + 1 }];
    expect(storeError(() => store.candles.upsert(btc, misaligned)).kind).toBe('invalid');
    const nan = [...batch, { ...batch[0]!, time: start + 300 * MINUTE, close: Number.NaN }];
    expect(storeError(() => store.candles.upsert(btc, nan)).kind).toBe('invalid');
    expect(store.candles.bounds(btc)).toBeNull();
  });
});

describe('the order journal', () => {
  const order = { clientOrderId: 'hx-1', venue: 'paper', symbol: 'BTC/USDT', side: 'buy' as const, type: 'limit' as const, price: 50_000, amount: 0.2, strategy: 'dca-grid', reason: 'grid level 1', at: 1_000 };

  it('journals an order as pending before it is sent, then every transition in order', () => {
    expect(store.orders.insert(order)).toMatchObject({ status: 'pending', filled: 0, exchangeOrderId: null, strategy: 'dca-grid', reason: 'grid level 1' });
    store.orders.transition('hx-1', { status: 'open', exchangeOrderId: 'EX-9', at: 1_100 });
    store.orders.transition('hx-1', { status: 'partially_filled', filled: 0.05, averagePrice: 50_000, fee: 0.5, feeCurrency: 'USDT', at: 1_200 });
    const filled = store.orders.transition('hx-1', { status: 'filled', filled: 0.2, averagePrice: 49_990, fee: 2, at: 1_300 });
    expect(filled).toMatchObject({ status: 'filled', filled: 0.2, averagePrice: 49_990, fee: 2, feeCurrency: 'USDT', exchangeOrderId: 'EX-9', updatedAt: 1_300, createdAt: 1_000 });
    expect(store.orders.transitions('hx-1').map((t) => `${t.from ?? '-'}>${t.to}@${t.filled}`)).toEqual(['->pending@0', 'pending>open@0', 'open>partially_filled@0.05', 'partially_filled>filled@0.2']);
    expect(store.orders.byExchangeId('paper', 'EX-9')?.clientOrderId).toBe('hx-1');
    expect(store.orders.live()).toEqual([]);
  });

  it('refuses a second order with the same client order id', () => {
    store.orders.insert(order);
    expect(storeError(() => store.orders.insert({ ...order, amount: 5 })).kind).toBe('conflict');
    expect(store.orders.get('hx-1')?.amount).toBe(0.2);
  });

  it('refuses transitions that would corrupt the journal, and ignores an exact repeat', () => {
    store.orders.insert(order);
    store.orders.transition('hx-1', { status: 'partially_filled', filled: 0.1, exchangeOrderId: 'EX-1', at: 2 });
    store.orders.transition('hx-1', { status: 'partially_filled', filled: 0.1, at: 3 });
    expect(store.orders.transitions('hx-1')).toHaveLength(2);
    expect(storeError(() => store.orders.transition('hx-1', { status: 'partially_filled', filled: 0.05, at: 4 })).message).toMatch(/filled cannot go from 0.1 to 0.05/);
    expect(storeError(() => store.orders.transition('hx-1', { status: 'filled', filled: 0.3, at: 4 })).kind).toBe('invalid');
    expect(storeError(() => store.orders.transition('hx-1', { status: 'pending', at: 4 })).kind).toBe('conflict');
    expect(storeError(() => store.orders.transition('hx-1', { status: 'open', exchangeOrderId: 'EX-2', at: 4 })).kind).toBe('conflict');
    store.orders.transition('hx-1', { status: 'canceled', at: 5 });
    expect(storeError(() => store.orders.transition('hx-1', { status: 'filled', filled: 0.2, at: 6 })).message).toMatch(/already canceled/);
    expect(storeError(() => store.orders.transition('nope', { status: 'open', at: 6 })).kind).toBe('not_found');
  });

  it('lists live orders (pending, open, partially filled, unknown) and recent orders newest first', () => {
    store.orders.insert({ ...order, clientOrderId: 'a', at: 1 });
    store.orders.insert({ ...order, clientOrderId: 'b', at: 2, strategy: null, reason: 'manual' });
    store.orders.insert({ ...order, clientOrderId: 'c', at: 3, symbol: 'ETH/USDT' });
    store.orders.transition('a', { status: 'unknown', note: 'timeout on send', at: 4 });
    store.orders.transition('b', { status: 'rejected', note: 'insufficient balance', at: 5 });
    expect(store.orders.live().map((o) => `${o.clientOrderId}:${o.status}`)).toEqual(['a:unknown', 'c:pending']);
    expect(store.orders.recent({ limit: 10 }).map((o) => o.clientOrderId)).toEqual(['c', 'b', 'a']);
    expect(store.orders.recent({ limit: 10, symbol: 'BTC/USDT', strategy: 'dca-grid' }).map((o) => o.clientOrderId)).toEqual(['a']);
    expect(store.orders.transitions('a').at(-1)?.note).toBe('timeout on send');
  });
});

describe('fills', () => {
  it('records a fill once, however often the venue reports it', () => {
    const fill = { id: 'F1', clientOrderId: 'hx-1', exchangeOrderId: 'EX-1', symbol: 'BTC/USDT', side: 'buy' as const, price: 50_000, amount: 0.1, fee: 5, feeCurrency: 'USDT', liquidity: 'maker' as const, time: 10 };
    expect(store.fills.record('paper', fill)).toBe(true);
    expect(store.fills.record('paper', fill)).toBe(false);
    expect(store.fills.record('binance', fill)).toBe(true);
    store.fills.record('paper', { ...fill, id: 'F2', time: 20, symbol: 'ETH/USDT' });
    expect(store.fills.forOrder('hx-1').map((f) => `${f.venue}:${f.id}`)).toEqual(['binance:F1', 'paper:F1', 'paper:F2']);
    expect(store.fills.between(15, 30).map((f) => f.id)).toEqual(['F2']);
    expect(store.fills.between(0, 30, 'BTC/USDT')).toHaveLength(2);
  });
});

describe('strategy configurations', () => {
  const params = z.object({ fast: z.number().int().min(2).default(20), slow: z.number().int().min(3).default(60), stake: z.number().positive() });

  it('validates with the strategy schema, stores the parsed values, and adds a version on every save', () => {
    const v1 = store.strategies.save({ name: 'btc-cross', strategy: 'sma-cross', params: { stake: 1_000 }, symbols: ['BTC/USDT'], enabled: false }, params);
    expect(v1).toMatchObject({ version: 1, params: { fast: 20, slow: 60, stake: 1_000 } });
    clock += 1_000;
    const v2 = store.strategies.save({ name: 'btc-cross', strategy: 'sma-cross', params: { fast: 10, stake: 500 }, symbols: ['BTC/USDT', 'ETH/USDT'], enabled: true }, params);
    expect(v2.version).toBe(2);
    expect(store.strategies.current('btc-cross')).toMatchObject({ version: 2, enabled: true, symbols: ['BTC/USDT', 'ETH/USDT'], params: { fast: 10, slow: 60, stake: 500 } });
    expect(store.strategies.version('btc-cross', 1)?.params).toEqual({ fast: 20, slow: 60, stake: 1_000 });
    expect(store.strategies.history('btc-cross').map((c) => c.createdAt)).toEqual([1_700_000_000_000, 1_700_000_001_000]);
    expect(store.strategies.currentValidated('btc-cross', params)?.params.fast).toBe(10);
  });

  it('refuses invalid parameters with the schema messages and writes nothing', () => {
    const error = storeError(() => store.strategies.save({ name: 'bad', strategy: 'sma-cross', params: { fast: 1, stake: -5 }, symbols: [], enabled: false }, params));
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/fast: /);
    expect(error.message).toMatch(/stake: /);
    expect(store.strategies.current('bad')).toBeNull();
    expect(store.strategies.list()).toEqual([]);
  });

  it('lists the newest version of each configuration', () => {
    store.strategies.save({ name: 'b', strategy: 'sma-cross', params: { stake: 1 }, symbols: [], enabled: false }, params);
    store.strategies.save({ name: 'a', strategy: 'sma-cross', params: { stake: 1 }, symbols: [], enabled: false }, params);
    store.strategies.save({ name: 'b', strategy: 'sma-cross', params: { stake: 2 }, symbols: [], enabled: true }, params);
    expect(store.strategies.list().map((c) => `${c.name}@${c.version}`)).toEqual(['a@1', 'b@2']);
  });
});

describe('signals and settings', () => {
  it('stores signals with their score components and outcome', () => {
    const signal = store.signals.record({ time: 5, strategy: 'breakout', symbol: 'ETH/USDT', timeframe: '15m', kind: 'enter', score: 82.5, components: { volume: 30, range: 52.5 }, reason: 'broke the 20-bar high' });
    store.signals.setOutcome(signal.id, 'blocked: regime PANIC');
    store.signals.record({ time: 6, strategy: 'channel', symbol: 'ETH/USDT', timeframe: null, kind: 'exit_all', score: null, components: {}, reason: 'channel top' });
    const [latest, first] = store.signals.recent({ limit: 5, symbol: 'ETH/USDT' });
    expect(latest?.strategy).toBe('channel');
    expect(first).toMatchObject({ components: { volume: 30, range: 52.5 }, score: 82.5, outcome: 'blocked: regime PANIC', timeframe: '15m' });
    expect(store.signals.recent({ limit: 5, strategy: 'breakout' })).toHaveLength(1);
  });

  it('keeps settings as JSON validated on read', () => {
    store.settings.set('ui.layout', { panels: [1, 2], dark: true });
    expect(store.settings.get('ui.layout', z.object({ panels: z.array(z.number()), dark: z.boolean() }))).toEqual({ panels: [1, 2], dark: true });
    expect(store.settings.get('ui.missing', z.string())).toBeNull();
    store.settings.set('ui.layout', 'compact');
    expect(store.settings.getRaw('ui.layout')).toBe('compact');
    expect(store.settings.keys('ui.')).toEqual(['ui.layout']);
    expect(store.settings.delete('ui.layout')).toBe(true);
    expect(store.settings.getRaw('ui.layout')).toBeUndefined();
  });
});

describe('the halt flag and the audit log', () => {
  it('persists HALTED through the settings-backed repository', () => {
    const halt = new HaltSwitch(store.halt, now);
    halt.halt('shortcut', 'flash crash');
    expect(new HaltSwitch(store.halt, now).current).toEqual({ halted: true, since: clock, reason: 'flash crash', source: 'shortcut' });
    halt.rearm();
    expect(new HaltSwitch(store.halt, now).halted).toBe(false);
  });

  it('fails safe to HALTED when the stored flag is unreadable', () => {
    store.settings.set('risk.halt', { halted: 'maybe' });
    expect(store.halt.load()).toMatchObject({ halted: true, source: 'store' });
  });

  it('appends hash-chained entries, lists them newest first, and verifies an intact chain', () => {
    const first = store.audit.append({ category: 'credentials', action: 'account_added', source: 'user', detail: { exchange: 'binance', label: 'main' } });
    const second = store.audit.append({ category: 'emergency_stop', action: 'halt', source: 'button', detail: { reason: 'test' } });
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(store.audit.list({ limit: 10 }).map((e) => e.seq)).toEqual([2, 1]);
    expect(store.audit.list({ limit: 10, category: 'credentials' }).map((e) => e.action)).toEqual(['account_added']);
    expect(store.audit.list({ limit: 10, beforeSeq: 2 }).map((e) => e.seq)).toEqual([1]);
    expect(store.audit.verify()).toEqual({ ok: true, checked: 2, problem: null });
  });
});

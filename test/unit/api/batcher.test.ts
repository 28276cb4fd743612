import { describe, expect, it } from 'vitest';
import { createEventBatcher } from '../../../core/api/batcher.js';

const candle = (time: number, close: number) => ({ time, open: 1, high: Math.max(1, close), low: Math.min(1, close), close, volume: 1 });

function manualTimers() {
  let pending: (() => void) | null = null;
  return {
    setTimer: ((fn: () => void) => {
      pending = fn;
      return 1 as unknown as ReturnType<typeof setTimeout>;
    }) as unknown as typeof setTimeout,
    clearTimer: (() => {
      pending = null;
    }) as unknown as typeof clearTimeout,
    fire() {
      const fn = pending;
      pending = null;
      fn?.();
    },
  };
}

describe('market event batching', () => {
  it('coalesces many ticks of a forming bar into one message per window, latest state wins', () => {
    const sent: { name: string; payload: unknown }[] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher({ flushMs: 50, send: (name, payload) => sent.push({ name, payload }), ...timers });
    for (let i = 0; i < 100; i++) {
      batcher.push('market.candles', { updates: [{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(60_000, 100 + i), closed: false }] });
    }
    expect(sent).toHaveLength(0);
    timers.fire();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      name: 'market.candles',
      payload: { updates: [{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(60_000, 199), closed: false }] },
    });
  });

  it('never loses a bar that closed inside the window', () => {
    const sent: { name: string; payload: { updates: { candle: { time: number }; closed: boolean }[] } }[] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher({ flushMs: 50, send: (name, payload) => sent.push({ name, payload: payload as never }), ...timers });
    batcher.push('market.candles', { updates: [{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(60_000, 101), closed: true }] });
    batcher.push('market.candles', { updates: [{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(120_000, 102), closed: false }] });
    batcher.push('market.candles', { updates: [{ symbol: 'ETH/USDT', timeframe: '1m', candle: candle(120_000, 5), closed: false }] });
    timers.fire();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.updates.map((u) => [u.candle.time, u.closed])).toEqual([
      [60_000, true],
      [120_000, false],
      [120_000, false],
    ]);
  });

  it('sends alerts at once, after flushing the market data queued before them', () => {
    const sent: string[] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher({ flushMs: 50, send: (name) => sent.push(name), ...timers });
    batcher.push('market.watchlist', { rows: [] });
    batcher.push('fills.new', {} as never);
    expect(sent).toEqual(['market.watchlist', 'fills.new']);
  });
});

describe('order book batching', () => {
  const depth = (symbol: string, grouping: number, last: number) => ({ symbol, grouping, last }) as never;

  it('sends the book with the candles and rows of the same window, latest snapshot per symbol and grouping', () => {
    const sent: { name: string; payload: unknown }[] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher({ flushMs: 50, send: (name, payload) => sent.push({ name, payload }), ...timers });
    batcher.push('market.depth', depth('BTC/USDT', 1, 100));
    batcher.push('market.candles', { updates: [{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(60_000, 101), closed: false }] });
    batcher.push('market.depth', depth('BTC/USDT', 1, 101));
    batcher.push('market.depth', depth('BTC/USDT', 10, 101));
    batcher.push('market.watchlist', { rows: [] });
    expect(sent).toHaveLength(0);
    timers.fire();
    expect(sent.map((m) => m.name)).toEqual(['market.candles', 'market.depth', 'market.depth', 'market.watchlist']);
    expect(sent.slice(1, 3).map((m) => m.payload)).toEqual([depth('BTC/USDT', 1, 101), depth('BTC/USDT', 10, 101)]);
  });

  it('keeps the latest status and positions list of the window and delivers them, with the book, before an alert', () => {
    const sent: { name: string; payload: unknown }[] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher({ flushMs: 50, send: (name, payload) => sent.push({ name, payload }), ...timers });
    batcher.push('market.depth', depth('BTC/USDT', 1, 100));
    batcher.push('app.status', { serverTime: 1 } as never);
    batcher.push('positions.updated', { positions: [] });
    batcher.push('app.status', { serverTime: 2 } as never);
    expect(sent).toEqual([]);
    batcher.push('risk.event', { kind: 'halt' } as never);
    expect(sent).toEqual([
      { name: 'market.depth', payload: depth('BTC/USDT', 1, 100) },
      { name: 'app.status', payload: { serverTime: 2 } },
      { name: 'positions.updated', payload: { positions: [] } },
      { name: 'risk.event', payload: { kind: 'halt' } },
    ]);
  });
});

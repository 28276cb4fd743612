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
    batcher.push('app.status', {} as never);
    expect(sent).toEqual(['market.watchlist', 'app.status']);
  });
});

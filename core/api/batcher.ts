import type { EventName, EventPayload } from './contract/index.js';

type Sender = (name: EventName, payload: unknown) => void;

/**
 * Coalesces high-rate market events so the renderer gets at most one message per window:
 * candle updates keep the latest state of each (symbol, timeframe, bar) — a bar that closed
 * inside the window is still delivered — and the watchlist keeps only its latest rows.
 * Everything else (halts, status, fills) goes out immediately and in order, after any
 * pending market data so the renderer never sees state older than an alert.
 */
export function createEventBatcher(options: { flushMs: number; send: Sender; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout }) {
  const setTimer = options.setTimer ?? setTimeout;
  const clearTimer = options.clearTimer ?? clearTimeout;
  const candles = new Map<string, EventPayload<'market.candles'>['updates'][number]>();
  let watchlist: EventPayload<'market.watchlist'> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (candles.size > 0) {
      options.send('market.candles', { updates: [...candles.values()] });
      candles.clear();
    }
    if (watchlist) {
      options.send('market.watchlist', watchlist);
      watchlist = null;
    }
  }

  function push<K extends EventName>(name: K, payload: EventPayload<K>): void {
    if (options.flushMs <= 0) {
      options.send(name, payload);
      return;
    }
    if (name === 'market.candles') {
      for (const update of (payload as EventPayload<'market.candles'>).updates) {
        candles.set(`${update.symbol}|${update.timeframe}|${update.candle.time}`, update);
      }
    } else if (name === 'market.watchlist') {
      watchlist = payload as EventPayload<'market.watchlist'>;
    } else {
      flush();
      options.send(name, payload);
      return;
    }
    timer ??= setTimer(flush, options.flushMs);
  }

  return {
    push,
    flush,
    close(): void {
      if (timer !== null) clearTimer(timer);
      timer = null;
      candles.clear();
      watchlist = null;
    },
  };
}

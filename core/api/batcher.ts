import type { EventName, EventPayload } from './contract/index.js';

type Sender = (name: EventName, payload: unknown) => void;

/** Events that each carry a whole state (the latest replaces the ones before it), by what they are of. */
const SNAPSHOTS: { readonly [K in EventName]?: (payload: EventPayload<K>) => string } = {
  'market.watchlist': () => '',
  'market.depth': (snapshot) => `${snapshot.symbol}|${snapshot.grouping}`,
  'app.status': () => '',
  'positions.updated': () => '',
};

/**
 * Coalesces high-rate market events so the renderer gets at most one message of each kind per
 * window: candle updates keep the latest state of each (symbol, timeframe, bar) — a bar that closed
 * inside the window is still delivered — and the whole-state events (the watchlist's rows, the order
 * book per symbol and grouping, the app status with its feed clock, the positions list) keep only
 * their latest. A tick moves all of them, and they leave together, so the desk lays itself out once
 * per tick, not once per message.
 * Everything else (halts, fills, orders, alerts) goes out immediately and in order, after any
 * pending market data so the renderer never sees state older than an alert.
 */
export function createEventBatcher(options: { flushMs: number; send: Sender; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout }) {
  const setTimer = options.setTimer ?? setTimeout;
  const clearTimer = options.clearTimer ?? clearTimeout;
  const candles = new Map<string, EventPayload<'market.candles'>['updates'][number]>();
  const snapshots = new Map<string, { name: EventName; payload: unknown }>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (candles.size > 0) {
      options.send('market.candles', { updates: [...candles.values()] });
      candles.clear();
    }
    for (const { name, payload } of snapshots.values()) options.send(name, payload);
    snapshots.clear();
  }

  function push<K extends EventName>(name: K, payload: EventPayload<K>): void {
    if (options.flushMs <= 0) {
      options.send(name, payload);
      return;
    }
    const snapshotKey = SNAPSHOTS[name] as ((payload: EventPayload<K>) => string) | undefined;
    if (name === 'market.candles') {
      for (const update of (payload as EventPayload<'market.candles'>).updates) {
        candles.set(`${update.symbol}|${update.timeframe}|${update.candle.time}`, update);
      }
    } else if (snapshotKey) {
      snapshots.set(`${name}|${snapshotKey(payload)}`, { name, payload });
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
      snapshots.clear();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { DepthService, type DepthSnapshot } from '../../../core/market/depth-service.js';
import type { DepthSource, DepthUpdate } from '../../../core/market/depth-source.js';
import type { OrderBook } from '../../../core/market/order-book.js';

const book = (time: number, bid: number): OrderBook => ({ symbol: 'BTC/USDT', time, bids: [{ price: bid, amount: 1 }], asks: [{ price: bid + 1, amount: 1 }] });

/** A depth source whose updates the test sends, a clock the test moves and timers the test fires. */
function rig() {
  let listener: ((update: DepthUpdate) => void) | null = null;
  const source: DepthSource = {
    transport: () => 'simulated',
    book: async () => book(0, 100),
    stream: (_symbol, next) => {
      listener = next;
      return () => (listener = null);
    },
  };
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const pushed: DepthSnapshot[] = [];
  const service = new DepthService({
    source: () => source,
    priceStep: () => 1,
    last: () => null,
    emit: (snapshot) => pushed.push(snapshot),
    throttleMs: 250,
    now: () => now,
    setTimer: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
  });
  return {
    service,
    pushed,
    timers,
    send: (time: number, bid: number) => listener?.({ book: book(time, bid), trades: [] }),
    /** Moves the clock to `at`, firing the timers due by then. */
    advance(at: number) {
      now = at;
      for (const timer of timers.filter((t) => t.at <= at)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
  };
}

describe('depth pushes', () => {
  it('pushes a change at the end of the turn it came in when the last push is old enough, so it leaves with the candles that moved it', async () => {
    const { service, pushed, send, advance } = rig();
    await service.watch('BTC/USDT', 1, 5);
    send(1, 101);
    expect(pushed).toHaveLength(0);
    advance(0);
    expect(pushed.map((p) => p.bids[0]?.price)).toEqual([101]);
    advance(250);
    send(2, 102);
    advance(250);
    expect(pushed.map((p) => p.bids[0]?.price)).toEqual([101, 102]);
  });

  it('pushes at most once per throttle window, then the latest book at the end of the window', async () => {
    const { service, pushed, timers, send, advance } = rig();
    await service.watch('BTC/USDT', 1, 5);
    send(1, 101);
    advance(0);
    advance(50);
    send(2, 102);
    advance(100);
    send(3, 103);
    expect(pushed.map((p) => p.bids[0]?.price)).toEqual([101]);
    expect(timers).toHaveLength(1);
    advance(249);
    expect(pushed).toHaveLength(1);
    advance(250);
    expect(pushed.map((p) => p.bids[0]?.price)).toEqual([101, 103]);
    advance(1_000);
    expect(pushed).toHaveLength(2);
  });

  it('stops pushing once reset', async () => {
    const { service, pushed, timers, send, advance } = rig();
    await service.watch('BTC/USDT', 1, 5);
    send(1, 101);
    advance(0);
    send(2, 102);
    service.reset();
    expect(timers).toHaveLength(0);
    advance(1_000);
    send(3, 103);
    expect(pushed.map((p) => p.bids[0]?.price)).toEqual([101]);
  });
});
